// Limits every table reader enforces while it reads (issue 12 "Bad input gets a clear error"), so a
// hostile or broken file costs bounded memory and time. One struct, documented defaults; the import
// service fills it from configuration and passes it down.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace trellis::io {

struct ReadLimits {
  std::uint64_t max_file_bytes = 50ull << 20;   // the file on disk (CSV bytes / XLSX archive bytes)
  std::int64_t max_rows = 1'000'000;            // data rows after the header
  std::size_t max_columns = 1000;               // cells in any one row
  std::size_t max_cell_bytes = 32 * 1024;       // UTF-8 bytes of one cell (longer: a row issue)
  std::uint64_t max_inflated_bytes = 1ull << 30;  // XLSX: bytes inflated over all parts read
  std::uint64_t max_inflate_ratio = 200;        // XLSX: inflated / compressed bytes of one part …
  std::uint64_t ratio_grace_bytes = 1ull << 20; // … checked once a part has inflated this much
  std::uint64_t max_shared_string_bytes = 128ull << 20;  // XLSX: text held for the shared-string table
  std::size_t header_scan_rows = 20;            // rows searched for the header (title rows above it)
};

// A size for a message: "50 MiB", "32 KiB", "100 字节".
std::string sizeText(std::uint64_t bytes);

}  // namespace trellis::io
