// Opaque pagination cursors: clients pass back what a page returned, nothing else.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace trellis::io {

std::string encodeCursor(std::int64_t after_id);
// Throws Error bad_request "invalid_cursor" (field "cursor") for anything encodeCursor did not make.
std::int64_t decodeCursor(std::string_view cursor);

// A keyset cursor of a sorted list (GET /enterprises?sort=…): the sort and its direction it was
// made for, and the sort key and id of the last row of the page. "c2.<sort>.<order>.<id>.<key hex>".
struct SortedCursor {
  std::string sort;   // e.g. "name"
  std::string order;  // "asc" | "desc"
  std::string key;    // the last row's sort key as text
  std::int64_t id = 0;
};

std::string encodeSortedCursor(const SortedCursor& c);
// True when the text is shaped like a sorted cursor (prefix "c2."), false for a plain one.
bool isSortedCursor(std::string_view cursor);
// Throws Error bad_request "invalid_cursor" (field "cursor") for anything encodeSortedCursor did not make.
SortedCursor decodeSortedCursor(std::string_view cursor);

}  // namespace trellis::io
