// Rows read from an uploaded file, for the import layer (issue 12). A RowReader (CSV or XLSX)
// yields raw rows in file order; a TableSource finds the header among them — title rows and merged
// cells above it are skipped — and streams the data rows, each with the row number the user sees,
// so a 1M-row file is never held whole.
//
// Errors: a file that cannot be read at all throws trellis::Error (kind invalid, or
// payload_too_large for a size limit) with one of the file codes below, message in Chinese.
// A problem confined to one row is a RowIssue on that row; the row is still delivered.
//
// File error codes: file_too_large, file_binary, file_encoding (declared encoding does not fit),
// file_mixed_encoding, file_unsupported_encoding (UTF-16/32), too_many_rows, too_many_columns,
// header_not_found, csv_unterminated_quote, zip_not_zip, zip_truncated, zip_encrypted,
// zip_unsupported (compression method), zip_bomb, zip_corrupt (CRC or sizes), xlsx_invalid (a part
// missing or malformed), xlsx_no_sheet (the chosen sheet does not exist), xml_dtd (a DTD or entity
// declaration: refused, never fetched), xml_invalid.
// Row issue codes: cell_too_large, row_too_long (more cells than the header has).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/io/read_limits.h"

namespace trellis::io {

enum class CellKind {
  empty,
  text,     // as written (CSV cells are always text or empty)
  number,   // the decimal text as stored in the sheet, e.g. "1234.5", "-3", "1.5E-3"; never a double
  boolean,  // text "1" or "0"
  date,     // a number cell with a date format: text is ISO "2023-05-06" (1900 date system)
  error,    // a formula's cached error, e.g. "#DIV/0!"
};

struct SourceCell {
  CellKind kind = CellKind::empty;
  std::string text;

  friend bool operator==(const SourceCell&, const SourceCell&) = default;
};

struct RowIssue {
  std::string code;      // e.g. "cell_too_large"
  std::string message;   // Chinese, for the dry-run report
  std::size_t column = 0;  // 1-based column at fault; 0 when the whole row is
};

struct SourceRow {
  std::int64_t number = 0;       // 1-based: CSV record number (header = 1), XLSX row number
  std::vector<SourceCell> cells;  // from column A; a TableSource pads them to the header's width
  std::vector<RowIssue> issues;   // problems found while reading this row

  // True when every cell is empty.
  bool blank() const;
};

// Raw rows of one sheet in file order. Implementations: CsvReader, XlsxReader.
class RowReader {
 public:
  virtual ~RowReader() = default;
  // Fills row with the next row and returns true; false at the end. Throws Error (file errors).
  // Blank rows are delivered too (the TableSource skips them).
  virtual bool next(SourceRow& row) = 0;
};

// Which row is the header: the first of the first ReadLimits::header_scan_rows rows holding the
// most cells `known` accepts (at least min_matches); title rows above it are skipped. With no
// `known`, the first non-blank row is the header.
struct HeaderRule {
  std::vector<std::string> known;  // header texts to look for (ImportKind::headerNames())
  std::size_t min_matches = 1;
  // Compare after normaliseHeader() (see import_mapping.h) on both sides.
};

class TableSource {
 public:
  // Reads rows until the header is found (Error header_not_found when none of the scanned rows
  // qualifies). Takes the reader.
  TableSource(std::unique_ptr<RowReader> reader, const HeaderRule& rule, const ReadLimits& limits);

  // The header cells' text, trailing empty cells removed.
  const std::vector<std::string>& header() const { return header_; }
  std::int64_t headerRowNumber() const { return header_row_; }

  // The next data row, blank rows skipped: cells padded with empty cells to the header's width;
  // a row with a non-empty cell beyond the header gets issue row_too_long (the extra cells are
  // dropped). Throws Error too_many_rows past ReadLimits::max_rows.
  bool next(SourceRow& row);

 private:
  std::unique_ptr<RowReader> reader_;
  ReadLimits limits_;
  std::vector<std::string> header_;
  std::int64_t header_row_ = 0;
  std::vector<SourceRow> pending_;  // rows read while looking for the header, after it
  std::size_t pending_at_ = 0;
  std::int64_t rows_ = 0;
};

}  // namespace trellis::io
