// XLSX read with Poco Zip and Poco XML (issue 12): the workbook's sheet list, one sheet's rows
// streamed from its XML by expat (Poco XML's engine) fed 64 KiB at a time (shared strings, inline strings, numbers, booleans, cached formula values —
// never evaluated — and numbers formatted as dates turned into ISO dates, 1900 date system).
//
// Safety, checked while reading (not trusting the archive's headers): the archive may be at most
// ReadLimits::max_file_bytes; each part is inflated through a counter that stops at
// max_inflated_bytes in total and at max_inflate_ratio × its compressed size (zip_bomb); an
// encrypted entry (zip_encrypted), a truncated archive (zip_truncated), a bad CRC (zip_corrupt),
// a compression method other than stored/deflate (zip_unsupported) are refused. XML parts with a
// DTD or entity declaration are refused (xml_dtd) before any entity could be expanded or fetched:
// the bytes ahead of the root element are checked, and the parsers run with external entities
// off and DTD handlers that refuse (Poco's SAXParser for the small parts, expat for the sheet). XML in UTF-16 is refused (xlsx_invalid).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trellis/io/table_source.h"

namespace trellis::io {

struct SheetInfo {
  std::size_t index = 0;  // 0-based, in workbook order
  std::string name;       // e.g. "Sheet1", "企业名单"
  bool hidden = false;
};

// Which sheet to read: by name (exact), else by 0-based index, else the first visible sheet.
struct SheetChoice {
  std::optional<std::string> name;
  std::optional<std::size_t> index;
};

// The sheets of the workbook at path (reads the archive directory and workbook.xml only).
std::vector<SheetInfo> listXlsxSheets(const std::string& path, const ReadLimits& limits);

class XlsxReader : public RowReader {
 public:
  // Opens the archive, reads workbook.xml, its relationships, styles.xml and sharedStrings.xml
  // (held in memory: bounded by the inflation caps), and positions at the chosen sheet's first
  // row. Throws Error (xlsx_no_sheet naming the sheets there are, or a file error above).
  XlsxReader(const std::string& path, const SheetChoice& sheet, const ReadLimits& limits);
  ~XlsxReader() override;

  bool next(SourceRow& row) override;
  const SheetInfo& sheet() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trellis::io
