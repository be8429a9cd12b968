// What a 企业名称 (an enterprise's registered name) may contain. Registered names are written in
// 规范汉字 (企业名称登记管理规定, 2020); foreign-invested and older enterprises also carry Latin
// letters and digits (TCL, 5G), and names use brackets for the place or the branch ("许继电气
// （许昌）有限公司"). Cases:
//   N1 CJK ideographs: U+4E00–9FFF, Extension A U+3400–4DBF, Extensions B–H U+20000–323AF,
//      compatibility ideographs U+F900–FAFF, and 〇 U+3007
//   N2 Latin letters and digits, ASCII or full-width (A–Z a–z 0–9, Ａ–Ｚ ａ–ｚ ０–９)
//   N3 the punctuation names use: ( ) （ ）, the middle dots · (U+00B7) and ・ (U+30FB),
//      - and －, & and ＆, and the ASCII space between words
//   N4 nothing else: no emoji, no symbols, no other punctuation, no invisible characters
//   N5 a name (not an alias) holds at least one N1 ideograph
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace trellis::domain {

// N1–N3.
bool isRegisteredNameCharacter(char32_t c);
// N1.
bool isChineseIdeograph(char32_t c);
// The index, in code points, of the first character of valid UTF-8 `name` that N4 refuses;
// nullopt when every character is allowed.
std::optional<std::size_t> firstNonNameCharacter(std::string_view name);
// N5.
bool hasChineseIdeograph(std::string_view name);

}  // namespace trellis::domain
