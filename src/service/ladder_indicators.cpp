// The indicator use cases of LadderService (ladder_service.h IN1–IN7): yearly indicators, HNTE
// expert scores and compliance facts. Each change re-generates the roadmaps of the enterprise's
// open memberships (afterFactsChanged). The designation use cases are in ladder_service.cpp.
#include <nlohmann/json.hpp>

#include "ladder_support.h"
#include "trellis/core/error.h"
#include "trellis/domain/indicator_fields.h"
#include "trellis/domain/indicator_relations.h"
#include "trellis/rules/eligibility.h"
#include "trellis/service/ladder_service.h"

namespace trellis::service {
using namespace ladder_support;
namespace {

constexpr std::int64_t kMaxValue = 1'000'000'000'000'000;  // IN6: 10^15 yuan

}  // namespace

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

void LadderService::checkIndicators(const domain::YearlyIndicators& v) const {
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
}

domain::IndicatorsRecord LadderService::putIndicatorsOn(store::Connection& c, const Caller& caller,
                                                        const domain::Enterprise& e, const domain::YearlyIndicators& v) {
  auto before = store::LadderRepository::indicators(c, e.id, v.year);
  domain::IndicatorsRecord result;
  result.values = v;
  result.updated_by = caller.user;
  result.updated_at = ctx_.now();
  result.version = store::LadderRepository::putIndicators(c, e.id, v, caller.user, result.updated_at);
  nlohmann::json after = io::indicatorsToJson(v);
  after.erase("ratios");
  nlohmann::json prior = before ? io::indicatorsToJson(before->values) : nlohmann::json::object();
  prior.erase("ratios");
  ctx_.audit.record(c, caller, "indicators.write", enterpriseObject(e), AuditTrail::diff(prior, after));
  afterFactsChanged(c, caller, e);
  return result;
}

void LadderService::removeIndicatorsOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e, int year) {
  auto before = store::LadderRepository::indicators(c, e.id, year);
  if (!before || !store::LadderRepository::deleteIndicators(c, e.id, year))
    throw Error(errc::indicators_not_found, "no indicators reported for " + std::to_string(year));
  nlohmann::json prior = io::indicatorsToJson(before->values);
  prior.erase("ratios");
  ctx_.audit.record(c, caller, "indicators.delete", enterpriseObject(e), AuditTrail::diff(prior, nlohmann::json::object()));
  afterFactsChanged(c, caller, e);
}

domain::IndicatorsRecord LadderService::putIndicators(const Caller& caller, std::string_view uscc,
                                                  const domain::YearlyIndicators& v,
                                                  std::optional<std::int64_t> version) {
  checkIndicators(v);
  domain::IndicatorsRecord result;
  scope_.write(caller, uscc, "indicators.write", [&](store::Connection& c, const domain::Enterprise& e) {
    auto before = store::LadderRepository::indicators(c, e.id, v.year);
    std::int64_t current = before ? before->version : 0;
    if (version && *version != current)
      throw Error(errc::stale_version, "the indicators of " + std::to_string(v.year) + " changed since version " +
                                std::to_string(*version) + " (current " + std::to_string(current) + "); reload", "version")
          .withDetails(nlohmann::json{{"current_version", current}}.dump());
    result = putIndicatorsOn(c, caller, e, v);
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
    ctx_.audit.record(c, caller, "expert_scores.write", enterpriseObject(e), AuditTrail::diff(prior, after));
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
    ctx_.audit.record(c, caller, "ladder_facts.write", enterpriseObject(e));
    afterFactsChanged(c, caller, e);
  });
  return f;
}

}  // namespace trellis::service
