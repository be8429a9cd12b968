// The preview of an import file (issue 12 "pick the sheet and check the mapping on a preview of
// the first rows"): the workbook's sheets, the header row found, the first data rows, and for each
// column the field it maps to — by config/import.json, a saved mapping for this header, or the
// mapping the user sent — so that the page can show it and the user correct it before trusting
// the dry run.
//
// A mapping, on the wire, is a JSON object: header text (as in the file) → field key of the kind,
// or null to ignore the column. It replaces the config's match for the columns it names; the
// others keep the config's. Its refusals are 422 with field "mapping": wrong_type (not an object,
// a value neither a string nor null), too_many (more entries than the file has columns),
// unknown_column (a header the file does not have, named), unknown_field (a field the kind does
// not have, named).
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trellis/io/import_mapping.h"
#include "trellis/io/table_file.h"
#include "trellis/io/xlsx_reader.h"
#include "trellis/service/kind_importer.h"
#include "trellis/store/import_mapping_repository.h"

namespace trellis::service {

// Data rows a preview shows, and the characters of a cell it keeps (longer ones end in "…").
constexpr std::size_t kPreviewRows = 10;
constexpr std::size_t kPreviewCellChars = 200;

struct ImportPreview {
  std::string format;                 // csv | xlsx
  std::vector<io::SheetInfo> sheets;  // XLSX: every sheet of the workbook; CSV: none
  std::string sheet;                  // XLSX: the sheet read
  std::int64_t header_row = 0;
  std::vector<std::string> header;
  std::vector<io::SourceRow> rows;    // the first kPreviewRows data rows
  io::HeaderMatch match;              // under `mapping`
  std::map<std::string, std::string> mapping;  // the overrides in effect (header → field, '' = ignore)
  std::string mapping_source = "config";        // config | saved | request
  std::optional<store::SavedMappingRecord> saved;  // the saved mapping applied or on file for this header
};

// SHA-256 (hex) of the header cells after io::normaliseHeader, joined by U+001F: the key of a
// saved mapping (the same template however its headers are spaced or marked required).
std::string headerSignature(const std::vector<std::string>& header);

// The mapping sent by a client, checked against the file's header and the kind's fields (the
// refusals above). The keys are kept as the file writes them.
std::map<std::string, std::string> parseHeaderMapping(const nlohmann::json& mapping, const std::vector<std::string>& header,
                                                      const io::ImportKind& kind, std::size_t max_columns);

// Reads the header and the first rows of the file with kind's header rule (options' sheet,
// encoding, limits and header_overrides) and matches the header under options.header_overrides.
// Throws the file errors of io/.
ImportPreview readPreview(const KindImporter& kind, const std::string& path, const io::TableFileOptions& options);

// {format, sheets[{name, hidden}], sheet, header_row, header, columns[{column (1-based), header,
// field (key or null), label, required, ignored}], rows[{row, cells}], fields[{key, label, type,
// required}], mapping, mapping_source, saved_mapping{id, saved_by, saved_at}|null, problems[]}.
nlohmann::json importPreviewToJson(const ImportPreview& preview, const io::ImportKind& kind);
// A mapping as the wire writes it: header → field key, or null for an ignored column.
nlohmann::json headerMappingToJson(const std::map<std::string, std::string>& mapping);

}  // namespace trellis::service
