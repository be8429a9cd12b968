// 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015): validation and normalisation.
// See ../shared/domain/RULES.md §4.1. Cases:
//   U1 length is not 18 characters (not bytes) after trimming → Error invalid "uscc_length"
//   U2 a character outside 0-9 A-H J-N P-R T U W-Y          → Error invalid "uscc_charset"
//   U3 the 18th (check) character does not match mod-31     → reported, not thrown: real codes
//      with bad check characters exist, so the caller decides (override) — RULES.md §4.1.
//   U4 lowercase letters are accepted and upper-cased.
//   U5 full-width digits and letters (９１４１…, ａ) are taken as their ASCII forms, and spaces
//      around the code (ASCII, U+00A0, the full-width U+3000) are trimmed, before U1 and U2.
#pragma once
#include <string>
#include <string_view>

namespace trellis::uscc {

struct Parsed {
  std::string code;        // normalised: trimmed, ASCII, upper-case, 18 characters
  bool checksum_ok;        // U3
  char expected_check;     // the check character the first 17 characters call for
};

// Throws Error (invalid, field "uscc") for U1 and U2; "character N" in U2 counts characters.
Parsed parse(std::string_view raw);

// The check character for 17 valid characters. Precondition: charset already checked.
char checkCharacter(std::string_view first17);

// True when c is one of the 31 characters GB 32100 allows.
bool isCodeCharacter(char c);

}  // namespace trellis::uscc
