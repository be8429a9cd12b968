// Opaque pagination cursors: clients pass back what a page returned, nothing else.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace trellis::io {

std::string encodeCursor(std::int64_t after_id);
// Throws Error bad_request "invalid_cursor" (field "cursor") for anything encodeCursor did not make.
std::int64_t decodeCursor(std::string_view cursor);

}  // namespace trellis::io
