// Reads an exported file (the bytes of a CSV or XLSX download) back through io's own readers, so
// export tests compare what a user's spreadsheet would hold with the JSON the API answers.
#pragma once
#include <string>
#include <vector>

namespace trellis::httptest {

// Every row (the header first) as the readers give each cell's text; ext is "csv" or "xlsx".
// The bytes are written to dir/readback.<ext> first.
std::vector<std::vector<std::string>> readBack(const std::string& bytes, const std::string& dir, const std::string& ext);

}  // namespace trellis::httptest
