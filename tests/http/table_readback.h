// Reads an exported file (the bytes of a CSV or XLSX download) back through io's own readers, so
// export tests compare what a user's spreadsheet would hold with the JSON the API answers.
#pragma once
#include <string>
#include <vector>

namespace trellis::httptest {

// Every row (the header first) as the readers give each cell's text; ext is "csv" or "xlsx".
// The bytes are written to dir/readback.<ext> first.
std::vector<std::vector<std::string>> readBack(const std::string& bytes, const std::string& dir, const std::string& ext);

// Column c of an import template's hidden second sheet (the drop-down values), read back from
// the XLSX bytes (written to dir/template-lists.xlsx first); FAILs unless that sheet is there.
std::vector<std::string> templateListColumn(const std::string& bytes, const std::string& dir, std::size_t c);

}  // namespace trellis::httptest
