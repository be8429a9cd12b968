#include "trellis/core/text.h"

#include <algorithm>
#include <optional>

namespace trellis::text {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is malformed.
size_t sequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;                                  // overlong
  if (n == 3) {
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;                      // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;                     // surrogate
  }
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90)))
    return 0;
  return n;
}

bool isSpace(std::string_view cp) {
  return cp == " " || cp == "\t" || cp == "\n" || cp == "\r" || cp == "\xE3\x80\x80";  // U+3000
}

}  // namespace

bool isValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = sequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

char32_t decode(std::string_view cp) {
  if (cp.empty()) return 0;
  auto b = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(cp[k])); };
  switch (cp.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

std::string encode(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool isControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

bool isInvisibleOrBidi(char32_t c) {
  struct Range {
    char32_t first, last;
  };
  // Unicode general category Cf (format) as of Unicode 15, plus the invisible characters outside
  // it that are used to spoof text: line/paragraph separators, Hangul and Khmer fillers, the
  // combining grapheme joiner, the Mongolian free variation selectors.
  static constexpr Range kRanges[] = {
      {0x00AD, 0x00AD},    // soft hyphen
      {0x034F, 0x034F},    // combining grapheme joiner
      {0x0600, 0x0605},    // Arabic number signs
      {0x061C, 0x061C},    // Arabic letter mark (bidi)
      {0x06DD, 0x06DD},    {0x070F, 0x070F}, {0x0890, 0x0891}, {0x08E2, 0x08E2},
      {0x115F, 0x1160},    // Hangul fillers
      {0x17B4, 0x17B5},    // Khmer inherent vowels
      {0x180B, 0x180F},    // Mongolian free variation selectors, vowel separator
      {0x200B, 0x200F},    // zero-width space, ZWNJ, ZWJ, LRM, RLM
      {0x2028, 0x2029},    // line and paragraph separators
      {0x202A, 0x202E},    // bidi embeddings and overrides
      {0x2060, 0x206F},    // word joiner, invisible operators, bidi isolates, deprecated format
      {0x3164, 0x3164},    // Hangul filler
      {0xFEFF, 0xFEFF},    // zero-width no-break space (BOM)
      {0xFFA0, 0xFFA0},    // half-width Hangul filler
      {0xFFF9, 0xFFFB},    // interlinear annotation
      {0x110BD, 0x110BD},  {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
      {0xE0000, 0xE007F},  // tag characters
  };
  for (const auto& r : kRanges)
    if (c >= r.first && c <= r.last) return true;
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;  // noncharacters
}

std::optional<ForbiddenCharacter> firstForbiddenCharacter(std::string_view s, bool allow_line_breaks) {
  size_t index = 0;
  for (size_t i = 0; i < s.size(); ++index) {
    size_t n = sequenceLength(s, i);
    if (n == 0) {  // malformed bytes are the UTF-8 check's business; step over them
      ++i;
      continue;
    }
    char32_t c = decode(s.substr(i, n));
    i += n;
    if (c == '\n' && allow_line_breaks) continue;
    if (isControl(c)) return ForbiddenCharacter{index, c, false};
    if (isInvisibleOrBidi(c)) return ForbiddenCharacter{index, c, true};
  }
  return std::nullopt;
}

bool hasControlCharacter(std::string_view s) { return firstForbiddenCharacter(s, false).has_value(); }

std::string codePointName(char32_t c) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string digits;
  for (char32_t v = c; v || digits.size() < 4; v >>= 4) digits.insert(digits.begin(), kHex[v & 0xF]);
  return "U+" + digits;
}

std::vector<std::string_view> codePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = sequenceLength(s, i);
    if (n == 0) n = 1;  // callers validate first; never loop forever on bad input
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

size_t length(std::string_view s) { return codePoints(s).size(); }

std::string foldCase(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> bigrams(std::string_view s) {
  std::string folded = foldCase(s);
  auto cps = codePoints(folded);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) {
    if (isSpace(cps[i]) || isSpace(cps[i + 1])) continue;
    out.push_back(std::string(cps[i]) + std::string(cps[i + 1]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace trellis::text
