// Internal to io/: the small parts of an XLSX package, read whole with Poco's SAXParser (external
// entities off; a DTD, entity declaration or entity resolution refused with xml_dtd): the workbook
// and its sheet list, relationships, which cell styles are dates, and the shared-string table.
#pragma once
#include <string>
#include <vector>

#include "trellis/io/xlsx_reader.h"
#include "xlsx_archive.h"

namespace trellis::io::xlsx {

struct Workbook {
  std::string part = "xl/workbook.xml";
  std::vector<SheetInfo> sheets;
  std::vector<std::string> sheet_parts;
  std::string shared_strings, styles;
  bool date1904 = false;
};

// _rels/.rels → the workbook part, its sheets (by r:id) and the shared-strings and styles parts.
// Throws Error xlsx_invalid when there is no workbook, xml_dtd / xml_invalid for a bad part.
Workbook readWorkbook(XlsxArchive& archive);
// For each cellXfs entry of styles.xml: whether its number format is a date (empty when absent).
std::vector<bool> readDateStyles(XlsxArchive& archive, const std::string& part);
// The shared strings (rich-text runs joined, phonetic runs left out); a string longer than
// ReadLimits::max_cell_bytes is kept one byte past it, as a mark. Throws Error file_too_large past
// ReadLimits::max_shared_string_bytes.
std::vector<std::string> readSharedStrings(XlsxArchive& archive, const std::string& part, const ReadLimits& limits);

}  // namespace trellis::io::xlsx
