#include "table_readback.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "trellis/io/table_file.h"
#include "trellis/io/xlsx_reader.h"

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

std::vector<std::string> templateListColumn(const std::string& bytes, const std::string& dir, std::size_t c) {
  std::string path = dir + "/template-lists.xlsx";
  std::ofstream(path, std::ios::binary) << bytes;
  auto sheets = io::listXlsxSheets(path, {});
  REQUIRE(sheets.size() == 2);
  CHECK(sheets[1].hidden);
  io::SheetChoice lists;
  lists.name = sheets[1].name;
  io::XlsxReader reader(path, lists, {});
  std::vector<std::string> out;
  io::SourceRow row;
  while (reader.next(row))
    if (c < row.cells.size() && !row.cells[c].text.empty()) out.push_back(row.cells[c].text);
  return out;
}

}  // namespace trellis::httptest
