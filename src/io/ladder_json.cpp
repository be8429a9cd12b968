#include "trellis/io/ladder_json.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/domain/indicator_fields.h"
#include "trellis/domain/pool.h"
#include "trellis/io/json_body.h"

namespace trellis::io {
namespace {

bool present(const nlohmann::json& body, const char* field) {
  return body.contains(field) && !body.at(field).is_null();
}

std::optional<bool> optionalBool(const nlohmann::json& body, const char* field) {
  if (!present(body, field)) return std::nullopt;
  return boolField(body, field);
}

std::optional<int> optionalScore(const nlohmann::json& body, const char* field) {
  if (!present(body, field)) return std::nullopt;
  std::int64_t v = intField(body, field);
  if (v < -1000 || v > 1000) throw Error(errc::out_of_range, std::string(field) + " is out of range", field);
  return static_cast<int>(v);
}

template <class T>
nlohmann::json orNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json optionalNumber(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::optional<double> ratio(const std::optional<std::int64_t>& a, const std::optional<std::int64_t>& b) {
  if (!a || !b || *b <= 0) return std::nullopt;
  return static_cast<double>(*a) / static_cast<double>(*b);
}

}  // namespace

DesignationDraft parseDesignationDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"stage", "starts_on", "ends_on", "number", "source", "evidence"});
  DesignationDraft d;
  if (present(body, "stage")) d.stage = stringField(body, "stage");
  if (present(body, "starts_on")) d.starts_on = stringField(body, "starts_on");
  if (present(body, "ends_on")) d.ends_on = stringField(body, "ends_on");
  if (present(body, "number")) d.number = stringField(body, "number");
  if (present(body, "source")) d.source = stringField(body, "source");
  if (present(body, "evidence")) d.evidence = stringField(body, "evidence");
  return d;
}

RevocationDraft parseRevocation(const nlohmann::json& body) {
  requireKnownFields(body, {"revoked_on", "reason"});
  RevocationDraft r;
  if (present(body, "revoked_on")) r.revoked_on = stringField(body, "revoked_on");
  if (present(body, "reason")) r.reason = stringField(body, "reason");
  return r;
}

domain::YearlyIndicators parseIndicators(const nlohmann::json& body, int year, std::optional<std::int64_t>* version) {
  std::vector<std::string> allowed = {"version", "year"};
  for (const auto& f : domain::indicatorIntFields()) allowed.push_back(f.name);
  for (const auto& f : domain::indicatorBoolFields()) allowed.push_back(f.name);
  requireKnownFields(body, allowed);
  domain::YearlyIndicators v;
  v.year = year;
  if (present(body, "year") && intField(body, "year") != year)
    throw Error(errc::year_mismatch, "the body's year differs from the year in the path", "year");
  for (const auto& f : domain::indicatorIntFields())
    if (present(body, f.name)) f.get(v) = intField(body, f.name);
  for (const auto& f : domain::indicatorBoolFields())
    if (present(body, f.name)) f.get(v) = boolField(body, f.name);
  if (version && present(body, "version")) *version = intField(body, "version");
  return v;
}

ExpertScoresDraft parseExpertScores(const nlohmann::json& body) {
  requireKnownFields(body, {"ip_quality", "results_transfer", "rd_management", "growth_net_assets", "growth_sales", "note"});
  ExpertScoresDraft d;
  d.scores.ip_quality = optionalScore(body, "ip_quality");
  d.scores.results_transfer = optionalScore(body, "results_transfer");
  d.scores.rd_management = optionalScore(body, "rd_management");
  d.scores.growth_net_assets = optionalScore(body, "growth_net_assets");
  d.scores.growth_sales = optionalScore(body, "growth_sales");
  if (present(body, "note")) d.note = stringField(body, "note");
  return d;
}

LadderFactsDraft parseLadderFacts(const nlohmann::json& body) {
  requireKnownFields(body, {"resident_audited_taxpayer", "industry_allowed", "clean_record", "core_tech_in_key_fields",
                            "provincial_rd_institution", "national_award_top3_on", "led_standard_on"});
  LadderFactsDraft f;
  f.resident_audited_taxpayer = optionalBool(body, "resident_audited_taxpayer");
  f.industry_allowed = optionalBool(body, "industry_allowed");
  f.clean_record = optionalBool(body, "clean_record");
  f.core_tech_in_key_fields = optionalBool(body, "core_tech_in_key_fields");
  f.provincial_rd_institution = optionalBool(body, "provincial_rd_institution");
  if (present(body, "national_award_top3_on")) f.national_award_top3_on = stringField(body, "national_award_top3_on");
  if (present(body, "led_standard_on")) f.led_standard_on = stringField(body, "led_standard_on");
  return f;
}

nlohmann::json designationToJson(const domain::Designation& d, const rules::Ladder& ladder, const std::string& status) {
  const rules::StageDef* stage = ladder.findStage(d.stage);
  return {{"id", d.id},
          {"stage", d.stage},
          {"stage_name", stage ? stage->name_zh : ""},
          {"starts_on", d.starts_on.toString()},
          {"ends_on", d.ends_on ? nlohmann::json(d.ends_on->toString()) : nlohmann::json(nullptr)},
          {"number", d.number},
          {"source", d.source},
          {"evidence", d.evidence},
          {"revoked_on", d.revoked_on ? nlohmann::json(d.revoked_on->toString()) : nlohmann::json(nullptr)},
          {"revocation_reason", d.revocation_reason},
          {"corrects_id", orNull(d.corrects_id)},
          {"status", status}};
}

nlohmann::json indicatorsToJson(const domain::YearlyIndicators& v) {
  nlohmann::json j = {{"year", v.year}};
  domain::YearlyIndicators copy = v;
  for (const auto& f : domain::indicatorIntFields()) j[f.name] = orNull(f.get(copy));
  for (const auto& f : domain::indicatorBoolFields()) j[f.name] = orNull(f.get(copy));
  std::optional<std::int64_t> taxable_income;
  if (v.total_income) taxable_income = *v.total_income - v.non_taxable_income.value_or(0);
  j["ratios"] = {{"st_staff_ratio", optionalNumber(ratio(v.st_staff, v.employees))},
                 {"rd_to_revenue", optionalNumber(ratio(v.rd_expense_total, v.revenue))},
                 {"rd_to_costs", optionalNumber(ratio(v.rd_expense_total, v.total_costs))},
                 {"rd_domestic_share", optionalNumber(ratio(v.rd_expense_domestic, v.rd_expense_total))},
                 {"high_tech_income_share", optionalNumber(ratio(v.high_tech_income, taxable_income))}};
  return j;
}

nlohmann::json indicatorsRecordToJson(const domain::IndicatorsRecord& r) {
  nlohmann::json j = indicatorsToJson(r.values);
  j["version"] = r.version;
  j["updated_by"] = r.updated_by;
  j["updated_at"] = r.updated_at;
  return j;
}

nlohmann::json ladderCatalogToJson(const rules::Ladder& ladder) {
  using nlohmann::json;
  json items = json::array();
  for (const auto& st : ladder.config().stages) {
    json validity = st.validity == rules::ValidityKind::calendar_year ? json{{"kind", "calendar_year"}}
                                                                      : json{{"kind", "years"}, {"years", st.validity_years}};
    items.push_back({{"id", st.id}, {"name_zh", st.name_zh}, {"name_en", st.name_en}, {"local_policy", st.local_policy},
                     {"validity", validity}, {"next", ladder.nextStages(st.id)}});
  }
  json pools = json::array();
  for (const auto& p : domain::pools())
    pools.push_back({{"id", p.id}, {"name_zh", p.name_zh}, {"target_stages", p.target_stages}});
  return {{"items", items}, {"pools", pools}};
}

nlohmann::json ladderFactsToJson(const domain::LadderFacts& f) {
  using nlohmann::json;
  auto b = [](const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); };
  auto d = [](const std::optional<Date>& v) { return v ? json(v->toString()) : json(nullptr); };
  return {{"resident_audited_taxpayer", b(f.resident_audited_taxpayer)}, {"industry_allowed", b(f.industry_allowed)},
          {"clean_record", b(f.clean_record)}, {"core_tech_in_key_fields", b(f.core_tech_in_key_fields)},
          {"provincial_rd_institution", b(f.provincial_rd_institution)},
          {"national_award_top3_on", d(f.national_award_top3_on)}, {"led_standard_on", d(f.led_standard_on)}};
}

nlohmann::json expertScoresToJson(const domain::HnteExpertScores& s) {
  return {{"ip_quality", orNull(s.ip_quality)},
          {"results_transfer", orNull(s.results_transfer)},
          {"rd_management", orNull(s.rd_management)},
          {"growth_net_assets", orNull(s.growth_net_assets)},
          {"growth_sales", orNull(s.growth_sales)}};
}

nlohmann::json reportToJson(const rules::EligibilityReport& r, const rules::Ladder& ladder) {
  nlohmann::json criteria = nlohmann::json::array();
  for (const auto& c : r.criteria) {
    criteria.push_back({{"id", c.id},
                        {"label_zh", c.label_zh},
                        {"value", c.value.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.value)},
                        {"raw_value", optionalNumber(c.raw_value)},
                        {"threshold", c.threshold},
                        {"status", rules::statusName(c.status)},
                        {"gate", c.gate},
                        {"missing", c.missing},
                        {"gap", c.gap_zh},
                        {"note", c.note}});
  }
  nlohmann::json scores = nlohmann::json::array();
  for (const auto& s : r.scores) {
    scores.push_back({{"id", s.id},
                      {"label_zh", s.label_zh},
                      {"points_min", optionalNumber(s.points_min)},
                      {"points_max", optionalNumber(s.points_max)},
                      {"max_points", s.max_points},
                      {"band", s.band},
                      {"rate", optionalNumber(s.rate)},
                      {"computed", s.computed},
                      {"missing", s.missing},
                      {"note", s.note}});
  }
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& d : r.direct_routes)
    routes.push_back({{"id", d.id}, {"label_zh", d.label_zh}, {"status", rules::statusName(d.status)}, {"note", d.note}});
  nlohmann::json gaps = nlohmann::json::array();
  for (const auto* c : r.gaps()) gaps.push_back({{"id", c->id}, {"status", rules::statusName(c->status)}, {"gap", c->gap_zh}});
  const rules::StageDef* stage = ladder.findStage(r.stage);
  return {{"stage", r.stage},
          {"stage_name", stage ? stage->name_zh : ""},
          {"year", r.year},
          {"rules_effective_from", r.rules_effective_from},
          {"data_year", r.data_year},
          {"local_policy", r.local_policy},
          {"overall", rules::statusName(r.overall)},
          {"criteria", criteria},
          {"scores", scores},
          {"total_min", optionalNumber(r.total_min)},
          {"total_max", optionalNumber(r.total_max)},
          {"pass_line", r.pass_line},
          {"direct_routes", routes},
          {"direct_route_met", r.direct_route_met},
          {"gaps", gaps}};
}

nlohmann::json timelineEventToJson(const rules::TimelineEvent& e, const rules::Ladder& ladder) {
  const rules::StageDef* stage = ladder.findStage(e.stage);
  return {{"on", e.on.toString()},
          {"stage", e.stage},
          {"stage_name", stage ? stage->name_zh : ""},
          {"kind", e.kind},
          {"designation_id", e.designation_id},
          {"number", e.number}};
}

}  // namespace trellis::io
