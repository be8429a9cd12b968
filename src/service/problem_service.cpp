#include "trellis/service/problem_service.h"

#include <nlohmann/json.hpp>

#include "trellis/service/text_field.h"
#include "trellis/core/error.h"
#include "trellis/core/uscc.h"
#include "trellis/io/cursor.h"
#include "trellis/service/scope.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/liaison_repository.h"

namespace trellis::service {
namespace {

using domain::ProblemStatus;

constexpr size_t kMaxNote = 1000, kMaxResolution = 2000;

bool visibleRow(store::Connection& c, const Caller& caller, const store::ProblemRow& row) {
  return Scope(caller).sees(c, row.problem.enterprise_id, row.region_code);
}

AuditObject objectOf(const store::ProblemRow& row) {
  return AuditObject{"problem", std::to_string(row.problem.id), row.region_code};
}

AuditObject objectOf(const domain::ProblemItem& item) {
  return AuditObject{"problem", std::to_string(item.problem.id), item.region_code};
}

// Hidden means absent: one error for both, without the id (EnterpriseScope).
Error notFound() { return Error(errc::problem_not_found, "no such problem (or not in your scope)"); }
AuditObject askedFor(std::int64_t id) { return AuditObject{"problem", std::to_string(id), ""}; }

struct Absent {};

struct Hidden {
  store::ProblemRow row;
};

nlohmann::json auditable(const domain::Problem& p) {
  return {{"status", domain::problemStatusName(p.status)}, {"owner_unit", p.owner_unit},
          {"deadline", p.deadline.toString()},              {"resolution", p.resolution},
          {"satisfaction", p.satisfaction ? nlohmann::json(*p.satisfaction) : nlohmann::json(nullptr)}};
}

}  // namespace

ProblemService::ProblemService(const Context& ctx, const domain::LiaisonConfig& config)
    : ctx_(ctx), config_(config) {}

domain::ProblemItem problemItemOf(store::ProblemRow row, Date today) {
  return domain::problemItemOn(std::move(row.problem), today, std::move(row.uscc), std::move(row.enterprise_name),
                               std::move(row.region_code));
}

ProblemView ProblemService::get(const Caller& caller, std::int64_t id) {
  ProblemView v;
  bool found = false, can_see = false;
  ctx_.db.read([&](store::Connection& c) {
    auto row = store::ProblemRepository::find(c, id);
    if (!row) return;
    found = true;
    v.row = problemItemOf(*row, ctx_.today());
    can_see = visibleRow(c, caller, *row);
    if (can_see) v.events = store::ProblemRepository::events(c, id);
  });
  // Both refusals cost the same audit write, so an absent id answers no faster than a hidden one.
  if (found && !can_see) ctx_.audit.recordRefusal(caller, "problem.read", objectOf(v.row), "denied", "out of scope");
  if (!found) ctx_.audit.recordRefusal(caller, "problem.read", askedFor(id), "invalid", "absent");
  if (!can_see) throw notFound();
  return v;
}

ProblemList ProblemService::list(const Caller& caller, const ProblemQuery& q) {
  store::ProblemFilter f;
  f.scope = Scope(caller).listFilter();
  // not_closed: every status but closed — the board's default 未销号.
  bool not_closed = q.status == "not_closed";
  if (!q.status.empty() && !not_closed && !domain::parseProblemStatus(q.status))
    throw Error(errc::unknown_status, "status must be open, in_progress, resolved, closed, escalated or not_closed", "status");
  if (!q.category.empty() && !config_.findCategory(q.category))
    throw Error(errc::unknown_category, "category '" + q.category + "' is not configured", "category");
  if (!q.owner_unit.empty() && !config_.findOwnerUnit(q.owner_unit))
    throw Error(errc::unknown_owner_unit, "owner unit '" + q.owner_unit + "' is not configured", "owner_unit");
  f.status = not_closed ? std::string() : q.status;
  f.not_closed = not_closed;
  f.category = q.category;
  f.owner_unit = q.owner_unit;
  f.region = q.region;
  if (q.overdue) f.overdue_on = ctx_.today().toString();
  f.limit = ctx_.pageLimit(q.limit);
  if (!q.cursor.empty()) f.after_id = io::decodeCursor(q.cursor);
  std::string code = q.uscc.empty() ? std::string() : uscc::parse(q.uscc).code;
  ProblemList out;
  ctx_.db.read([&](store::Connection& c) {
    if (!code.empty()) {
      auto e = store::EnterpriseRepository::findByUscc(c, code);
      if (!e) return;  // no rows; scope still applies to a known one through the filter
      f.enterprise_id = e->id;
    }
    auto page = store::ProblemRepository::list(c, f);
    const Date on = ctx_.today();
    for (auto& row : page.items) out.items.push_back(problemItemOf(std::move(row), on));
    if (page.next_after_id) out.next_cursor = io::encodeCursor(*page.next_after_id);
  });
  return out;
}

ProblemView ProblemService::change(const Caller& caller, std::int64_t id, const io::ProblemPatch& patch,
                                   std::optional<std::int64_t> if_match) {
  if (patch.version && if_match && *patch.version != *if_match)
    throw Error(errc::version_mismatch, "If-Match and the body's version disagree", "version");
  std::optional<std::int64_t> version = if_match ? if_match : patch.version;
  if (!version)
    throw Error(errc::version_required, 
                "send the version you read, in If-Match or as \"version\", so changes are never silently overwritten", 
                "version");
  std::optional<ProblemStatus> to;
  if (patch.status) {
    to = domain::parseProblemStatus(*patch.status);
    if (!to) throw Error(errc::unknown_status, "status must be open, in_progress, resolved, closed or escalated", "status");
  }
  if (!patch.status && !patch.owner_unit && !patch.deadline && !patch.resolution)
    throw Error(errc::required, "send a status, owner_unit, deadline or resolution to change", "status");
  if (patch.note) checkTextField(*patch.note, "note", kMaxNote, false, true);
  if (patch.resolution) checkTextField(*patch.resolution, "resolution", kMaxResolution, false, true);
  if (patch.owner_unit && !config_.findOwnerUnit(*patch.owner_unit))
    throw Error(errc::unknown_owner_unit, "owner unit '" + *patch.owner_unit + "' is not configured", "owner_unit");
  std::optional<Date> deadline;
  if (patch.deadline) {
    deadline = Date::parse(*patch.deadline);
    if (!deadline) throw Error(errc::invalid_date, "deadline must be a date YYYY-MM-DD", "deadline");
  }
  if (patch.satisfaction && to != ProblemStatus::closed)
    throw Error(errc::only_when_closing, "satisfaction is given when the problem is closed", "satisfaction");
  if (to == ProblemStatus::closed) {
    if (!patch.satisfaction)
      throw Error(errc::required, "closing (销号) needs the enterprise's satisfaction, 1–5", "satisfaction");
    if (*patch.satisfaction < 1 || *patch.satisfaction > 5)
      throw Error(errc::out_of_range, "satisfaction is 1 (very dissatisfied) to 5 (very satisfied)", "satisfaction");
  }

  const Date on = ctx_.today();
  const std::string now = ctx_.now();
  ProblemView v;
  try {
    ctx_.db.write([&](store::Connection& c) {
      auto found = store::ProblemRepository::find(c, id);
      if (!found) throw Absent{};
      if (!visibleRow(c, caller, *found)) throw Hidden{*found};
      const domain::Problem before = found->problem;
      if (before.version != *version)
        throw Error(errc::stale_version, "the problem changed since version " + std::to_string(*version) + "; reload (current version " +
                                  std::to_string(before.version) + ") and try again", "version")
            .withDetails(nlohmann::json{{"current_version", before.version}}.dump());
      if (before.status == ProblemStatus::closed)
        throw Error(errc::problem_closed, "the problem is closed (销号); it cannot change", "status");
      domain::Problem p = before;
      if (to && *to != before.status) {
        if (!domain::isAllowedTransition(before.status, *to)) {
          nlohmann::json allowed = nlohmann::json::array();
          for (auto s : domain::allowedTransitions(before.status)) allowed.push_back(domain::problemStatusName(s));
          throw Error(errc::illegal_transition, std::string("a problem cannot go from ") + domain::problemStatusName(before.status) +
                                              " to " + domain::problemStatusName(*to), "status")
              .withDetails(nlohmann::json{{"from", domain::problemStatusName(before.status)},
                                          {"to", domain::problemStatusName(*to)},
                                          {"allowed", allowed}}
                               .dump());
        }
        p.status = *to;
      }  // the current status again is no transition: the other members may still change
      if (patch.resolution) p.resolution = *patch.resolution;
      if (patch.owner_unit) p.owner_unit = *patch.owner_unit;
      if (deadline) {
        if (*deadline < before.raised_on)
          throw Error(errc::before_raised, "deadline is before the day the problem was raised", "deadline");
        p.deadline = *deadline;
      }
      if (p.status == ProblemStatus::resolved && before.status != ProblemStatus::resolved) {
        if (p.resolution.empty())
          throw Error(errc::required, "say how the problem was resolved (resolution)", "resolution");
        p.resolved_on = on;
      }
      if (p.status == ProblemStatus::in_progress && before.status == ProblemStatus::resolved) p.resolved_on.reset();
      if (p.status == ProblemStatus::closed) {
        p.satisfaction = static_cast<int>(*patch.satisfaction);
        p.closed_on = on;
      }
      if (p.status == before.status && p.owner_unit == before.owner_unit && p.deadline == before.deadline &&
          p.resolution == before.resolution) {  // nothing changes: idempotent, nothing written
        v.row = problemItemOf(*found, on);
        v.events = store::ProblemRepository::events(c, id);
        return;
      }
      p.version = before.version + 1;
      p.updated_at = now;
      if (!store::ProblemRepository::update(c, p, before.version))
        throw Error(errc::stale_version, "the problem changed during the edit; reload and try again", "version");
      domain::ProblemEvent ev;
      ev.problem_id = p.id;
      ev.from_status = before.status;  // equal to to_status for an owner-unit or deadline change
      ev.to_status = p.status;
      ev.on_date = on;
      ev.at = now;
      ev.by = caller.user;
      ev.note = patch.note.value_or("");
      if (p.owner_unit != before.owner_unit)
        ev.note += std::string(ev.note.empty() ? "" : "; ") + "owner unit " + before.owner_unit + " → " + p.owner_unit;
      if (p.deadline != before.deadline)
        ev.note += std::string(ev.note.empty() ? "" : "; ") + "deadline " + before.deadline.toString() + " → " +
                   p.deadline.toString();
      store::ProblemRepository::appendEvent(c, ev, caller.user_id);
      found->problem = p;
      ctx_.audit.record(c, caller, "problem.update", objectOf(*found), AuditTrail::diff(auditable(before), auditable(p)));
      v.row = problemItemOf(*found, on);
      v.events = store::ProblemRepository::events(c, id);
    });
  } catch (const Hidden& hidden) {
    ctx_.audit.recordRefusal(caller, "problem.update", objectOf(hidden.row), "denied", "out of scope");
    throw notFound();
  } catch (const Absent&) {
    ctx_.audit.recordRefusal(caller, "problem.update", askedFor(id), "invalid", "absent");
    throw notFound();
  }
  return v;
}

}  // namespace trellis::service
