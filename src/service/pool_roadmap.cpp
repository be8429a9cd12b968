// PoolService: the roadmap and milestone use cases (the pool use cases are in pool_service.cpp).
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

RoadmapView PoolService::roadmap(const Caller& caller, std::string_view uscc) {
  RoadmapView out;
  out.today = ctx_.today();
  scope_.read(caller, uscc, "roadmap.read", [&](store::Connection& c, const domain::Enterprise& e) {
    for (const auto& m : store::PoolRepository::membersOf(c, e.id)) out.memberships.push_back(view(c, e, m, true));
  });
  return out;
}

domain::Milestone PoolService::addMilestone(const Caller& caller, std::string_view uscc, const io::MilestoneDraft& d) {
  domain::Milestone ms;
  ms.kind = d.kind.value_or("other");
  if (std::none_of(std::begin(kMilestoneKinds), std::end(kMilestoneKinds), [&](const char* k) { return ms.kind == k; }))
    throw Error(errc::invalid_kind, "kind must be one of preparation, ip, staffing, document, registration, "
                                                 "submission, review, publication, coaching, other", "kind");
  ms.title = std::string(text::trim(d.title.value_or("")));
  checkText(ms.title, "title", true);
  if (!d.due_on) throw Error(errc::required, "due_on is required (YYYY-MM-DD)", "due_on");
  ms.due_on = parseDate(*d.due_on, "due_on");
  scope_.write(caller, uscc, "milestone.add", [&](store::Connection& c, const domain::Enterprise& e) {
    std::optional<domain::PoolMember> target;
    int open = 0;
    for (const auto& m : store::PoolRepository::membersOf(c, e.id)) {
      if (m.exited_on) continue;
      ++open;
      if (!d.membership_id || m.id == *d.membership_id) target = m;
    }
    if (d.membership_id && !target)
      throw Error(errc::not_open_member, "no open membership " + std::to_string(*d.membership_id) +
                                                                   " of this enterprise", "membership_id");
    if (!target) throw Error(errc::not_a_member, "the enterprise is in no reserve pool; enter it first");
    if (!d.membership_id && open > 1)
      throw Error(errc::required, "the enterprise is in several pools; name the membership_id", "membership_id");
    if (ms.due_on < target->entered_on)
      throw Error(errc::inconsistent_dates, "due_on is before the member entered the pool", "due_on");
    ms.membership_id = target->id;
    ms.generated = false;
    ms.created_by = caller.user;
    ms.created_at = ms.updated_at = ctx_.now();
    ms.id = store::PoolRepository::insertMilestone(c, ms);
    ctx_.audit.record(c, caller, "milestone.add", memberObject(*target, e),
                  AuditTrail::diff(nlohmann::json::object(), milestoneAudit(ms)));
  });
  return decidedOn(ms, ctx_.today());
}

domain::Milestone PoolService::changeMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                               const char* action, std::optional<std::int64_t> version,
                                               const std::function<void(domain::Milestone&)>& change,
                                               const std::string* reopen_reason) {
  domain::Milestone result;
  scope_.write(caller, uscc, action, [&](store::Connection& c, const domain::Enterprise& e) {
    auto ms = store::PoolRepository::milestone(c, id);
    std::optional<domain::PoolMember> m;
    if (ms) m = store::PoolRepository::member(c, ms->membership_id);
    if (!ms || !m || m->enterprise_id != e.id)
      throw Error(errc::milestone_not_found, "no milestone " + std::to_string(id) + " for " + e.uscc);
    if (version && *version != ms->version)
      throw Error(errc::stale_version, "the milestone changed since version " + std::to_string(*version), "version")
          .withDetails(nlohmann::json{{"current_version", ms->version}}.dump());
    if (reopen_reason) {
      if (ms->status != "done" && ms->status != "waived")
        throw Error(errc::illegal_transition, "milestone " + std::to_string(id) + " is " + ms->status +
                                                                  "; only a done or waived milestone can be reopened");
      if (m->exited_on)
        throw Error(errc::member_exited, "the member left the pool on " + m->exited_on->toString() +
                                                             "; its milestones stay as they were");
    } else if (ms->status != "planned") {
      throw Error(errc::milestone_closed, "milestone " + std::to_string(id) + " is " + ms->status);
    }
    domain::Milestone after = *ms;
    change(after);
    if (after.due_on < m->entered_on)
      throw Error(errc::inconsistent_dates, "due_on is before the member entered the pool", "due_on");
    after.updated_at = ctx_.now();
    if (!store::PoolRepository::updateMilestone(c, after))
      throw Error(errc::stale_version, "the milestone changed during the edit; retry", "version");
    after.version = ms->version + 1;
    nlohmann::json after_audit = milestoneAudit(after);
    if (reopen_reason) after_audit["reopen_reason"] = *reopen_reason;
    ctx_.audit.record(c, caller, action, memberObject(*m, e), AuditTrail::diff(milestoneAudit(*ms), after_audit));
    result = after;
  });
  return decidedOn(result, ctx_.today());
}

domain::Milestone PoolService::editMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                             const io::MilestoneDraft& d) {
  std::optional<Date> due;
  if (d.due_on) due = parseDate(*d.due_on, "due_on");
  if (d.title) checkText(*d.title, "title", true);
  if (d.kind && std::none_of(std::begin(kMilestoneKinds), std::end(kMilestoneKinds),
                             [&](const char* k) { return *d.kind == k; }))
    throw Error(errc::invalid_kind, "unknown milestone kind '" + *d.kind + "'", "kind");
  return changeMilestone(caller, uscc, id, "milestone.edit", d.version, [&](domain::Milestone& m) {
    if (d.title) m.title = std::string(text::trim(*d.title));
    if (d.kind) m.kind = *d.kind;
    if (due) {
      m.due_on = *due;
      m.compressed = false;
    }
  });
}

domain::Milestone PoolService::completeMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                                 const io::MilestoneClose& close) {
  Date t = ctx_.today();
  Date on = close.on ? parseDate(*close.on, "done_on") : t;
  if (t < on) throw Error(errc::date_in_future, "done_on is after today", "done_on");
  return changeMilestone(caller, uscc, id, "milestone.complete", close.version, [&](domain::Milestone& m) {
    m.status = "done";
    m.done_on = on;
    m.closed_by = caller.user;
  });
}

domain::Milestone PoolService::waiveMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                              const io::MilestoneClose& close) {
  std::string reason(text::trim(close.reason));
  checkText(reason, "reason", true);
  return changeMilestone(caller, uscc, id, "milestone.waive", close.version, [&](domain::Milestone& m) {
    m.status = "waived";
    m.waived_reason = reason;
    m.closed_by = caller.user;
  });
}

domain::Milestone PoolService::reopenMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                               const io::MilestoneClose& close) {
  std::string reason(text::trim(close.reason));
  checkText(reason, "reason", true);
  return changeMilestone(
      caller, uscc, id, "milestone.reopen", close.version,
      [&](domain::Milestone& m) {
        m.status = "planned";
        m.done_on.reset();
        m.waived_reason.clear();
        m.closed_by.clear();
      },
      &reason);
}

DuePage PoolService::dueMilestones(const Caller& caller, const std::string& pool, const DueQuery& q) {
  poolDef(pool);
  store::MilestoneFilter f;
  f.pool = pool;
  f.scope = Scope(caller).listFilter();
  f.region = q.region;
  f.due_before = q.due_before.value_or(ctx_.today().addDays(30));
  f.limit = ctx_.pageLimit(q.limit);
  if (!q.cursor.empty()) f.after_id = io::decodeCursor(q.cursor);
  DuePage page;
  page.due_before = f.due_before;
  page.today = ctx_.today();
  ctx_.db.read([&](store::Connection& c) {
    auto rows = store::PoolRepository::dueMilestones(c, f);
    if (static_cast<int>(rows.size()) > f.limit) {
      rows.resize(f.limit);
      page.next_cursor = io::encodeCursor(rows.back().milestone.id);
    }
    for (auto& r : rows) page.items.push_back({decidedOn(r.milestone, page.today), r.member});
  });
  return page;
}

}  // namespace trellis::service
