// A TableSink writing CSV for spreadsheets (issue 12 "Export"): UTF-8 with a BOM (so Excel reads
// Chinese), RFC 4180 quoting (a field with , " CR or LF is quoted, quotes doubled), CRLF line ends;
// integer and decimal cells as plain numbers, dates ISO, empty cells empty; text guarded against
// formula injection (cell_guard.h). Each row goes straight to the stream: memory stays bounded.
#pragma once
#include <ostream>
#include <string_view>
#include <vector>

#include "trellis/domain/table.h"

namespace trellis::io {

class CsvWriter : public domain::TableSink {
 public:
  // `out` must outlive the writer; it is flushed by finish().
  explicit CsvWriter(std::ostream& out);

  // Writes the BOM and the header (column labels). A second sheet is Error failedPrecondition
  // "csv_one_sheet": CSV holds one table.
  void beginSheet(std::string_view name, const std::vector<domain::Column>& columns) override;
  // Error internal when the row's width differs from the sheet's or no sheet was begun.
  void row(const domain::Row& cells) override;
  // Flushes; Error unavailable "export_write_failed" when the stream failed.
  void finish() override;

 private:
  std::ostream& out_;
  std::vector<domain::Column> columns_;
  bool begun_ = false;
  bool finished_ = false;
  std::string line_;
};

}  // namespace trellis::io
