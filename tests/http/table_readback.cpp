#include "table_readback.h"

#include <fstream>

#include "trellis/io/table_file.h"

namespace trellis::httptest {

std::vector<std::vector<std::string>> readBack(const std::string& bytes, const std::string& dir, const std::string& ext) {
  std::string path = dir + "/readback." + ext;
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  io::TableFileOptions options;
  auto reader = io::openTableFile(path, options);
  std::vector<std::vector<std::string>> rows;
  io::SourceRow row;
  while (reader->next(row)) {
    std::vector<std::string> cells;
    for (const auto& c : row.cells) cells.push_back(c.text);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace trellis::httptest
