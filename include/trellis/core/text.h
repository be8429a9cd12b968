// UTF-8 text helpers for Chinese names: code-point splitting, search grams, validation.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::text {

// True when s is well-formed UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF).
bool isValidUtf8(std::string_view s);
// A character no text field may hold (README "What input is accepted"): a C0/C1 control
// (U+0000–U+001F, U+007F–U+009F), or one that is invisible or changes the direction of the text
// around it — the format characters (Unicode category Cf: bidi embeddings, overrides, isolates
// and marks U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C; zero-width U+200B–U+200D, U+2060,
// U+FEFF; soft hyphen; tags), U+2028/U+2029, the Hangul fillers and noncharacters.
struct ForbiddenCharacter {
  size_t index;        // in code points, from 0
  char32_t code_point;
  bool invisible;      // false: a control character
};
// The first forbidden character of s; line feeds (U+000A) are allowed when allow_line_breaks.
// Malformed UTF-8 bytes are stepped over (validate with isValidUtf8 first).
std::optional<ForbiddenCharacter> firstForbiddenCharacter(std::string_view s, bool allow_line_breaks);
// True when s has any forbidden character, line feeds included (names, tags and aliases must not).
bool hasControlCharacter(std::string_view s);
// True for the invisible and direction-changing characters above (controls excluded).
bool isInvisibleOrBidi(char32_t c);
// The code point of one UTF-8 sequence (an element of codePoints()), and back.
char32_t decode(std::string_view code_point);
std::string encode(char32_t code_point);
// "U+202E".
std::string codePointName(char32_t code_point);
// The code points of valid UTF-8 s, each as its own UTF-8 substring.
std::vector<std::string_view> codePoints(std::string_view s);
// Number of code points in valid UTF-8 s.
size_t length(std::string_view s);
// ASCII letters lower-cased; every other byte unchanged (Chinese has no case).
std::string foldCase(std::string_view s);
// The distinct pairs of adjacent code points of foldCase(s), skipping pairs with whitespace.
std::vector<std::string> bigrams(std::string_view s);
// s without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);
// Joins items with sep / splits on sep (empty text → no items).
std::string join(const std::vector<std::string>& items, char sep);
std::vector<std::string> split(std::string_view s, char sep);

}  // namespace trellis::text
