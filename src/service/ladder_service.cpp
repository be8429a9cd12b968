#include "trellis/service/ladder_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/domain/indicator_fields.h"
#include "trellis/domain/indicator_relations.h"
#include "trellis/rules/certificate_number.h"
#include "trellis/rules/eligibility.h"
#include "trellis/service/member_upkeep.h"
#include "trellis/service/text_field.h"

namespace trellis::service {
namespace {

constexpr std::int64_t kMaxValue = 1'000'000'000'000'000;  // IN6: 10^15 yuan
constexpr size_t kMaxText = 500;

Date parseDate(const std::string& text, const char* field, bool required) {
  if (text.empty()) {
    if (required) throw Error(errc::required, std::string(field) + " is required (YYYY-MM-DD)", field);
    return Date();
  }
  auto d = Date::parse(text);
  if (!d) throw Error(errc::invalid_date, std::string(field) + " must be a date YYYY-MM-DD", field);
  return *d;
}

void checkText(const std::string& value, const char* field) { checkTextField(value, field, kMaxText, false, true); }

AuditObject objectOf(const domain::Enterprise& e) { return AuditObject{"enterprise", e.uscc, e.region_code}; }

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

bool supersededIn(const domain::Designation& d, const std::vector<domain::Designation>& all) {
  return std::any_of(all.begin(), all.end(), [&](const domain::Designation& o) {
    return o.corrects_id && *o.corrects_id == d.id;
  });
}

}  // namespace

LadderService::LadderService(const Context& ctx, const rules::Ladder& ladder) : ctx_(ctx), ladder_(ladder), scope_(ctx) {}

std::string LadderService::statusOf(const domain::Designation& d, const std::vector<domain::Designation>& all,
                                    Date on) const {
  if (supersededIn(d, all)) return "superseded";
  if (d.revoked_on && *d.revoked_on <= on) return "revoked";
  if (on < d.starts_on) return "pending";
  if (ladder_.endsOn(d.stage, d.starts_on) < on) return "expired";
  return "valid";
}

DesignationView LadderService::viewOf(domain::Designation d, const std::vector<domain::Designation>& all,
                                      Date on) const {
  std::string status = statusOf(d, all, on);
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

void LadderService::checkPlacement(const domain::Designation& d, const std::vector<domain::Designation>& all) const {
  // DS4: a local-policy stage with predecessors needs one held on starts_on that leads to it.
  std::vector<std::string> preds;
  for (const auto& [from, to] : ladder_.config().transitions)
    if (to == d.stage && ladder_.stage(d.stage).local_policy) preds.push_back(from);
  if (!preds.empty()) {
    bool ok = false;
    for (const auto& s : ladder_.config().stages)
      ok = ok || (s.id != d.stage && ladder_.reachable(s.id, d.stage) && ladder_.holdsOn(s.id, all, d.starts_on));
    if (!ok) {
      std::string names;
      for (const auto& p : preds) names += (names.empty() ? "" : "、") + ladder_.stage(p).name_zh;
      throw Error(errc::stage_not_reachable, ladder_.stage(d.stage).name_zh + "不可达：" + d.starts_on.toString() +
                                          "未持有可通往该阶段的有效资格（" + names + "）", "stage");
    }
  }
  // DS5.
  bool calendar_year = ladder_.stage(d.stage).validity == rules::ValidityKind::calendar_year;
  for (const auto& o : all) {
    if (&o == &d || o.id == d.id || o.stage != d.stage || supersededIn(o, all)) continue;
    if (d.corrects_id && o.id == *d.corrects_id) continue;
    bool same = o.starts_on == d.starts_on || (calendar_year && o.starts_on.year() == d.starts_on.year());
    if (same)
      throw Error(errc::duplicate_designation, "a " + ladder_.stage(d.stage).name_zh + " record starting " + o.starts_on.toString() +
                                " already exists (id " + std::to_string(o.id) + "); correct it instead", "starts_on");
  }
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
  ctx_.audit.record(c, caller, action, objectOf(e), AuditTrail::diff(nlohmann::json::object(), designationAudit(d)));
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
    domain::Designation d = checkedDraft(draft, e);
    auto all = plain(store::LadderRepository::designations(c, e.id));
    checkPlacement(d, all);
    result = insertDesignation(c, caller, e, d, "designation.create");
  });
  return result;
}

DesignationView LadderService::correctDesignation(const Caller& caller, std::string_view uscc, std::int64_t id,
                                                  const io::DesignationDraft& draft) {
  DesignationView result;
  scope_.write(caller, uscc, "designation.correct", [&](store::Connection& c, const domain::Enterprise& e) {
    auto old = store::LadderRepository::designation(c, id);
    if (!old || old->enterprise_id != e.id)
      throw Error(errc::designation_not_found, "no designation " + std::to_string(id) + " for " + e.uscc);
    auto all = plain(store::LadderRepository::designations(c, e.id));
    if (supersededIn(old->designation, all))  // DS6
      throw Error(errc::already_corrected, "designation " + std::to_string(id) +
                                                     " was already corrected; correct the newest record instead");
    domain::Designation d = checkedDraft(draft, e);
    d.corrects_id = id;
    all.push_back(d);  // the old record counts as superseded for DS4/DS5
    checkPlacement(all.back(), all);
    result = insertDesignation(c, caller, e, d, "designation.correct");
  });
  return result;
}

DesignationView LadderService::revokeDesignation(const Caller& caller, std::string_view uscc, std::int64_t id,
                                                 const io::RevocationDraft& draft) {
  DesignationView result;
  scope_.write(caller, uscc, "designation.revoke", [&](store::Connection& c, const domain::Enterprise& e) {
    auto old = store::LadderRepository::designation(c, id);
    if (!old || old->enterprise_id != e.id)
      throw Error(errc::designation_not_found, "no designation " + std::to_string(id) + " for " + e.uscc);
    domain::Designation d = old->designation;
    auto all = plain(store::LadderRepository::designations(c, e.id));
    if (supersededIn(d, all))
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
    ctx_.audit.record(c, caller, "designation.revoke", objectOf(e),
                  nlohmann::json{{"designation_id", id},
                                 {"revoked_on", {nullptr, on.toString()}},
                                 {"revocation_reason", {"", reason}}}.dump());
    afterFactsChanged(c, caller, e);
    all = plain(store::LadderRepository::designations(c, e.id));
    result = viewOf(d, all, ctx_.today());
  });
  return result;
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
      v.designations.push_back({shown, statusOf(d, all, on)});
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

domain::IndicatorsRecord LadderService::indicators(const Caller& caller, std::string_view uscc, int year) {
  std::optional<domain::IndicatorsRecord> row;
  scope_.read(caller, uscc, "indicators.read", [&](store::Connection& c, const domain::Enterprise& e) {
    row = store::LadderRepository::indicators(c, e.id, year);
  });
  if (!row) throw Error(errc::indicators_not_found, "no indicators reported for " + std::to_string(year));
  return *row;
}

std::vector<domain::YearlyIndicators> LadderService::allIndicators(const Caller& caller, std::string_view uscc) {
  std::vector<domain::YearlyIndicators> rows;
  scope_.read(caller, uscc, "indicators.read", [&](store::Connection& c, const domain::Enterprise& e) {
    rows = store::LadderRepository::allIndicators(c, e.id);
  });
  return rows;
}

domain::IndicatorsRecord LadderService::putIndicators(const Caller& caller, std::string_view uscc,
                                                  const domain::YearlyIndicators& v,
                                                  std::optional<std::int64_t> version) {
  if (v.year > ctx_.today().year())  // IN1
    throw Error(errc::future_year, "indicators of " + std::to_string(v.year) + " cannot be reported before the year has begun", "year");
  if (v.year < 1980) throw Error(errc::out_of_range, "year must be 1980 or later", "year");
  domain::YearlyIndicators copy = v;
  for (const auto& f : domain::indicatorIntFields()) {
    const auto& value = f.get(copy);
    if (value && *value < 0)  // IN2
      throw Error(errc::negative_value, std::string(f.name) + (f.money ? " (yuan)" : "") + " cannot be negative", f.name);
    if (value && *value > kMaxValue) throw Error(errc::out_of_range, std::string(f.name) + " is implausibly large", f.name);
  }
  if (auto broken = domain::firstViolatedRelation(v))  // IN3–IN5, IN7
    throw Error(*broken->relation->code, domain::describe(*broken), broken->relation->field);
  domain::IndicatorsRecord result;
  scope_.write(caller, uscc, "indicators.write", [&](store::Connection& c, const domain::Enterprise& e) {
    auto before = store::LadderRepository::indicators(c, e.id, v.year);
    std::int64_t current = before ? before->version : 0;
    if (version && *version != current)
      throw Error(errc::stale_version, "the indicators of " + std::to_string(v.year) + " changed since version " +
                                std::to_string(*version) + " (current " + std::to_string(current) + "); reload", "version")
          .withDetails(nlohmann::json{{"current_version", current}}.dump());
    std::string at = ctx_.now();
    result.values = v;
    result.updated_by = caller.user;
    result.updated_at = at;
    result.version = store::LadderRepository::putIndicators(c, e.id, v, caller.user, at);
    nlohmann::json after = io::indicatorsToJson(v);
    after.erase("ratios");
    nlohmann::json prior = before ? io::indicatorsToJson(before->values) : nlohmann::json::object();
    prior.erase("ratios");
    ctx_.audit.record(c, caller, "indicators.write", objectOf(e), AuditTrail::diff(prior, after));
    afterFactsChanged(c, caller, e);
  });
  return result;
}

domain::HnteExpertScores LadderService::expertScores(const Caller& caller, std::string_view uscc, int year,
                                                     std::string* note) {
  domain::HnteExpertScores s;
  scope_.read(caller, uscc, "indicators.read", [&](store::Connection& c, const domain::Enterprise& e) {
    if (auto found = store::LadderRepository::expertScores(c, e.id, year, note)) s = *found;
  });
  return s;
}

domain::HnteExpertScores LadderService::putExpertScores(const Caller& caller, std::string_view uscc, int year,
                                                        const io::ExpertScoresDraft& draft) {
  const rules::HnteRules* hnte = rules::hnteRulesFor(ladder_.config(), year);
  if (!hnte) throw Error(errc::no_rule_set, "no HNTE rule set covers " + std::to_string(year), "year");
  if (year > ctx_.today().year() + 5) throw Error(errc::out_of_range, "year is too far ahead", "year");
  auto check = [&](const char* id, const std::optional<int>& v) {
    if (!v) return;
    for (const auto& p : hnte->pillars)
      if (p.id == id && (*v < 0 || *v > p.max_points))
        throw Error(errc::out_of_range, p.label_zh + " must be 0–" + std::to_string(p.max_points), id);
  };
  check("ip_quality", draft.scores.ip_quality);
  check("results_transfer", draft.scores.results_transfer);
  check("rd_management", draft.scores.rd_management);
  check("growth_net_assets", draft.scores.growth_net_assets);
  check("growth_sales", draft.scores.growth_sales);
  checkText(draft.note, "note");
  scope_.write(caller, uscc, "expert_scores.write", [&](store::Connection& c, const domain::Enterprise& e) {
    std::string old_note;
    auto before = store::LadderRepository::expertScores(c, e.id, year, &old_note);
    store::LadderRepository::putExpertScores(c, e.id, year, draft.scores, draft.note, caller.user, ctx_.now());
    nlohmann::json prior = before ? io::expertScoresToJson(*before) : nlohmann::json::object();
    nlohmann::json after = io::expertScoresToJson(draft.scores);
    prior["year"] = after["year"] = year;
    ctx_.audit.record(c, caller, "expert_scores.write", objectOf(e), AuditTrail::diff(prior, after));
    afterFactsChanged(c, caller, e);
  });
  return draft.scores;
}

domain::LadderFacts LadderService::facts(const Caller& caller, std::string_view uscc) {
  domain::LadderFacts f;
  scope_.read(caller, uscc, "indicators.read",
              [&](store::Connection& c, const domain::Enterprise& e) { f = store::LadderRepository::facts(c, e.id); });
  return f;
}

domain::LadderFacts LadderService::putFacts(const Caller& caller, std::string_view uscc, const io::LadderFactsDraft& d) {
  domain::LadderFacts f;
  f.resident_audited_taxpayer = d.resident_audited_taxpayer;
  f.industry_allowed = d.industry_allowed;
  f.clean_record = d.clean_record;
  f.core_tech_in_key_fields = d.core_tech_in_key_fields;
  f.provincial_rd_institution = d.provincial_rd_institution;
  auto date = [&](const std::optional<std::string>& text, const char* field) -> std::optional<Date> {
    if (!text) return std::nullopt;
    Date v = parseDate(*text, field, true);
    if (ctx_.today() < v) throw Error(errc::date_in_future, std::string(field) + " is after today", field);
    return v;
  };
  f.national_award_top3_on = date(d.national_award_top3_on, "national_award_top3_on");
  f.led_standard_on = date(d.led_standard_on, "led_standard_on");
  scope_.write(caller, uscc, "ladder_facts.write", [&](store::Connection& c, const domain::Enterprise& e) {
    store::LadderRepository::putFacts(c, e.id, f, caller.user, ctx_.now());
    ctx_.audit.record(c, caller, "ladder_facts.write", objectOf(e));
    afterFactsChanged(c, caller, e);
  });
  return f;
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
