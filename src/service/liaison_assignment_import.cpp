#include "trellis/service/liaison_assignment_import.h"

#include <set>

#include "import_keys.h"
#include "trellis/core/error.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/liaison_repository.h"

namespace trellis::service {

LiaisonAssignmentImport::LiaisonAssignmentImport(store::Database& db, const io::ImportMapping& mapping,
                                                 LiaisonService& liaison)
    : KindImporter(db, mapping, "liaison_assignments", "liaison.assign"), liaison_(liaison) {}

ImportReport LiaisonAssignmentImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                           const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openEnterpriseSheet(path, options);
  std::set<std::string> seen;
  return scanEnterpriseRows(c, caller, sheet, [&](ImportRowOutcome& out, const nlohmann::json& body,
                                                 const domain::Enterprise& e) {  // LA1: the row's enterprise
    ImportRowPlan plan;
    std::optional<domain::User> officer;
    try {
      officer = liaison_.assignableOfficerOn(c, importText(body, "officer"), e);  // LA2
    } catch (const Error& err) {
      refuseRow(out, sheet, err);
      return plan;
    }
    std::string named = importText(body, "officer_name");
    if (!named.empty() && named != officer->display_name) {
      out.errors.push_back({sheet.headerOf("officer_name"), std::string(errc::officer_name_mismatch.name),
                            "账号 " + officer->login + " 的姓名是“" + officer->display_name + "”，与表中所填不符"});
      return plan;
    }
    if (!firstInFile(seen, e.uscc, out, sheet, "officer", "同一企业在本文件中出现多次：每家企业只有一名联络员"))
      return plan;
    auto current = store::LiaisonRepository::active(c, e.id);  // LA3
    if (current) {
      out.base_version = current->id;
      plan.stored_version = current->id;
    }
    if (current && current->officer_id == officer->id) {
      out.status = "unchanged";
      return plan;
    }
    out.status = current ? "updated" : "new";
    if (current) out.diffs.push_back({"officer", current->officer_login, officer->login});
    domain::Enterprise enterprise = e;
    domain::User chosen = *officer;
    std::optional<domain::LiaisonAssignment> before = current;
    std::string reason = importText(body, "reason");
    plan.write = [this, &caller, enterprise, chosen, before, reason, row = out.row](store::Connection& wc) {
      domain::LiaisonAssignment written = liaison_.assignOn(wc, caller, enterprise, chosen, reason);  // LA4
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "liaison";
      ch.record_key = import_keys::recordKey(enterprise.uscc, written.id);
      if (before) {
        ch.previous_version = before->id;
        ch.previous_snapshot = nlohmann::json{{"officer_id", before->officer_id}, {"officer", before->officer_login}}.dump();
      }
      ch.new_version = written.id;
      return ch;
    };
    return plan;
  }, visit);
}

std::optional<std::int64_t> LiaisonAssignmentImport::movedSince(store::Connection& c,
                                                                 const store::ImportChangeRecord& ch) const {
  auto e = store::EnterpriseRepository::findByUscc(c, import_keys::usccOf(ch.record_key));
  if (!e) throw Error(errc::internal, "an import batch names an unknown enterprise " + ch.record_key);
  auto current = store::LiaisonRepository::active(c, e->id);
  if (!current) return 0;
  if (current->id != ch.new_version) return current->id;
  return std::nullopt;
}

RevertedChange LiaisonAssignmentImport::revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                                               const store::ImportChangeRecord& ch) const {
  auto e = store::EnterpriseRepository::findByUscc(c, import_keys::usccOf(ch.record_key));
  if (!e) throw Error(errc::internal, "import batch " + std::to_string(batch_id) + " names an unknown enterprise");
  std::optional<std::int64_t> previous_officer;
  if (ch.previous_snapshot)
    previous_officer = nlohmann::json::parse(*ch.previous_snapshot).at("officer_id").get<std::int64_t>();
  liaison_.restoreAssignmentOn(c, caller, *e, previous_officer, "撤销导入批次 #" + std::to_string(batch_id));  // LA5
  if (!previous_officer) return {0, true};
  return {store::LiaisonRepository::active(c, e->id)->id, false};
}

}  // namespace trellis::service
