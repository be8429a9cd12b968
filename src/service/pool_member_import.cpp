#include "trellis/service/pool_member_import.h"

#include <set>

#include "trellis/core/error.h"
#include "import_keys.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/pool_repository.h"

namespace trellis::service {
namespace {

// The tiers of sql/003 by their Chinese names (the pool pages' words).
struct TierName {
  const char* id;
  const char* name_zh;
};
constexpr TierName kTiers[] = {{"key", "重点"}, {"long_term", "中长期"}};

std::string tierId(const std::string& cell) {
  for (const auto& t : kTiers)
    if (cell == t.name_zh || cell == t.name_zh + std::string("培育")) return t.id;
  return cell;
}

// What an amend may change and a revert puts back.
nlohmann::json amendableOf(const domain::PoolMember& m) {
  return {{"tier", m.tier}, {"target_stage", m.target_stage}, {"target_year", m.target_year}, {"note", m.note}};
}

}  // namespace

PoolMemberImport::PoolMemberImport(store::Database& db, const io::ImportMapping& mapping, PoolService& pools)
    : KindImporter(db, mapping, "pool_members", "pool.write"), pools_(pools) {}

ImportReport PoolMemberImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                    const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openEnterpriseSheet(path, options);
  const rules::Ladder& ladder = pools_.ladder();
  std::set<std::string> seen;
  return scanEnterpriseRows(c, caller, sheet, [&](ImportRowOutcome& out, const nlohmann::json& body,
                                                 const domain::Enterprise& e) {  // PM1: the row's enterprise
    ImportRowPlan plan;
    const domain::PoolDef* pool = nullptr;
    std::string pool_cell = importText(body, "pool");
    for (const auto& def : domain::pools())
      if (pool_cell == def.id || pool_cell == def.name_zh) pool = &def;
    if (!pool) {
      out.errors.push_back({sheet.headerOf("pool"), "pool_not_found", "没有这个培育库：请填写模板下拉列表中的培育库名称"});
      return plan;
    }
    // PM2: the open membership of this pool, if any.
    std::optional<domain::PoolMember> open;
    for (const auto& m : store::PoolRepository::membersOf(c, e.id))
      if (!m.exited_on && m.pool == pool->id) open = m;
    io::MemberDraft draft;
    draft.uscc = e.uscc;
    std::string target = importText(body, "target_stage");
    for (const auto& s : ladder.config().stages)
      if (s.name_zh == target) target = s.id;
    if (open) {
      draft.tier = body.contains("tier") ? tierId(importText(body, "tier")) : open->tier;
      draft.target_stage = body.contains("target_stage") ? target : open->target_stage;
      draft.target_year = body.contains("target_year") ? body.at("target_year").get<std::int64_t>() : open->target_year;
      draft.note = body.contains("note") ? importText(body, "note") : open->note;
      if (body.contains("entered_on") && importText(body, "entered_on") != open->entered_on.toString()) {
        out.errors.push_back({sheet.headerOf("entered_on"), "inconsistent_dates",
                              "该企业已在库，入库日期为" + open->entered_on.toString() + "；导入不修改入库日期"});
        return plan;
      }
    } else {
      if (body.contains("tier")) draft.tier = tierId(importText(body, "tier"));
      draft.target_stage = target;
      if (body.contains("target_year")) draft.target_year = body.at("target_year").get<std::int64_t>();
      if (body.contains("entered_on")) draft.entered_on = importText(body, "entered_on");
      draft.note = importText(body, "note");
    }
    std::optional<domain::PoolMember> checked;
    try {
      if (open) {
        nlohmann::json before = amendableOf(*open),
                       after = {{"tier", draft.tier}, {"target_stage", draft.target_stage},
                                {"target_year", *draft.target_year}, {"note", draft.note}};
        for (const auto& [key, value] : after.items())
          if (before[key] != value) out.diffs.push_back({key, before[key], value});
      }
      if (!open || !out.diffs.empty()) checked = pools_.checkEntryOn(c, caller, e, pool->id, draft, open ? &*open : nullptr);
    } catch (const Error& err) {
      refuseRow(out, sheet, err);
      return plan;
    }
    if (!firstInFile(seen, e.uscc + "|" + pool->id, out, sheet, "pool", "同一企业在本文件中重复列入同一培育库")) return plan;
    if (open) {
      out.base_version = open->version;
      plan.stored_version = open->version;
    }
    out.status = !open ? "new" : out.diffs.empty() ? "unchanged" : "updated";
    if (!checked) return plan;
    domain::Enterprise enterprise = e;
    domain::PoolMember wanted = *checked;
    std::optional<domain::PoolMember> before = open;
    plan.write = [this, &caller, enterprise, wanted, before, row = out.row](store::Connection& wc) {
      domain::PoolMember written = before ? pools_.amendOn(wc, caller, enterprise, *before, wanted)  // PM3
                                          : pools_.enterOn(wc, caller, enterprise, wanted).member;
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "pool_member";
      ch.record_key = import_keys::recordKey(enterprise.uscc, written.id);
      if (before) {
        ch.previous_version = before->version;
        ch.previous_snapshot = amendableOf(*before).dump();
      }
      ch.new_version = written.version;
      return ch;
    };
    return plan;
  }, visit);
}

std::vector<std::string> PoolMemberImport::choicesFor(const std::string& key) const {
  std::vector<std::string> out;
  if (key == "pool")
    for (const auto& def : domain::pools()) out.push_back(def.name_zh);
  if (key == "tier")
    for (const auto& t : kTiers) out.push_back(t.name_zh);
  if (key == "target_stage")
    for (const auto& s : pools_.ladder().config().stages) out.push_back(s.name_zh);
  return out;
}

std::optional<std::int64_t> PoolMemberImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  auto m = store::PoolRepository::member(c, import_keys::numberOf(ch.record_key));
  if (!m) return 0;
  if (m->version != ch.new_version) return m->version;
  // A member the batch added carries an officer's work once it has pipeline steps: not removed.
  if (!ch.previous_snapshot && !store::PoolRepository::steps(c, m->id).empty()) return m->version;
  return std::nullopt;
}

RevertedChange PoolMemberImport::revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                                        const store::ImportChangeRecord& ch) const {
  auto m = store::PoolRepository::member(c, import_keys::numberOf(ch.record_key));
  auto e = m ? store::EnterpriseRepository::findByUscc(c, m->uscc) : std::nullopt;
  if (!m || !e) throw Error(errc::internal, "import batch " + std::to_string(batch_id) + " names an unknown pool member");
  if (!ch.previous_snapshot) {  // PM4
    pools_.removeOn(c, caller, *e, *m);
    return {0, true};
  }
  nlohmann::json back = nlohmann::json::parse(*ch.previous_snapshot);
  domain::PoolMember restored = *m;
  restored.tier = back.at("tier").get<std::string>();
  restored.target_stage = back.at("target_stage").get<std::string>();
  restored.target_year = back.at("target_year").get<int>();
  restored.note = back.at("note").get<std::string>();
  return {pools_.amendOn(c, caller, *e, *m, restored).version, false};
}

}  // namespace trellis::service
