#include "trellis/service/kind_importer.h"

#include "import_keys.h"
#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/core/uscc.h"
#include "trellis/io/cell_values.h"
#include "trellis/service/scope.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service {

std::string chineseMessage(const Error& e) { return std::string(e.errorCode().message_zh); }

namespace {

// An enterprise named by a registered name may match at most this many (2 already refuses).
constexpr int kNameMatches = 2;

}  // namespace

std::string importText(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end()) return "";
  return it->is_string() ? std::string(text::trim(it->get<std::string>())) : it->dump();
}

bool isRowRefusal(const Error& e) {
  switch (e.kind()) {
    case ErrorKind::invalid:
    case ErrorKind::bad_request:
    case ErrorKind::conflict:
    case ErrorKind::failed_precondition:
      return true;
    default:
      return false;
  }
}

std::optional<domain::Enterprise> KindImporter::rowEnterprise(store::Connection& c, const Caller& caller,
                                                              const ImportSheet& sheet, const nlohmann::json& body,
                                                              ImportRowOutcome& out) const {
  std::string code = importText(body, "uscc"), name = importText(body, "name");
  if (!code.empty()) {
    try {
      code = uscc::parse(code).code;
    } catch (const Error& err) {
      if (!isRowRefusal(err)) throw;
      out.errors.push_back({sheet.headerOf("uscc"), err.code(), chineseMessage(err)});
      return std::nullopt;
    }
    out.uscc = code;
    auto e = store::EnterpriseRepository::findByUscc(c, code);
    if (e && !Scope(caller).sees(c, *e)) e.reset();
    if (!e) out.errors.push_back({sheet.headerOf("uscc"), "enterprise_not_found", "未找到该企业：未登记，或不属于本辖区"});
    return e;
  }
  if (name.empty()) {
    out.errors.push_back({sheet.headerOf("uscc"), "identity_required", "请填写统一社会信用代码或企业名称"});
    return std::nullopt;
  }
  std::vector<domain::Enterprise> named;
  for (auto& found : store::EnterpriseRepository::findByRegisteredName(c, name, kNameMatches + 1))
    if (Scope(caller).sees(c, found)) named.push_back(std::move(found));
  if (named.empty()) {
    out.errors.push_back({sheet.headerOf("name"), "enterprise_not_found", "没有登记名称或别名与此完全相同的企业（或不属于本辖区）"});
    return std::nullopt;
  }
  if (named.size() > 1) {
    out.errors.push_back({sheet.headerOf("name"), "name_ambiguous", "企业名称对应多家已登记企业，请填写统一社会信用代码"});
    return std::nullopt;
  }
  out.uscc = named.front().uscc;
  return std::move(named.front());
}

std::string ImportSheet::headerOf(const std::string& key) const {
  const io::ColumnBinding* b = match.forField(key);
  return b ? source->header()[b->column] : std::string();
}

KindImporter::KindImporter(store::Database& db, const io::ImportMapping& mapping, std::string kind,
                           std::string write_action)
    : db_(db), mapping_(mapping), kind_(std::move(kind)), write_action_(std::move(write_action)) {}

std::string KindImporter::enterpriseOf(const store::ImportChangeRecord& change) const {
  return import_keys::usccOf(change.record_key);
}

void KindImporter::refuseRow(ImportRowOutcome& out, const ImportSheet& sheet, const Error& err) const {
  if (!isRowRefusal(err)) throw err;
  out.errors.push_back({sheet.headerOf(err.field()), err.code(), chineseMessage(err)});
}

bool KindImporter::firstInFile(std::set<std::string>& seen, const std::string& key, ImportRowOutcome& out,
                               const ImportSheet& sheet, const std::string& field, const std::string& message) {
  if (seen.insert(key).second) return true;
  out.errors.push_back({sheet.headerOf(field), std::string(errc::duplicate_in_file.name), message});
  return false;
}

const io::ImportKind& KindImporter::fields() const {
  const io::ImportKind* kind = mapping_.findKind(kind_);
  if (!kind) throw Error(errc::unknown_kind, "config/import.json has no kind '" + kind_ + "'", "kind");
  return *kind;
}

io::HeaderMatch KindImporter::matchColumns(const std::vector<std::string>& header,
                                           const std::map<std::string, std::string>& overrides) const {
  return io::matchHeader(mapping_, fields(), header, overrides);
}

std::unique_ptr<io::TableSource> KindImporter::openSource(const std::string& path,
                                                          const io::TableFileOptions& options) const {
  io::HeaderRule rule{fields().headerNames(), 2};
  // A header the user mapped by hand counts as known, so the header row is found by it too.
  for (const auto& [header, field] : options.header_overrides)
    if (!field.empty()) rule.known.push_back(header);
  return std::make_unique<io::TableSource>(io::openTableFile(path, options), rule, options.limits);
}

std::vector<std::string> KindImporter::choicesFor(const std::string&) const { return {}; }

void KindImporter::afterCommit(const std::vector<store::ImportChangeRecord>&) const {}

std::string KindImporter::label() const {
  const io::ImportKind* kind = mapping_.findKind(kind_);
  return kind ? kind->label_zh : kind_;
}

std::vector<io::TemplateColumn> KindImporter::templateColumns() const {
  std::vector<io::TemplateColumn> out;
  for (const auto& f : fields().fields) {
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
  sheet.match = matchColumns(sheet.source->header(), options.header_overrides);
  if (!sheet.match.ok()) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : sheet.match.problems)
      problems.push_back({{"code", p.code}, {"message", p.message}, {"column", p.column}, {"field", p.field}});
    throw Error(errc::header_unmapped, "表头无法对应到导入字段：" + sheet.match.problems.front().message, "file")
        .withDetails(nlohmann::json{{"problems", problems}}.dump());
  }
  return sheet;
}

ImportSheet KindImporter::openEnterpriseSheet(const std::string& path, const io::TableFileOptions& options) const {
  ImportSheet sheet = openSheet(path, options);
  if (!sheet.match.forField("uscc") && !sheet.match.forField("name"))
    throw Error(errc::header_unmapped, "表头缺少“统一社会信用代码”或“企业名称”列", "file");
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

ImportReport KindImporter::scanEnterpriseRows(store::Connection& c, const Caller& caller, ImportSheet& sheet,
                                              const EnterpriseRowClassifier& classify, const RowVisitor& visit) const {
  return scanRows(sheet, [&](ImportRowOutcome& out, const nlohmann::json& body) {
    if (!out.errors.empty()) return ImportRowPlan{};
    std::optional<domain::Enterprise> e = rowEnterprise(c, caller, sheet, body, out);
    if (!e) return ImportRowPlan{};
    return classify(out, body, *e);
  }, visit);
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
