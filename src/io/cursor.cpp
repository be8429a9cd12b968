#include "trellis/io/cursor.h"

#include "trellis/core/error.h"

namespace trellis::io {
namespace {

constexpr std::string_view kPrefix = "c1.";
constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";

}  // namespace

std::string encodeCursor(std::int64_t after_id) {
  std::string digits;
  auto v = static_cast<std::uint64_t>(after_id);
  do {
    digits.insert(digits.begin(), kDigits[v % 36]);
    v /= 36;
  } while (v);
  return std::string(kPrefix) + digits;
}

std::int64_t decodeCursor(std::string_view cursor) {
  auto bad = [] { return Error(errc::invalid_cursor, "cursor is not one this server issued", "cursor"); };
  if (cursor.substr(0, kPrefix.size()) != kPrefix || cursor.size() == kPrefix.size() || cursor.size() > kPrefix.size() + 12)
    throw bad();
  std::int64_t v = 0;
  for (char c : cursor.substr(kPrefix.size())) {
    auto pos = kDigits.find(c);
    if (pos == std::string_view::npos) throw bad();
    v = v * 36 + static_cast<std::int64_t>(pos);
  }
  return v;
}

}  // namespace trellis::io
