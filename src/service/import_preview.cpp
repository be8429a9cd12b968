#include "trellis/service/import_preview.h"

#include <algorithm>

#include "trellis/core/error.h"
#include "trellis/core/sha256.h"
#include "trellis/core/text.h"

namespace trellis::service {

std::string headerSignature(const std::vector<std::string>& header) {
  Sha256 hasher;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i) hasher.update("\x1f");
    hasher.update(io::normaliseHeader(header[i]));
  }
  return hasher.hexDigest();
}

std::map<std::string, std::string> parseHeaderMapping(const nlohmann::json& mapping, const std::vector<std::string>& header,
                                                      const io::ImportKind& kind, std::size_t max_columns) {
  if (!mapping.is_object())
    throw Error(errc::wrong_type, "mapping must be an object: header text → field key, or null to ignore the column", "mapping");
  if (mapping.size() > std::min(max_columns, header.size()))
    throw Error(errc::too_many, "mapping names " + std::to_string(mapping.size()) + " columns; the file has " +
                                    std::to_string(header.size()), "mapping");
  std::map<std::string, std::string> known;  // normalised header → as written
  for (const auto& h : header)
    if (!io::normaliseHeader(h).empty()) known.emplace(io::normaliseHeader(h), h);
  std::map<std::string, std::string> out;
  for (const auto& [column, field] : mapping.items()) {
    auto it = known.find(io::normaliseHeader(column));
    if (it == known.end())
      throw Error(errc::unknown_column, "mapping names the column '" + column + "', which the file's header does not have", "mapping");
    if (field.is_null()) {
      out[it->second] = "";
      continue;
    }
    if (!field.is_string())
      throw Error(errc::wrong_type, "mapping of '" + column + "' must be a field key or null", "mapping");
    std::string key = field.get<std::string>();
    if (!kind.findField(key))
      throw Error(errc::unknown_field, "mapping maps '" + column + "' to '" + key + "', which is not a field of " + kind.key, "mapping");
    out[it->second] = key;
  }
  return out;
}

ImportPreview readPreview(const KindImporter& kind, const std::string& path, const io::TableFileOptions& options) {
  ImportPreview p;
  bool xlsx = io::detectFileFormat(path) == io::FileFormat::xlsx;
  p.format = xlsx ? "xlsx" : "csv";
  auto source = kind.openSource(path, options);
  if (xlsx) {
    p.sheets = io::listXlsxSheets(path, options.limits);
    if (options.sheet.name) {
      p.sheet = *options.sheet.name;
    } else {
      for (const auto& s : p.sheets)
        if (!s.hidden) {
          p.sheet = s.name;
          break;
        }
    }
  }
  p.header = source->header();
  p.header_row = source->headerRowNumber();
  io::SourceRow row;
  while (p.rows.size() < kPreviewRows && source->next(row)) p.rows.push_back(row);
  p.mapping = options.header_overrides;
  p.match = kind.matchColumns(p.header, p.mapping);
  return p;
}

namespace {

std::string shortCell(const std::string& text) {
  if (text::length(text) <= kPreviewCellChars) return text;
  std::string out;
  std::size_t n = 0;
  for (auto cp : text::codePoints(text)) {
    if (n++ == kPreviewCellChars) break;
    out += cp;
  }
  return out + "…";
}

}  // namespace

nlohmann::json headerMappingToJson(const std::map<std::string, std::string>& mapping) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [header, field] : mapping) out[header] = field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field);
  return out;
}

nlohmann::json importPreviewToJson(const ImportPreview& p, const io::ImportKind& kind) {
  nlohmann::json sheets = nlohmann::json::array();
  for (const auto& s : p.sheets) sheets.push_back({{"name", s.name}, {"hidden", s.hidden}});
  std::map<std::string, std::string> by_norm;
  for (const auto& [h, f] : p.mapping) by_norm[io::normaliseHeader(h)] = f;
  nlohmann::json columns = nlohmann::json::array();
  for (std::size_t i = 0; i < p.header.size(); ++i) {
    nlohmann::json c = {{"column", i + 1}, {"header", p.header[i]}, {"field", nullptr}, {"label", nullptr},
                        {"required", false}, {"ignored", false}};
    for (const auto& b : p.match.bound)
      if (b.column == i) {
        c["field"] = b.field->key;
        c["label"] = b.field->headers.front();
        c["required"] = b.field->required;
      }
    auto over = by_norm.find(io::normaliseHeader(p.header[i]));
    c["ignored"] = over != by_norm.end() && over->second.empty();
    columns.push_back(std::move(c));
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : p.rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (std::size_t i = 0; i < p.header.size(); ++i) cells.push_back(i < r.cells.size() ? shortCell(r.cells[i].text) : "");
    rows.push_back({{"row", r.number}, {"cells", cells}});
  }
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : kind.fields)
    fields.push_back({{"key", f.key}, {"label", f.headers.front()}, {"type", io::fieldTypeName(f.type)}, {"required", f.required}});
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& pr : p.match.problems)
    problems.push_back({{"code", pr.code}, {"message", pr.message}, {"column", pr.column}, {"field", pr.field}});
  nlohmann::json saved = nullptr;
  if (p.saved) saved = {{"id", p.saved->id}, {"saved_by", p.saved->saved_by}, {"saved_at", p.saved->saved_at}};
  return {{"format", p.format},
          {"sheets", sheets},
          {"sheet", p.sheet},
          {"header_row", p.header_row},
          {"header", p.header},
          {"columns", columns},
          {"rows", rows},
          {"fields", fields},
          {"mapping", headerMappingToJson(p.mapping)},
          {"mapping_source", p.mapping_source},
          {"saved_mapping", saved},
          {"problems", problems}};
}

}  // namespace trellis::service
