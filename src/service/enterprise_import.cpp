#include "trellis/service/enterprise_import.h"

#include <map>
#include <set>
#include <string_view>
#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/io/cell_values.h"
#include "trellis/io/enterprise_json.h"
#include "trellis/service/scope.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service {

namespace {

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

// The record as it was before the commit, from its history snapshot (the API document).
domain::Enterprise fromSnapshot(const domain::Enterprise& current, const nlohmann::json& j) {
  domain::Enterprise e = current;
  e.name = j.value("name", e.name);
  e.aliases = j.value("aliases", std::vector<std::string>{});
  e.region_code = j.value("region", e.region_code);
  e.industry = j.value("industry", std::string());
  e.founded_on.reset();
  if (j.contains("founded_on") && j["founded_on"].is_string()) e.founded_on = Date::parse(j["founded_on"].get<std::string>());
  e.address = j.value("address", std::string());
  e.legal_representative = j.value("legal_representative", std::string());
  e.contact_phone = j.value("contact_phone", std::string());
  e.tags = j.value("tags", std::vector<std::string>{});
  e.archived = j.value("archived", false);
  e.uscc_checksum_override = j.value("uscc_checksum_override", false);
  return e;
}

}  // namespace

EnterpriseImport::EnterpriseImport(store::Database& db, const domain::Catalog& catalog,
                                   const io::ImportMapping& mapping, const EnterpriseService& enterprises)
    : KindImporter(db, mapping, "enterprises", "enterprise.create"), catalog_(catalog), enterprises_(enterprises) {}

ImportReport EnterpriseImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                    const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openSheet(path, options);
  if (!sheet.match.forField("uscc"))
    throw Error(errc::header_unmapped, "表头缺少“统一社会信用代码”列", "file");
  auto headerOf = [&](const std::string& key) { return sheet.headerOf(key); };
  std::set<std::string> seen;
  return scanRows(sheet, [&](ImportRowOutcome& out, const nlohmann::json& cells) {
    nlohmann::json body = nlohmann::json::object();
    for (const auto& [key, value] : cells.items()) {
      if (key == "aliases" || key == "tags") body[key] = splitList(value.get<std::string>());
      else if (key == "region" && value.is_string()) body[key] = codeOf(catalog_.allRegions(), value.get<std::string>());
      else if (key == "industry" && value.is_string()) body[key] = codeOf(catalog_.industries, value.get<std::string>());
      else body[key] = value;
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
    if (!out.errors.empty()) return plan;
    auto existing = store::EnterpriseRepository::findByUscc(c, out.uscc);
    if (!existing) {
      out.status = "new";
      domain::Enterprise fresh = *checked;
      plan.write = [this, &caller, fresh, row = out.row](store::Connection& wc) {
        domain::Enterprise written = enterprises_.insertOn(wc, caller, fresh);
        store::ImportChangeRecord ch;
        ch.row_no = row;
        ch.record_key = written.uscc;
        ch.new_version = written.version;
        return ch;
      };
      return plan;
    }
    if (!Scope(caller).sees(c, *existing)) {
      out.errors.push_back({headerOf("uscc"), "region_out_of_scope", "该行企业不属于本辖区，不能导入"});
      return plan;
    }
    for (const auto& b : sheet.match.bound) {
      const std::string& key = b.field->key;
      if (key == "uscc" || !body.contains(key)) continue;
      // Compared unmasked (two numbers may mask alike), shown masked.
      if (storedValue(*existing, key, false) != storedValue(*checked, key, false))
        out.diffs.push_back({key, storedValue(*existing, key), storedValue(*checked, key)});
    }
    out.status = out.diffs.empty() ? "unchanged" : "updated";
    out.base_version = existing->version;
    plan.stored_version = existing->version;
    if (out.status == "updated") {
      domain::Enterprise before = *existing, after = merged(*existing, *checked, body);
      plan.write = [this, &caller, before, after, row = out.row](store::Connection& wc) {
        domain::Enterprise written = enterprises_.replaceOn(wc, caller, before, after, "update");
        store::ImportChangeRecord ch;
        ch.row_no = row;
        ch.record_key = written.uscc;
        ch.previous_version = before.version;
        ch.previous_snapshot = io::enterpriseJsonText(before, false);
        ch.new_version = written.version;
        return ch;
      };
    }
    return plan;
  }, visit);
}

std::vector<std::string> EnterpriseImport::choicesFor(const std::string& key) const {
  std::vector<std::string> out;
  if (key == "region")
    for (const auto& r : catalog_.regions) out.push_back(r.name);
  if (key == "industry")
    for (const auto& i : catalog_.industries) out.push_back(i.name);
  return out;
}

std::optional<std::int64_t> EnterpriseImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  auto current = store::EnterpriseRepository::findByUscc(c, ch.record_key);
  if (!current) throw Error(errc::internal, "an import batch names an unknown enterprise " + ch.record_key);
  if (current->version == ch.new_version) return std::nullopt;
  return current->version;
}

RevertedChange EnterpriseImport::revert(store::Connection& c, const Caller& caller, std::int64_t /*batch_id*/,
                                        const store::ImportChangeRecord& ch) const {
  auto current = store::EnterpriseRepository::findByUscc(c, ch.record_key);
  if (!current) throw Error(errc::internal, "an import batch names an unknown enterprise " + ch.record_key);
  if (!ch.previous_snapshot) {
    domain::Enterprise e = *current;
    e.archived = true;
    return {enterprises_.replaceOn(c, caller, *current, e, "archive").version, true};
  }
  domain::Enterprise before = fromSnapshot(*current, nlohmann::json::parse(*ch.previous_snapshot));
  return {enterprises_.replaceOn(c, caller, *current, before, "update").version, false};
}

}  // namespace trellis::service
