#include "trellis/core/uscc.h"

#include "trellis/core/error.h"

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
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  if (raw.size() != 18) {
    throw Error::invalid("uscc", "uscc_length",
                         "统一社会信用代码 must be 18 characters, got " + std::to_string(raw.size()));
  }
  std::string code(raw);
  for (size_t i = 0; i < code.size(); ++i) {
    code[i] = upper(code[i]);
    if (!isCodeCharacter(code[i])) {
      throw Error::invalid("uscc", "uscc_charset",
                           "统一社会信用代码 character " + std::to_string(i + 1) +
                               " is not allowed (0-9 and A-Y without I, O, S, V, Z)");
    }
  }
  char expected = checkCharacter(std::string_view(code).substr(0, 17));
  return Parsed{code, expected == code[17], expected};
}

}  // namespace trellis::uscc
