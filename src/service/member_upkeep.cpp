#include "trellis/service/member_upkeep.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/rules/eligibility.h"
#include "trellis/rules/roadmap.h"
#include "trellis/store/ladder_repository.h"
#include "trellis/store/pool_repository.h"

namespace trellis::service {

domain::EnterpriseFacts loadFacts(store::Connection& c, const domain::Enterprise& e, int expert_year) {
  domain::EnterpriseFacts f;
  f.founded_on = e.founded_on;
  for (auto& r : store::LadderRepository::designations(c, e.id)) f.designations.push_back(r.designation);
  f.indicators = store::LadderRepository::allIndicators(c, e.id);
  if (auto s = store::LadderRepository::expertScores(c, e.id, expert_year)) f.hnte_expert = *s;
  store::LadderFacts lf = store::LadderRepository::facts(c, e.id);
  f.resident_audited_taxpayer = lf.resident_audited_taxpayer;
  f.industry_allowed = lf.industry_allowed;
  f.clean_record = lf.clean_record;
  f.core_tech_in_key_fields = lf.core_tech_in_key_fields;
  f.national_award_top3_on = lf.national_award_top3_on;
  f.provincial_rd_institution = lf.provincial_rd_institution;
  f.led_standard_on = lf.led_standard_on;
  return f;
}

MemberEvaluation evaluateMember(store::Connection& c, const rules::Ladder& ladder, const domain::Enterprise& e,
                                const domain::PoolMember& m, Date today) {
  MemberEvaluation out;
  try {
    out.report = rules::evaluateStage(ladder, m.target_stage, loadFacts(c, e, m.target_year), m.target_year, today);
  } catch (const Error& err) {
    if (err.kind() != ErrorKind::invalid) throw;
    out.error = err.what();
  }
  return out;
}

RoadmapSync syncRoadmap(store::Connection& c, const rules::Ladder& ladder, const AuditTrail& audit,
                        const Caller& caller, const domain::Enterprise& e, const domain::PoolMember& m, Date today,
                        const std::string& now) {
  RoadmapSync sync;
  auto cal = ladder.config().calendars.find(m.target_stage);
  MemberEvaluation ev = evaluateMember(c, ladder, e, m, today);
  std::vector<rules::ProposedMilestone> proposed;
  if (cal != ladder.config().calendars.end() && ev.report)  // RG1
    proposed = rules::proposeRoadmap(cal->second, *ev.report, m.target_year, today);
  std::map<std::string, domain::Milestone> live;  // key → planned/done/waived generated milestone
  for (auto& ms : store::PoolRepository::milestones(c, m.id))
    if (ms.generated && ms.status != "retired") live[ms.calendar_key] = ms;
  std::map<std::string, bool> still;
  for (const auto& p : proposed) {
    still[p.key] = true;
    auto it = live.find(p.key);
    if (it == live.end()) {  // RG2
      domain::Milestone ms;
      ms.membership_id = m.id;
      ms.generated = true;
      ms.calendar_key = p.key;
      ms.kind = p.kind;
      ms.title = p.title_zh;
      ms.due_on = p.due_on;
      ms.addresses = p.addresses;
      ms.gap_text = p.gap_zh;
      ms.compressed = p.compressed;
      ms.created_by = caller.user;
      ms.created_at = now;
      store::PoolRepository::insertMilestone(c, ms);
      ++sync.added;
    } else if (it->second.status == "planned" &&
               (it->second.gap_text != p.gap_zh || it->second.addresses != p.addresses)) {  // RG3
      domain::Milestone ms = it->second;
      ms.gap_text = p.gap_zh;
      ms.addresses = p.addresses;
      ms.updated_at = now;
      if (!store::PoolRepository::updateMilestone(c, ms)) throw Error(errc::stale_version, "milestone changed; retry");
      ++sync.followed;
    }
  }
  for (auto& [key, ms] : live) {  // RG4
    if (ms.status != "planned" || still.count(key)) continue;
    domain::Milestone closed = ms;
    closed.status = "retired";
    closed.closed_by = caller.user;
    closed.updated_at = now;
    if (!store::PoolRepository::updateMilestone(c, closed)) throw Error(errc::stale_version, "milestone changed; retry");
    ++sync.retired;
  }
  if (sync.changed())
    audit.record(c, caller, "roadmap.regenerate", AuditObject{"pool_member", std::to_string(m.id), e.region_code},
                 nlohmann::json{{"uscc", e.uscc}, {"added", sync.added}, {"followed", sync.followed},
                                {"retired", sync.retired}}.dump());
  return sync;
}

void syncRoadmaps(store::Connection& c, const rules::Ladder& ladder, const AuditTrail& audit, const Caller& caller,
                  const domain::Enterprise& e, Date today, const std::string& now) {
  for (const auto& m : store::PoolRepository::membersOf(c, e.id))
    if (!m.exited_on) syncRoadmap(c, ladder, audit, caller, e, m, today, now);
}

int graduateMembers(store::Connection& c, const AuditTrail& audit, const Caller& caller, const domain::Enterprise& e,
                    const std::string& stage, Date starts_on, const std::string& now) {
  int n = 0;
  for (const auto& m : store::PoolRepository::membersOf(c, e.id)) {
    if (m.exited_on || m.target_stage != stage) continue;
    Date on = std::max(starts_on, m.entered_on);
    if (!store::PoolRepository::exitMember(c, m.id, m.version, on, "graduated", now))
      throw Error(errc::stale_version, "the membership changed during the change; retry");
    audit.record(c, caller, "pool.graduate", AuditObject{"pool_member", std::to_string(m.id), e.region_code},
                 nlohmann::json{{"uscc", e.uscc}, {"pool", m.pool}, {"exited_on", on.toString()},
                                {"exit_reason", "graduated"}}.dump());
    ++n;
  }
  return n;
}

}  // namespace trellis::service
