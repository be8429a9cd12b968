#include "trellis/io/cursor.h"

#include "trellis/core/error.h"

namespace trellis::io {
namespace {

constexpr std::string_view kPrefix = "c1.";
constexpr std::string_view kSortedPrefix = "c2.";
constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::size_t kMaxKeyBytes = 512;

Error badCursor() { return Error(errc::invalid_cursor, "cursor is not one this server issued", "cursor"); }

std::string base36(std::int64_t value) {
  std::string digits;
  auto v = static_cast<std::uint64_t>(value);
  do {
    digits.insert(digits.begin(), kDigits[v % 36]);
    v /= 36;
  } while (v);
  return digits;
}

std::int64_t parseBase36(std::string_view text) {
  if (text.empty() || text.size() > 12) throw badCursor();
  std::int64_t v = 0;
  for (char c : text) {
    auto pos = kDigits.find(c);
    if (pos == std::string_view::npos) throw badCursor();
    v = v * 36 + static_cast<std::int64_t>(pos);
  }
  return v;
}

bool isWord(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

}  // namespace

std::string encodeCursor(std::int64_t after_id) { return std::string(kPrefix) + base36(after_id); }

std::int64_t decodeCursor(std::string_view cursor) {
  if (cursor.substr(0, kPrefix.size()) != kPrefix) throw badCursor();
  return parseBase36(cursor.substr(kPrefix.size()));
}

std::string encodeSortedCursor(const SortedCursor& c) {
  std::string out(kSortedPrefix);
  out.append(c.sort).append(".").append(c.order).append(".").append(base36(c.id)).append(".");
  for (unsigned char ch : c.key.substr(0, kMaxKeyBytes)) {
    out += kHex[ch >> 4];
    out += kHex[ch & 0xF];
  }
  return out;
}

bool isSortedCursor(std::string_view cursor) { return cursor.substr(0, kSortedPrefix.size()) == kSortedPrefix; }

SortedCursor decodeSortedCursor(std::string_view cursor) {
  if (!isSortedCursor(cursor)) throw badCursor();
  std::string_view rest = cursor.substr(kSortedPrefix.size());
  std::string_view parts[4];
  for (int i = 0; i < 3; ++i) {
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) throw badCursor();
    parts[i] = rest.substr(0, dot);
    rest.remove_prefix(dot + 1);
  }
  parts[3] = rest;
  if (!isWord(parts[0]) || (parts[1] != "asc" && parts[1] != "desc")) throw badCursor();
  if (parts[3].size() % 2 != 0 || parts[3].size() > 2 * kMaxKeyBytes) throw badCursor();
  SortedCursor c;
  c.sort = std::string(parts[0]);
  c.order = std::string(parts[1]);
  c.id = parseBase36(parts[2]);
  for (std::size_t i = 0; i < parts[3].size(); i += 2) {
    auto hi = kHex.find(parts[3][i]), lo = kHex.find(parts[3][i + 1]);
    if (hi == std::string_view::npos || lo == std::string_view::npos) throw badCursor();
    c.key += static_cast<char>(hi * 16 + lo);
  }
  return c;
}

}  // namespace trellis::io
