#include "trellis/service/enterprise_import.h"

#include <map>
#include <set>
#include <string_view>
#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/io/cell_values.h"
#include "trellis/io/enterprise_json.h"
#include "trellis/io/table_source.h"
#include "trellis/service/scope.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service {

namespace {

// The registry's Chinese message for the validator's code (its own text is English, for logs).
std::string chineseMessage(const Error& e) { return std::string(e.errorCode().message_zh); }

// "a、b；c" → ["a","b","c"] for the list fields (aliases, tags) written in one cell.
nlohmann::json splitList(const std::string& cell) {
  nlohmann::json out = nlohmann::json::array();
  std::string current;
  auto flush = [&] {
    std::string t(text::trim(current));
    if (!t.empty()) out.push_back(t);
    current.clear();
  };
  for (std::size_t i = 0; i < cell.size();) {
    static const std::string_view seps[] = {"、", "；", "，", ";", ",", "|"};
    bool matched = false;
    for (auto sep : seps) {
      if (std::string_view(cell).substr(i, sep.size()) == sep) {
        flush();
        i += sep.size();
        matched = true;
        break;
      }
    }
    if (!matched) current += cell[i++];
  }
  flush();
  return out;
}

// A region or industry cell may hold the code or the configured Chinese name.
template <class Items>
std::string codeOf(const Items& items, const std::string& cell) {
  for (const auto& item : items)
    if (item.code == cell || item.name == cell) return item.code;
  return cell;
}

nlohmann::json storedValue(const domain::Enterprise& e, const std::string& key, bool mask_phone = true) {
  if (key == "name") return e.name;
  if (key == "region") return e.region_code;
  if (key == "industry") return e.industry;
  if (key == "founded_on") return e.founded_on ? nlohmann::json(e.founded_on->toString()) : nlohmann::json(nullptr);
  if (key == "address") return e.address;
  if (key == "legal_representative") return e.legal_representative;
  if (key == "contact_phone") return mask_phone ? io::maskPhone(e.contact_phone) : e.contact_phone;
  if (key == "aliases") return e.aliases;
  if (key == "tags") return e.tags;
  return nullptr;
}

// The stored record with the row's columns (those present in the file and not empty) written over it.
domain::Enterprise merged(const domain::Enterprise& stored, const domain::Enterprise& row, const nlohmann::json& body) {
  domain::Enterprise e = stored;
  if (body.contains("name")) e.name = row.name;
  if (body.contains("aliases")) e.aliases = row.aliases;
  if (body.contains("region")) e.region_code = row.region_code;
  if (body.contains("industry")) e.industry = row.industry;
  if (body.contains("founded_on")) e.founded_on = row.founded_on;
  if (body.contains("address")) e.address = row.address;
  if (body.contains("legal_representative")) e.legal_representative = row.legal_representative;
  if (body.contains("contact_phone")) e.contact_phone = row.contact_phone;
  if (body.contains("tags")) e.tags = row.tags;
  return e;
}

}  // namespace

EnterpriseImport::EnterpriseImport(const Context& ctx, const domain::Catalog& catalog,
                                   const io::ImportMapping& mapping, const EnterpriseService& enterprises)
    : ctx_(ctx), catalog_(catalog), mapping_(mapping), enterprises_(enterprises) {}

ImportReport EnterpriseImport::dryRun(const Caller& caller, const std::string& path,
                                      const io::TableFileOptions& options) const {
  ImportReport report;
  ctx_.db.read([&](store::Connection& c) { report = scan(c, caller, path, options, {}); });
  return report;
}

std::unique_ptr<io::TableSource> EnterpriseImport::openSource(const std::string& path,
                                                             const io::TableFileOptions& options) const {
  const io::ImportKind* kind = mapping_.findKind("enterprises");
  if (!kind) throw Error(errc::unknown_kind, "config/import.json has no kind 'enterprises'", "kind");
  io::HeaderRule rule{kind->headerNames(), 2};
  return std::make_unique<io::TableSource>(io::openTableFile(path, options), rule, options.limits);
}

ImportReport EnterpriseImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                    const io::TableFileOptions& options, const RowVisitor& visit) const {
  const io::ImportKind* kind = mapping_.findKind("enterprises");
  if (!kind) throw Error(errc::unknown_kind, "config/import.json has no kind 'enterprises'", "kind");
  io::HeaderRule rule{kind->headerNames(), 2};
  io::TableSource source(io::openTableFile(path, options), rule, options.limits);
  io::HeaderMatch match = io::matchHeader(mapping_, *kind, source.header());
  if (!match.ok()) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : match.problems)
      problems.push_back({{"code", p.code}, {"message", p.message}, {"column", p.column}, {"field", p.field}});
    throw Error(errc::header_unmapped, "表头无法对应到导入字段：" + match.problems.front().message, "file")
        .withDetails(nlohmann::json{{"problems", problems}}.dump());
  }
  if (!match.forField("uscc"))
    throw Error(errc::header_unmapped, "表头缺少“统一社会信用代码”列", "file");

  ImportReport report;
  report.header = source.header();
  report.header_row = source.headerRowNumber();
  for (auto col : match.ignored) report.ignored_columns.push_back(source.header()[col]);
  auto headerOf = [&](const std::string& key) {
    const io::ColumnBinding* b = match.forField(key);
    return b ? source.header()[b->column] : std::string();
  };

  std::set<std::string> seen;
  io::SourceRow row;
  {
    while (source.next(row)) {
      ImportRowOutcome out;
      out.row = row.number;
      for (const auto& issue : row.issues) {
        std::string column = issue.column > 0 && issue.column <= report.header.size() ? report.header[issue.column - 1] : "";
        out.errors.push_back({column, issue.code, issue.message});
      }
      nlohmann::json body = nlohmann::json::object();
      for (const auto& b : match.bound) {
        io::CellConversion conv = io::convertCell(*b.field, b.scale, row.cells[b.column]);
        if (!conv.ok()) {
          out.errors.push_back({source.header()[b.column], conv.code, conv.message});
          continue;
        }
        if (conv.value.is_null()) continue;
        const std::string& key = b.field->key;
        if (key == "aliases" || key == "tags") {
          body[key] = splitList(conv.value.get<std::string>());
        } else if (key == "region" && conv.value.is_string()) {
          body[key] = codeOf(catalog_.allRegions(), conv.value.get<std::string>());
        } else if (key == "industry" && conv.value.is_string()) {
          body[key] = codeOf(catalog_.industries, conv.value.get<std::string>());
        } else {
          body[key] = conv.value;
        }
      }
      // The code as written until the validators have normalised it (a malformed one stays a row error).
      if (body.contains("uscc") && body["uscc"].is_string()) out.uscc = body["uscc"].get<std::string>();
      if (out.errors.empty() && out.uscc.empty())
        out.errors.push_back({headerOf("uscc"), "uscc_required", "缺少统一社会信用代码，不按名称猜测匹配"});
      std::optional<domain::Enterprise> checked;
      if (out.errors.empty()) {
        try {
          checked = enterprises_.check(caller, io::parseEnterpriseDraft(body));
          out.uscc = checked->uscc;
        } catch (const Error& e) {
          if (e.kind() == ErrorKind::forbidden)
            out.errors.push_back({headerOf("region"), "region_out_of_scope", "该行企业不属于本辖区，不能导入"});
          else if (e.kind() == ErrorKind::invalid || e.kind() == ErrorKind::bad_request)
            out.errors.push_back({headerOf(e.field()), e.code(), chineseMessage(e)});
          else
            throw;
        }
      }
      if (out.errors.empty() && !seen.insert(out.uscc).second)
        out.errors.push_back({headerOf("uscc"), "duplicate_in_file", "统一社会信用代码在本文件中重复出现"});
      ImportRowPlan plan;
      if (out.errors.empty()) {
        auto existing = store::EnterpriseRepository::findByUscc(c, out.uscc);
        if (!existing) {
          out.status = "new";
          plan.merged = checked;
        } else if (!Scope(caller).sees(c, *existing)) {
          out.errors.push_back({headerOf("uscc"), "region_out_of_scope", "该行企业不属于本辖区，不能导入"});
        } else {
          for (const auto& b : match.bound) {
            const std::string& key = b.field->key;
            if (key == "uscc" || !body.contains(key)) continue;
            // Compared unmasked (two numbers may mask alike), shown masked.
            if (storedValue(*existing, key, false) != storedValue(*checked, key, false))
              out.diffs.push_back({key, storedValue(*existing, key), storedValue(*checked, key)});
          }
          out.status = out.diffs.empty() ? "unchanged" : "updated";
          out.base_version = existing->version;
          plan.merged = merged(*existing, *checked, body);
          plan.existing = std::move(existing);
        }
      }
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
