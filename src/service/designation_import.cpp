#include "trellis/service/designation_import.h"

#include <set>

#include "trellis/core/error.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/ladder_repository.h"

namespace trellis::service {
namespace {

nlohmann::json snapshotOf(const domain::Designation& d) {
  return {{"stage", d.stage}, {"starts_on", d.starts_on.toString()}, {"number", d.number},
          {"source", d.source}, {"evidence", d.evidence}};
}

io::DesignationDraft draftOf(const nlohmann::json& j) {
  io::DesignationDraft d;
  d.stage = j.value("stage", "");
  d.starts_on = j.value("starts_on", "");
  d.number = j.value("number", "");
  d.source = j.value("source", "");
  d.evidence = j.value("evidence", "");
  return d;
}

}  // namespace

DesignationImport::DesignationImport(store::Database& db, const io::ImportMapping& mapping, LadderService& ladder)
    : KindImporter(db, mapping, "designations", "ladder.write"), ladder_(ladder) {}

ImportReport DesignationImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                     const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openEnterpriseSheet(path, options);
  auto headerOf = [&](const std::string& key) { return sheet.headerOf(key); };
  const rules::Ladder& ladder = ladder_.ladder();
  std::set<std::string> seen;
  return scanEnterpriseRows(c, caller, sheet, [&](ImportRowOutcome& out, const nlohmann::json& body,
                                                 const domain::Enterprise& e) {  // DI1: the row's enterprise
    ImportRowPlan plan;
    // DI3: the stage by id or Chinese name.
    io::DesignationDraft draft;
    draft.stage = importText(body, "stage");
    for (const auto& s : ladder.config().stages)
      if (s.name_zh == draft.stage) draft.stage = s.id;
    draft.starts_on = importText(body, "starts_on");
    draft.number = importText(body, "number");
    draft.source = importText(body, "source");
    draft.evidence = importText(body, "evidence");
    if (body.contains("ends_on")) draft.ends_on = importText(body, "ends_on");
    if (body.contains("year") && draft.starts_on.size() >= 4 && draft.starts_on.substr(0, 4) != importText(body, "year")) {
      out.errors.push_back({headerOf("year"), "inconsistent_dates", "年度与" + headerOf("starts_on") + "的年份不一致"});
      return plan;
    }
    // DI2: the live record this row is about.
    std::optional<domain::Designation> match;
    if (ladder.findStage(draft.stage)) {
      for (const auto& v : ladder_.designationsOn(c, e)) {
        const domain::Designation& d = v.designation;
        if (v.status == "superseded" || v.status == "revoked" || d.stage != draft.stage) continue;
        bool same = draft.number.empty() ? d.number.empty() && d.starts_on.toString() == draft.starts_on
                                         : d.number == draft.number;
        if (same) match = d;
      }
    }
    io::DesignationDraft wanted = draft;
    if (match) {
      if (!body.contains("source")) wanted.source = match->source;
      if (!body.contains("evidence")) wanted.evidence = match->evidence;
      nlohmann::json before = snapshotOf(*match);
      nlohmann::json after = {{"starts_on", wanted.starts_on}, {"source", wanted.source}, {"evidence", wanted.evidence}};
      for (const auto& [key, value] : after.items())
        if (before[key] != value) out.diffs.push_back({key, before[key], value});
    }
    std::optional<domain::Designation> checked;
    if (!match || !out.diffs.empty()) {
      try {
        checked = ladder_.checkDesignationOn(c, e, wanted, match ? std::optional<std::int64_t>(match->id) : std::nullopt);
      } catch (const Error& err) {
        refuseRow(out, sheet, err);
        return plan;
      }
    }
    std::string key = e.uscc + "|" + draft.stage + "|";
    if ((!draft.number.empty() && !seen.insert(key + "#" + draft.number).second) ||
        !seen.insert(key + "@" + draft.starts_on).second) {
      out.errors.push_back({headerOf(draft.number.empty() ? "starts_on" : "number"), "duplicate_in_file",
                            "同一企业的同一资质在本文件中重复出现"});
      return plan;
    }
    if (match) {
      out.base_version = match->id;
      plan.stored_version = match->id;
    }
    out.status = !match ? "new" : out.diffs.empty() ? "unchanged" : "updated";
    if (!checked) return plan;
    domain::Enterprise enterprise = e;
    domain::Designation d = *checked;
    std::optional<std::string> previous;
    if (match) previous = snapshotOf(*match).dump();
    plan.write = [this, &caller, enterprise, d, previous, row = out.row](store::Connection& wc) {
      DesignationView written = ladder_.recordDesignationOn(wc, caller, enterprise, d);
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "designation";
      ch.record_key = enterprise.uscc;
      ch.previous_version = d.corrects_id;
      ch.previous_snapshot = previous;
      ch.new_version = written.designation.id;
      return ch;
    };
    return plan;
  }, visit);
}

std::vector<std::string> DesignationImport::choicesFor(const std::string& key) const {
  std::vector<std::string> out;
  if (key == "stage")
    for (const auto& s : ladder_.ladder().config().stages) out.push_back(s.name_zh);
  return out;
}

std::optional<std::int64_t> DesignationImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  auto record = store::LadderRepository::designation(c, ch.new_version);
  if (!record) throw Error(errc::internal, "an import batch names an unknown designation " + std::to_string(ch.new_version));
  for (const auto& other : store::LadderRepository::designations(c, record->enterprise_id))
    if (other.designation.corrects_id == ch.new_version) return other.designation.id;
  if (record->designation.revoked_on) return 0;
  return std::nullopt;
}

RevertedChange DesignationImport::revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                                         const store::ImportChangeRecord& ch) const {
  auto e = store::EnterpriseRepository::findByUscc(c, ch.record_key);
  auto record = store::LadderRepository::designation(c, ch.new_version);
  if (!e || !record || record->enterprise_id != e->id)
    throw Error(errc::internal, "import batch " + std::to_string(batch_id) + " names an unknown designation");
  if (!ch.previous_snapshot) {
    io::RevocationDraft undo{record->designation.starts_on.toString(), "撤销导入批次 #" + std::to_string(batch_id)};
    ladder_.revokeDesignationOn(c, caller, *e, ch.new_version, undo);
    return {ch.new_version, true};
  }
  io::DesignationDraft back = draftOf(nlohmann::json::parse(*ch.previous_snapshot));
  domain::Designation d = ladder_.checkDesignationOn(c, *e, back, ch.new_version);
  return {ladder_.recordDesignationOn(c, caller, *e, d).designation.id, false};
}

}  // namespace trellis::service
