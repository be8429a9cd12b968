#include "trellis/core/uscc.h"

#include "trellis/core/error.h"
#include "trellis/core/text.h"

namespace trellis::uscc {
namespace {

// GB 32100 charset: digits and upper-case letters without I, O, Z, S, V; index = value.
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// Weights W_i = 3^(i-1) mod 31 for positions 1..17.
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int valueOf(char c) {
  auto pos = kCharset.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Spaces around a code: ASCII space and tab, U+00A0, U+3000 (the full-width space).
bool isPadding(std::string_view cp) { return cp == " " || cp == "\t" || cp == "\xC2\xA0" || cp == "\xE3\x80\x80"; }

// A full-width digit or Latin letter (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) as its ASCII form;
// an ASCII character as itself; anything else as '\0', which no code contains.
char toAscii(std::string_view cp) {
  if (cp.size() == 1) return cp[0];
  char32_t c = text::decode(cp);
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<char>('0' + (c - 0xFF10));
  if (c >= 0xFF21 && c <= 0xFF3A) return static_cast<char>('A' + (c - 0xFF21));
  if (c >= 0xFF41 && c <= 0xFF5A) return static_cast<char>('a' + (c - 0xFF41));
  return '\0';
}

}  // namespace

bool isCodeCharacter(char c) { return valueOf(c) >= 0; }

char checkCharacter(std::string_view first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += valueOf(first17[static_cast<size_t>(i)]) * kWeights[i];
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return kCharset[static_cast<size_t>(check)];
}

Parsed parse(std::string_view raw) {
  // U5: the code as typed in a Chinese input method — full-width, lower-case, padded.
  auto cps = text::codePoints(raw);
  size_t first = 0, last = cps.size();
  while (first < last && isPadding(cps[first])) ++first;
  while (last > first && isPadding(cps[last - 1])) --last;
  if (last - first != 18) {  // U1, in characters
    throw Error(errc::uscc_length, "统一社会信用代码 must be 18 characters, got " + std::to_string(last - first), "uscc");
  }
  std::string code;
  for (size_t i = first; i < last; ++i) {
    char c = upper(toAscii(cps[i]));
    if (!isCodeCharacter(c)) {  // U2
      throw Error(errc::uscc_charset, "统一社会信用代码 character " + std::to_string(i - first + 1) +
                               " is not allowed (0-9 and A-Y without I, O, S, V, Z)", "uscc");
    }
    code += c;
  }
  char expected = checkCharacter(std::string_view(code).substr(0, 17));
  return Parsed{code, expected == code[17], expected};
}

}  // namespace trellis::uscc
