#include "trellis/service/pool_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/core/uscc.h"
#include "trellis/io/cursor.h"
#include "trellis/service/member_upkeep.h"
#include "pool_support.h"
#include "trellis/service/scope.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/ladder_repository.h"
#include "trellis/store/pool_repository.h"

namespace trellis::service {
using namespace pool_support;

PoolService::PoolService(const Context& ctx, const rules::Ladder& ladder) : ctx_(ctx), ladder_(ladder), scope_(ctx) {}

const domain::PoolDef& PoolService::poolDef(const std::string& pool) const {
  const domain::PoolDef* def = domain::findPool(pool);
  if (!def) throw Error(errc::pool_not_found, "no reserve pool '" + pool + "' (GET /api/v1/pools)");
  return *def;
}

RoadmapStats PoolService::statsOf(const std::vector<domain::Milestone>& milestones, Date today) {
  RoadmapStats s;
  for (const auto& m : milestones) {
    std::string status = m.statusOn(today);
    if (status == "planned") ++s.planned;
    if (status == "overdue") ++s.overdue;
    if (status == "waived") ++s.waived;
    if (status == "done") {
      ++s.done;
      if (*m.done_on <= m.due_on) ++s.done_on_time;
    }
    if ((status == "planned" || status == "overdue") && (!s.next_due || m.due_on < *s.next_due)) s.next_due = m.due_on;
  }
  if (s.done + s.overdue > 0) s.on_time = static_cast<double>(s.done_on_time) / (s.done + s.overdue);
  return s;
}

MemberView PoolService::view(store::Connection& c, const domain::Enterprise& e, const domain::PoolMember& m,
                             bool detail) {
  MemberView v;
  v.member = m;
  Date t = ctx_.today();
  MemberEvaluation ev = evaluateMember(c, ladder_, e, m, t);
  v.evaluation = ev.report;
  v.evaluation_error = ev.error;
  auto steps = store::PoolRepository::steps(c, m.id);
  for (const auto& s : steps)
    if (s.year == m.target_year) v.pipeline_step = s;
  auto milestones = store::PoolRepository::milestones(c, m.id);
  milestones.erase(std::remove_if(milestones.begin(), milestones.end(),
                                  [](const domain::Milestone& x) { return x.status == "retired"; }),
                   milestones.end());
  v.roadmap = statsOf(milestones, t);
  if (detail) {
    v.steps = std::move(steps);
    for (auto& x : milestones) v.milestones.push_back(decidedOn(std::move(x), t));
  }
  return v;
}

std::vector<PoolSummary> PoolService::pools(const Caller& caller) {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  ctx_.db.read([&](store::Connection& c) {
    counts = store::PoolRepository::openCounts(c, Scope(caller).listFilter());
  });
  std::vector<PoolSummary> out;
  for (const auto& def : domain::pools()) {
    PoolSummary s{&def, 0};
    for (const auto& [pool, n] : counts)
      if (pool == def.id) s.open_members = n;
    out.push_back(s);
  }
  return out;
}

void PoolService::checkDraft(const domain::PoolDef& def, const io::MemberDraft& draft) const {
  if (draft.uscc.empty()) throw Error(errc::required, "uscc is required", "uscc");
  if (!domain::isPoolTier(draft.tier)) throw Error(errc::invalid_tier, "tier must be key (重点) or long_term (中长期)", "tier");
  std::string target = draft.target_stage.empty() && def.target_stages.size() == 1 ? def.target_stages[0] : draft.target_stage;
  if (target.empty()) throw Error(errc::required, "target_stage is required for " + std::string(def.id), "target_stage");
  if (std::find(def.target_stages.begin(), def.target_stages.end(), target) == def.target_stages.end())
    throw Error(errc::stage_not_in_pool, std::string(def.name_zh) + " does not take target stage '" + target + "'", "target_stage");
  checkText(draft.note, "note", false);
}

domain::PoolMember PoolService::checkEntryOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                             const std::string& pool, const io::MemberDraft& draft,
                                             const domain::PoolMember* amended) const {
  const domain::PoolDef& def = poolDef(pool);  // PE1
  checkDraft(def, draft);
  std::string target = draft.target_stage.empty() && def.target_stages.size() == 1 ? def.target_stages[0] : draft.target_stage;
  Date t = ctx_.today();
  Date entered = amended ? amended->entered_on : draft.entered_on ? parseDate(*draft.entered_on, "entered_on") : t;
  if (t < entered) throw Error(errc::date_in_future, "entered_on is after today", "entered_on");
  int year = static_cast<int>(draft.target_year.value_or(entered.year() + 1));
  if (year < entered.year() || year > entered.year() + 5)  // PE2
    throw Error(errc::out_of_range, "target_year must be " + std::to_string(entered.year()) + ".." + std::to_string(entered.year() + 5), "target_year");
  std::string region = amended ? amended->region_code : draft.region.empty() ? e.region_code : draft.region;
  if (!caller.canSeeRegion(region))  // PE7
    throw Error(errc::region_out_of_scope, "the responsible region must be your own region", "region");
  if (!amended || amended->target_stage != target) {
    std::vector<domain::Designation> all;
    for (auto& r : store::LadderRepository::designations(c, e.id)) all.push_back(r.designation);
    const std::string& name = ladder_.stage(target).name_zh;
    if (ladder_.holdsOn(target, all, entered))  // PE3
      throw Error(errc::stage_already_held, "该企业在" + entered.toString() + "已持有有效的" + name + "资格", "target_stage");
    rules::Position pos = ladder_.positionOn(all, entered);
    bool reachable = pos.held.empty() || std::any_of(pos.held.begin(), pos.held.end(), [&](const std::string& s) {
                       return ladder_.reachable(s, target);
                     });
    if (!reachable)  // PE4
      throw Error(errc::stage_not_reachable, name + "不可从该企业当前所处阶段（" + ladder_.stage(pos.top).name_zh + "）到达", "target_stage");
    rules::EntryDecision decision = ladder_.checkEntry(target, all, entered);  // PE5
    if (!decision.allowed)
      throw Error(errc::entry_refused, decision.reason_zh, "target_stage")
          .withDetails(nlohmann::json{{"reason_zh", decision.reason_zh}, {"source", decision.source}}.dump());
  }
  if (!amended) {
    for (const auto& m : store::PoolRepository::membersOf(c, e.id))  // PE6
      if (!m.exited_on && m.pool == pool)
        throw Error(errc::already_member, "the enterprise is already in " + std::string(def.name_zh) +
                                                    " (member " + std::to_string(m.id) + ")")
            .withDetails(nlohmann::json{{"member_id", m.id}}.dump());
  }
  domain::PoolMember m = amended ? *amended : domain::PoolMember{};
  m.enterprise_id = e.id;
  m.uscc = e.uscc;
  m.enterprise_name = e.name;
  m.pool = pool;
  m.tier = draft.tier;
  m.target_stage = target;
  m.target_year = year;
  m.region_code = region;
  m.entered_on = entered;
  m.note = draft.note;
  return m;
}

MemberView PoolService::enterOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                domain::PoolMember m) {
  m.created_at = m.updated_at = ctx_.now();
  m.id = store::PoolRepository::insertMember(c, m);
  ctx_.audit.record(c, caller, "pool.enter", memberObject(m, e),
                    AuditTrail::diff(nlohmann::json::object(), io::memberToJson(m)));
  syncRoadmap(c, ladder_, ctx_.audit, caller, e, m, ctx_.today(), m.created_at);
  return view(c, e, m, true);
}

domain::PoolMember PoolService::amendOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                        const domain::PoolMember& before, domain::PoolMember after) {
  after.updated_at = ctx_.now();
  if (!store::PoolRepository::amendMember(c, after, before.version))
    throw Error(errc::stale_version, "the membership changed during the change; retry", "version");
  after = *store::PoolRepository::member(c, before.id);
  ctx_.audit.record(c, caller, "pool.amend", memberObject(after, e),
                    AuditTrail::diff(io::memberToJson(before), io::memberToJson(after)));
  syncRoadmap(c, ladder_, ctx_.audit, caller, e, after, ctx_.today(), after.updated_at);
  return after;
}

void PoolService::removeOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                           const domain::PoolMember& m) {
  if (!store::PoolRepository::steps(c, m.id).empty())
    throw Error(errc::internal, "member " + std::to_string(m.id) + " has pipeline steps; it cannot be removed");
  if (!store::PoolRepository::deleteMember(c, m.id))
    throw Error(errc::pool_member_not_found, "no member " + std::to_string(m.id));
  ctx_.audit.record(c, caller, "pool.remove", memberObject(m, e),
                    AuditTrail::diff(io::memberToJson(m), nlohmann::json::object()));
}

MemberView PoolService::enter(const Caller& caller, const std::string& pool, const io::MemberDraft& draft) {
  checkDraft(poolDef(pool), draft);  // PE1, before the enterprise is looked up
  MemberView result;
  scope_.write(caller, draft.uscc, "pool.enter", [&](store::Connection& c, const domain::Enterprise& e) {
    result = enterOn(c, caller, e, checkEntryOn(c, caller, e, pool, draft, nullptr));
  });
  return result;
}

MemberPage PoolService::members(const Caller& caller, const std::string& pool, const MemberQuery& q) {
  poolDef(pool);
  store::MemberFilter f;
  f.pool = pool;
  f.scope = Scope(caller).listFilter();
  f.region = q.region;
  if (!q.tier.empty() && !domain::isPoolTier(q.tier)) throw Error(errc::invalid_tier, "tier must be key or long_term", "tier");
  f.tier = q.tier;
  f.target_year = q.target_year;
  f.include_exited = q.include_exited;
  f.limit = ctx_.pageLimit(q.limit);
  if (!q.cursor.empty()) f.after_id = io::decodeCursor(q.cursor);
  MemberPage page;
  ctx_.db.read([&](store::Connection& c) {
    auto rows = store::PoolRepository::members(c, f);
    if (static_cast<int>(rows.size()) > f.limit) {
      rows.resize(f.limit);
      page.next_cursor = io::encodeCursor(rows.back().id);
    }
    for (const auto& m : rows) {
      auto e = store::EnterpriseRepository::findByUscc(c, m.uscc);
      page.items.push_back(view(c, *e, m, false));
    }
  });
  return page;
}

std::pair<domain::PoolMember, domain::Enterprise> PoolService::loadMember(store::Connection& c, const Caller& caller,
                                                                          const std::string& pool, std::int64_t id) {
  // Hidden means absent: one error for both, naming neither the id nor the member's enterprise.
  auto absent = [&] {
    return Error(errc::pool_member_not_found, "no such member of reserve pool " + pool + " (or not in your scope)");
  };
  auto m = store::PoolRepository::member(c, id);
  if (!m || m->pool != pool)
    EnterpriseScope::notFound(absent(), AuditObject{"pool_member", pool + "/" + std::to_string(id), ""});
  auto e = store::EnterpriseRepository::findByUscc(c, m->uscc);
  if (!Scope(caller).sees(c, *e)) EnterpriseScope::hidden(*e, absent());
  return {*m, *e};
}

MemberView PoolService::member(const Caller& caller, const std::string& pool, std::int64_t id) {
  poolDef(pool);
  MemberView v;
  scope_.run(caller, "pool.read", false, [&](store::Connection& c) {
    auto [m, e] = loadMember(c, caller, pool, id);
    v = view(c, e, m, true);
  });
  return v;
}

MemberView PoolService::exit(const Caller& caller, const std::string& pool, std::int64_t id, const io::ExitDraft& d) {
  poolDef(pool);
  if (!domain::isExitReason(d.reason))
    throw Error(errc::invalid_exit_reason, "reason must be graduated, withdrawn, disqualified or moved_away", "reason");
  Date t = ctx_.today();
  Date on = d.exited_on ? parseDate(*d.exited_on, "exited_on") : t;
  if (t < on) throw Error(errc::date_in_future, "exited_on is after today", "exited_on");
  MemberView v;
  scope_.run(caller, "pool.exit", true, [&](store::Connection& c) {
    auto [m, e] = loadMember(c, caller, pool, id);
    if (m.exited_on)
      throw Error(errc::already_exited, "member " + std::to_string(id) + " left the pool on " +
                                                            m.exited_on->toString());
    if (on < m.entered_on)
      throw Error(errc::inconsistent_dates, "exited_on is before entered_on " + m.entered_on.toString(), "exited_on");
    if (d.version && *d.version != m.version)
      throw Error(errc::stale_version, "the membership changed since version " + std::to_string(*d.version), "version")
          .withDetails(nlohmann::json{{"current_version", m.version}}.dump());
    if (!store::PoolRepository::exitMember(c, m.id, m.version, on, d.reason, ctx_.now()))
      throw Error(errc::stale_version, "the membership changed during the change; retry", "version");
    ctx_.audit.record(c, caller, "pool.exit", memberObject(m, e),
                  nlohmann::json{{"exited_on", {nullptr, on.toString()}}, {"exit_reason", {nullptr, d.reason}}}.dump());
    v = view(c, e, *store::PoolRepository::member(c, m.id), true);
  });
  return v;
}

domain::PipelineStep PoolService::addStep(const Caller& caller, const std::string& pool, std::int64_t id,
                                          const io::StepDraft& d) {
  poolDef(pool);
  domain::PipelineStep s;
  s.kind = d.kind;
  s.result = d.result;
  s.batch = std::string(text::trim(d.batch));
  s.reasons = d.reasons;
  s.note = d.note;
  checkText(s.batch, "batch", false);
  checkText(s.reasons, "reasons", false);
  checkText(s.note, "note", false);
  if (s.kind == "coaching") {
    if (s.result != "topic" && s.result != "onsite")
      throw Error(errc::invalid_result, "a coaching session is topic (专题辅导) or onsite (现场指导)", "result");
  } else if (s.kind == "pre_review") {
    if (s.result != "passed" && s.result != "returned")
      throw Error(errc::invalid_result, "a pre-review (初审) is passed or returned", "result");
    if (s.result == "returned" && text::trim(s.reasons).empty())
      throw Error(errc::required, "a returned pre-review needs its reasons", "reasons");
  } else if (s.kind == "recommendation") {
    if (!s.result.empty()) throw Error(errc::invalid_result, "a recommendation has a batch, not a result", "result");
    if (s.batch.empty()) throw Error(errc::required, "a recommendation names its batch", "batch");
  } else if (s.kind == "outcome") {
    if (s.result != "recognised" && s.result != "not_recognised")
      throw Error(errc::invalid_result, "an outcome is recognised or not_recognised", "result");
  } else {
    throw Error(errc::invalid_kind, "kind must be coaching, pre_review, recommendation or outcome", "kind");
  }
  Date t = ctx_.today();
  s.on_date = d.on_date ? parseDate(*d.on_date, "on_date") : t;
  if (t < s.on_date) throw Error(errc::date_in_future, "on_date is after today", "on_date");
  scope_.run(caller, "pipeline.write", true, [&](store::Connection& c) {
    auto [m, e] = loadMember(c, caller, pool, id);
    if (m.exited_on) throw Error(errc::member_exited, "member " + std::to_string(id) + " has left the pool");
    if (s.on_date < m.entered_on)
      throw Error(errc::inconsistent_dates, "on_date is before the member entered the pool", "on_date");
    s.year = static_cast<int>(d.year.value_or(m.target_year));
    if (s.year < m.entered_on.year() || s.year > m.target_year + 5)
      throw Error(errc::out_of_range, "year must lie between the entry year and the target year", "year");
    s.membership_id = m.id;
    s.recorded_by = caller.user;
    s.recorded_at = ctx_.now();
    s.id = store::PoolRepository::insertStep(c, s);
    ctx_.audit.record(c, caller, "pipeline.add", memberObject(m, e),
                  AuditTrail::diff(nlohmann::json::object(), io::stepToJson(s)));
  });
  return s;
}

}  // namespace trellis::service
