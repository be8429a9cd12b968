#include "trellis/domain/registered_name.h"

#include "trellis/core/text.h"

namespace trellis::domain {

bool isChineseIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x323AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

bool isRegisteredNameCharacter(char32_t c) {
  if (isChineseIdeograph(c)) return true;
  bool ascii_alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  bool full_width_alnum = (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
  if (ascii_alnum || full_width_alnum) return true;
  switch (c) {
    case '(': case ')': case 0xFF08: case 0xFF09:  // （ ）
    case 0x00B7: case 0x30FB:                      // · ・
    case '-': case 0xFF0D:                         // －
    case '&': case 0xFF06:                         // ＆
    case ' ':
      return true;
    default:
      return false;
  }
}

std::optional<std::size_t> firstNonNameCharacter(std::string_view name) {
  auto cps = text::codePoints(name);
  for (std::size_t i = 0; i < cps.size(); ++i)
    if (!isRegisteredNameCharacter(text::decode(cps[i]))) return i;
  return std::nullopt;
}

bool hasChineseIdeograph(std::string_view name) {
  for (auto cp : text::codePoints(name))
    if (isChineseIdeograph(text::decode(cp))) return true;
  return false;
}

}  // namespace trellis::domain
