#include "trellis/service/ladder_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/rules/certificate_number.h"
#include "trellis/rules/designation_rules.h"
#include "trellis/rules/eligibility.h"
#include "trellis/service/member_upkeep.h"
#include "ladder_support.h"

namespace trellis::service {
using namespace ladder_support;
namespace {

nlohmann::json designationAudit(const domain::Designation& d) {
  return {{"id", d.id}, {"stage", d.stage}, {"starts_on", d.starts_on.toString()},
          {"ends_on", d.ends_on ? d.ends_on->toString() : ""}, {"number", d.number}, {"source", d.source},
          {"corrects_id", d.corrects_id ? nlohmann::json(*d.corrects_id) : nlohmann::json(nullptr)}};
}

std::vector<domain::Designation> plain(const std::vector<store::DesignationRecord>& records) {
  std::vector<domain::Designation> out;
  for (const auto& r : records) out.push_back(r.designation);
  return out;
}

}  // namespace

LadderService::LadderService(const Context& ctx, const rules::Ladder& ladder) : ctx_(ctx), ladder_(ladder), scope_(ctx) {}

DesignationView LadderService::viewOf(domain::Designation d, const std::vector<domain::Designation>& all,
                                      Date on) const {
  std::string status = rules::designationStatus(ladder_, d, all, on);
  if (!d.ends_on) d.ends_on = ladder_.endsOn(d.stage, d.starts_on);
  return DesignationView{std::move(d), std::move(status)};
}

domain::Designation LadderService::checkedDraft(const io::DesignationDraft& draft, const domain::Enterprise& e) const {
  if (draft.stage.empty()) throw Error(errc::required, "stage is required", "stage");
  domain::Designation d;
  d.stage = draft.stage;
  d.starts_on = parseDate(draft.starts_on, "starts_on", true);  // DS2
  d.number = std::string(text::trim(draft.number));
  d.source = draft.source;
  d.evidence = draft.evidence;
  checkText(d.number, "number");
  checkText(d.source, "source");
  checkText(d.evidence, "evidence");
  rules::checkDesignation(ladder_, d);  // DS1
  d.ends_on = ladder_.endsOn(d.stage, d.starts_on);
  if (ctx_.today() < d.starts_on)
    throw Error(errc::date_in_future, "starts_on " + d.starts_on.toString() + " is after today", "starts_on");
  if (e.founded_on && d.starts_on < *e.founded_on)
    throw Error(errc::inconsistent_dates, "starts_on " + d.starts_on.toString() + " is before the enterprise was founded (" +
                             e.founded_on->toString() + ")", "starts_on");
  if (draft.ends_on) {  // DS3
    Date sent = parseDate(*draft.ends_on, "ends_on", true);
    if (sent != *d.ends_on)
      throw Error(errc::inconsistent_dates, "ends_on " + sent.toString() + " does not match the validity of " +
                               ladder_.stage(d.stage).name_zh + " starting " + d.starts_on.toString() + ": it ends on " +
                               d.ends_on->toString(), "ends_on");
  }
  return d;
}

DesignationView LadderService::insertDesignation(store::Connection& c, const Caller& caller,
                                                 const domain::Enterprise& e, domain::Designation d,
                                                 const char* action) {
  store::DesignationRecord r;
  r.enterprise_id = e.id;
  r.designation = d;
  r.recorded_by = caller.user;
  r.recorded_at = ctx_.now();
  d.id = store::LadderRepository::insertDesignation(c, r);
  ctx_.audit.record(c, caller, action, enterpriseObject(e), AuditTrail::diff(nlohmann::json::object(), designationAudit(d)));
  if (!d.revoked_on) graduateMembers(c, ctx_.audit, caller, e, d.stage, d.starts_on, r.recorded_at);  // GR1
  afterFactsChanged(c, caller, e);
  auto all = plain(store::LadderRepository::designations(c, e.id));
  return viewOf(d, all, ctx_.today());
}

void LadderService::afterFactsChanged(store::Connection& c, const Caller& caller, const domain::Enterprise& e) {
  syncRoadmaps(c, ladder_, ctx_.audit, caller, e, ctx_.today(), ctx_.now());
}

std::vector<DesignationView> LadderService::designations(const Caller& caller, std::string_view uscc,
                                                         std::optional<Date> as_of) {
  Date on = as_of.value_or(ctx_.today());
  std::vector<DesignationView> out;
  scope_.read(caller, uscc, "designation.read", [&](store::Connection& c, const domain::Enterprise& e) {
    auto all = plain(store::LadderRepository::designations(c, e.id));
    for (const auto& d : all) out.push_back(viewOf(d, all, on));
  });
  return out;
}

DesignationView LadderService::recordDesignation(const Caller& caller, std::string_view uscc,
                                                 const io::DesignationDraft& draft) {
  DesignationView result;
  scope_.write(caller, uscc, "designation.create", [&](store::Connection& c, const domain::Enterprise& e) {
    result = recordDesignationOn(c, caller, e, checkDesignationOn(c, e, draft, std::nullopt));
  });
  return result;
}

DesignationView LadderService::correctDesignation(const Caller& caller, std::string_view uscc, std::int64_t id,
                                                  const io::DesignationDraft& draft) {
  DesignationView result;
  scope_.write(caller, uscc, "designation.correct", [&](store::Connection& c, const domain::Enterprise& e) {
    result = recordDesignationOn(c, caller, e, checkDesignationOn(c, e, draft, id));
  });
  return result;
}

DesignationView LadderService::revokeDesignation(const Caller& caller, std::string_view uscc, std::int64_t id,
                                                 const io::RevocationDraft& draft) {
  DesignationView result;
  scope_.write(caller, uscc, "designation.revoke", [&](store::Connection& c, const domain::Enterprise& e) {
    result = revokeDesignationOn(c, caller, e, id, draft);
  });
  return result;
}

domain::Designation LadderService::checkDesignationOn(store::Connection& c, const domain::Enterprise& e,
                                                     const io::DesignationDraft& draft,
                                                     std::optional<std::int64_t> corrects_id) const {
  auto all = plain(store::LadderRepository::designations(c, e.id));
  if (corrects_id) {
    auto old = store::LadderRepository::designation(c, *corrects_id);
    if (!old || old->enterprise_id != e.id)
      throw Error(errc::designation_not_found, "no designation " + std::to_string(*corrects_id) + " for " + e.uscc);
    if (rules::supersededIn(old->designation, all))  // DS6
      throw Error(errc::already_corrected, "designation " + std::to_string(*corrects_id) +
                                                     " was already corrected; correct the newest record instead");
  }
  domain::Designation d = checkedDraft(draft, e);
  d.corrects_id = corrects_id;
  all.push_back(d);  // a corrected record counts as superseded for DS4/DS5
  rules::checkPlacement(ladder_, all.back(), all);
  return d;
}

DesignationView LadderService::recordDesignationOn(store::Connection& c, const Caller& caller,
                                                   const domain::Enterprise& e, const domain::Designation& d) {
  return insertDesignation(c, caller, e, d, d.corrects_id ? "designation.correct" : "designation.create");
}

std::vector<DesignationView> LadderService::designationsOn(store::Connection& c, const domain::Enterprise& e) const {
  auto all = plain(store::LadderRepository::designations(c, e.id));
  std::vector<DesignationView> out;
  for (const auto& d : all) out.push_back(viewOf(d, all, ctx_.today()));
  return out;
}

DesignationView LadderService::revokeDesignationOn(store::Connection& c, const Caller& caller,
                                                   const domain::Enterprise& e, std::int64_t id,
                                                   const io::RevocationDraft& draft) {
  auto old = store::LadderRepository::designation(c, id);
  if (!old || old->enterprise_id != e.id)
    throw Error(errc::designation_not_found, "no designation " + std::to_string(id) + " for " + e.uscc);
  domain::Designation d = old->designation;
  auto all = plain(store::LadderRepository::designations(c, e.id));
  if (rules::supersededIn(d, all))
    throw Error(errc::superseded, "designation " + std::to_string(id) +
                                                      " was corrected; revoke the correcting record");
  if (d.revoked_on)  // DS7
    throw Error(errc::already_revoked, "designation " + std::to_string(id) + " was revoked on " +
                                                           d.revoked_on->toString());
  Date on = parseDate(draft.revoked_on, "revoked_on", true);
  std::string reason(text::trim(draft.reason));
  if (reason.empty()) throw Error(errc::required, "a revocation needs a reason", "reason");
  checkText(reason, "reason");
  if (ctx_.today() < on) throw Error(errc::date_in_future, "revoked_on is after today", "revoked_on");
  d.revoked_on = on;
  d.revocation_reason = reason;
  rules::checkDesignation(ladder_, d);  // revoked_before_start
  store::LadderRepository::revokeDesignation(c, id, on, reason, caller.user);
  ctx_.audit.record(c, caller, "designation.revoke", enterpriseObject(e),
                    nlohmann::json{{"designation_id", id},
                               {"revoked_on", {nullptr, on.toString()}},
                               {"revocation_reason", {"", reason}}}.dump());
  afterFactsChanged(c, caller, e);
  all = plain(store::LadderRepository::designations(c, e.id));
  return viewOf(d, all, ctx_.today());
}

LadderView LadderService::ladderOf(const Caller& caller, std::string_view uscc, std::optional<Date> as_of) {
  Date on = as_of.value_or(ctx_.today());
  LadderView v;
  scope_.read(caller, uscc, "ladder.read", [&](store::Connection& c, const domain::Enterprise& e) {
    auto all = plain(store::LadderRepository::designations(c, e.id));
    v.position = ladder_.positionOn(all, on);
    v.timeline = ladder_.timeline(all);
    for (const auto& d : all) {
      domain::Designation shown = d;
      shown.ends_on = ladder_.endsOn(d.stage, d.starts_on);
      v.designations.push_back({shown, rules::designationStatus(ladder_, d, all, on)});
    }
  });
  if (!v.position.top.empty()) {
    v.next_stages = ladder_.nextStages(v.position.top);
  } else {
    for (const auto& s : ladder_.config().stages) {
      bool root = std::none_of(ladder_.config().transitions.begin(), ladder_.config().transitions.end(),
                               [&](const auto& t) { return t.second == s.id; });
      if (root) v.next_stages.push_back(s.id);
    }
  }
  return v;
}

rules::EligibilityReport LadderService::evaluate(const Caller& caller, std::string_view uscc, const std::string& stage,
                                                 std::optional<int> year, std::optional<Date> as_of) {
  int y = year.value_or(ctx_.today().year());
  Date on = as_of.value_or(ctx_.today());
  rules::EligibilityReport report;
  // Parameters are checked after the scope, so an out-of-scope enterprise is 404 whatever is asked.
  scope_.read(caller, uscc, "evaluation.read", [&](store::Connection& c, const domain::Enterprise& e) {
    if (stage.empty()) throw Error(errc::required, "stage is required (e.g. hnte)", "stage");
    ladder_.stage(stage);
    if (y < 2000 || y > ctx_.today().year() + 5)
      throw Error(errc::out_of_range, "year must be 2000.." + std::to_string(ctx_.today().year() + 5), "year");
    report = rules::evaluateStage(ladder_, stage, loadFacts(c, e, y), y, on);
  });
  return report;
}

}  // namespace trellis::service
