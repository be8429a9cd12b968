#include "trellis/service/kind_importer.h"

#include "trellis/core/error.h"
#include "trellis/io/cell_values.h"

namespace trellis::service {

std::string chineseMessage(const Error& e) { return std::string(e.errorCode().message_zh); }

std::string ImportSheet::headerOf(const std::string& key) const {
  const io::ColumnBinding* b = match.forField(key);
  return b ? source->header()[b->column] : std::string();
}

KindImporter::KindImporter(store::Database& db, const io::ImportMapping& mapping, std::string kind)
    : db_(db), mapping_(mapping), kind_(std::move(kind)) {}

std::unique_ptr<io::TableSource> KindImporter::openSource(const std::string& path,
                                                          const io::TableFileOptions& options) const {
  const io::ImportKind* kind = mapping_.findKind(kind_);
  if (!kind) throw Error(errc::unknown_kind, "config/import.json has no kind '" + kind_ + "'", "kind");
  io::HeaderRule rule{kind->headerNames(), 2};
  return std::make_unique<io::TableSource>(io::openTableFile(path, options), rule, options.limits);
}

std::vector<std::string> KindImporter::choicesFor(const std::string&) const { return {}; }

std::string KindImporter::label() const {
  const io::ImportKind* kind = mapping_.findKind(kind_);
  return kind ? kind->label_zh : kind_;
}

std::vector<io::TemplateColumn> KindImporter::templateColumns() const {
  const io::ImportKind* kind = mapping_.findKind(kind_);
  if (!kind) throw Error(errc::unknown_kind, "config/import.json has no kind '" + kind_ + "'", "kind");
  std::vector<io::TemplateColumn> out;
  for (const auto& f : kind->fields) {
    io::TemplateColumn c;
    c.header = f.headers.front();
    switch (f.type) {
      case io::FieldType::integer:
      case io::FieldType::money: c.type = domain::CellType::integer; break;
      case io::FieldType::decimal: c.type = domain::CellType::decimal; break;
      case io::FieldType::date: c.type = domain::CellType::date; break;
      case io::FieldType::text:
      case io::FieldType::boolean: c.type = domain::CellType::text; break;
    }
    c.required = f.required;
    c.choices = choicesFor(f.key);
    out.push_back(std::move(c));
  }
  return out;
}

ImportReport KindImporter::dryRun(const Caller& caller, const std::string& path,
                                  const io::TableFileOptions& options) const {
  ImportReport report;
  db_.read([&](store::Connection& c) { report = scan(c, caller, path, options, {}); });
  return report;
}

ImportSheet KindImporter::openSheet(const std::string& path, const io::TableFileOptions& options) const {
  ImportSheet sheet;
  sheet.source = openSource(path, options);
  sheet.match = io::matchHeader(mapping_, *mapping_.findKind(kind_), sheet.source->header());
  if (!sheet.match.ok()) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : sheet.match.problems)
      problems.push_back({{"code", p.code}, {"message", p.message}, {"column", p.column}, {"field", p.field}});
    throw Error(errc::header_unmapped, "表头无法对应到导入字段：" + sheet.match.problems.front().message, "file")
        .withDetails(nlohmann::json{{"problems", problems}}.dump());
  }
  return sheet;
}

ImportReport KindImporter::scanRows(ImportSheet& sheet, const RowClassifier& classify, const RowVisitor& visit) const {
  io::TableSource& source = *sheet.source;
  ImportReport report;
  report.kind = kind_;
  report.header = source.header();
  report.header_row = source.headerRowNumber();
  for (auto col : sheet.match.ignored) report.ignored_columns.push_back(source.header()[col]);
  io::SourceRow row;
  while (source.next(row)) {
    ImportRowOutcome out;
    out.row = row.number;
    for (const auto& issue : row.issues) {
      std::string column = issue.column > 0 && issue.column <= report.header.size() ? report.header[issue.column - 1] : "";
      out.errors.push_back({column, issue.code, issue.message});
    }
    nlohmann::json body = nlohmann::json::object();
    for (const auto& b : sheet.match.bound) {
      io::CellConversion conv = io::convertCell(*b.field, b.scale, row.cells[b.column]);
      if (!conv.ok()) {
        out.errors.push_back({source.header()[b.column], conv.code, conv.message});
        continue;
      }
      if (!conv.value.is_null()) body[b.field->key] = conv.value;
    }
    ImportRowPlan plan = classify(out, body);
    if (!out.errors.empty()) out.status = "refused";
    if (visit) {
      if (out.status == "refused") plan = ImportRowPlan{};
      visit(out, plan);
      if (!out.errors.empty()) out.status = "refused";
    }
    ++report.rows;
    if (out.status == "new") ++report.created;
    else if (out.status == "updated") ++report.updated;
    else if (out.status == "unchanged") ++report.unchanged;
    else ++report.refused;
    report.outcomes.push_back(std::move(out));
  }
  return report;
}

nlohmann::json importRowToJson(const ImportRowOutcome& o) {
  nlohmann::json row = {{"row", o.row}, {"status", o.status}, {"uscc", o.uscc}};
  if (!o.diffs.empty()) {
    row["diffs"] = nlohmann::json::array();
    for (const auto& d : o.diffs) row["diffs"].push_back({{"field", d.field}, {"from", d.from}, {"to", d.to}});
  }
  if (!o.errors.empty()) {
    row["errors"] = nlohmann::json::array();
    for (const auto& e : o.errors)
      row["errors"].push_back({{"row", o.row}, {"column", e.column}, {"code", e.code}, {"message", e.message}});
  }
  return row;
}

nlohmann::json importReportToJson(const ImportReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& o : r.outcomes) rows.push_back(importRowToJson(o));
  return {{"kind", r.kind},
          {"header", r.header},
          {"header_row", r.header_row},
          {"ignored_columns", r.ignored_columns},
          {"counts", {{"rows", r.rows}, {"new", r.created}, {"updated", r.updated}, {"unchanged", r.unchanged}, {"refused", r.refused}}},
          {"rows", rows}};
}

}  // namespace trellis::service
