// A TableSink writing XLSX with libxlsxwriter in constant-memory mode (issue 12 "Export"): one
// worksheet per beginSheet (names made legal for Excel: at most 31 characters, none of []:*?/\,
// unique), the header row bold and frozen; integers and decimals as numbers, dates as date
// serials with the format yyyy-mm-dd, text as strings guarded against formula injection
// (cell_guard.h) — a formula is never written. Rows are flushed as they come (libxlsxwriter keeps
// one row in memory and spools to temporary files), so 200k rows take bounded memory.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/domain/table.h"

namespace trellis::io {

struct XlsxWriterOptions {
  std::string tmpdir;  // where libxlsxwriter spools; "" = the system default
};

class XlsxWriter : public domain::TableSink {
 public:
  // Creates the workbook at path (written by finish()). Error unavailable "export_write_failed"
  // when it cannot be created.
  explicit XlsxWriter(std::string path, const XlsxWriterOptions& options = {});
  // Without finish(), the workbook is closed and the file removed (an export cut short leaves none).
  ~XlsxWriter() override;

  void beginSheet(std::string_view name, const std::vector<domain::Column>& columns) override;
  void row(const domain::Row& cells) override;
  // Writes the file; Error unavailable "export_write_failed" naming libxlsxwriter's reason.
  void finish() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A downloadable import template (issue 12): one sheet with the header row (bold, required
// columns marked "*"), a drop-down list of allowed values for the columns that have them
// (regions, industries, …; the lists sit in a hidden sheet "lists" so they may exceed Excel's
// 255-character inline limit), date columns formatted yyyy-mm-dd and integer/money columns as
// numbers, for data rows 2 … rows + 1.
struct TemplateColumn {
  std::string header;                 // e.g. "所属县区"
  domain::CellType type = domain::CellType::text;
  bool required = false;
  std::vector<std::string> choices;   // drop-down values; empty = free entry
};

// Throws Error invalid "template_invalid" for no columns or a choice list over 1,000 items, and
// Error unavailable "export_write_failed" when the file cannot be written.
void writeXlsxTemplate(const std::string& path, std::string_view sheet_name,
                       const std::vector<TemplateColumn>& columns, std::int64_t rows = 5000);

}  // namespace trellis::io
