#include "rule_set_config.h"

#include <set>

#include "trellis/rules/local_policy_evaluator.h"

namespace trellis::rules::detail {
namespace {

void readVersion(const ConfigReader& r, int& from, std::optional<int>& until, std::string& basis) {
  from = static_cast<int>(r.integer("effective_from"));
  if (auto u = r.optInteger("effective_until")) {
    until = static_cast<int>(*u);
    if (*until < from) r.failAt(".effective_until", "before effective_from");
  }
  basis = r.strOr("basis", "");
}

void checkUnique(const ConfigReader& at, std::set<std::string>& seen, const std::string& id) {
  if (!seen.insert(id).second) at.failAt(".id", "duplicate id \"" + id + "\"");
}

// The "id" of r, which must be one of known and not seen before.
std::string knownId(const ConfigReader& r, const std::set<std::string>& known, std::set<std::string>& seen,
                    const char* what) {
  std::string id = r.str("id");
  if (!known.count(id)) r.failAt(".id", std::string("unknown ") + what + " \"" + id + "\"");
  checkUnique(r, seen, id);
  return id;
}

LocalCriterion readLocalCriterion(const ConfigReader& r, std::set<std::string>& seen) {
  static const std::set<std::string> kOps = {">=", ">", "<=", "<"};
  LocalCriterion c;
  c.id = r.str("id");
  checkUnique(r, seen, c.id);
  c.label_zh = r.str("label_zh");
  for (const char* group : {"any_of", "all_of"}) {
    if (!r.has(group)) continue;
    auto& members = std::string(group) == "any_of" ? c.any_of : c.all_of;
    for (const ConfigReader& alt : r.items(group)) members.push_back(readLocalCriterion(alt, seen));
    if (members.empty()) r.failAt(std::string(".") + group, "empty group");
    return c;
  }
  c.metric = r.str("metric");
  if (!isLocalMetric(c.metric)) r.failAt(".metric", "unknown metric \"" + c.metric + "\"");
  c.op = r.str("op");
  if (!kOps.count(c.op)) r.failAt(".op", "unknown operator \"" + c.op + "\"");
  c.threshold = r.number("threshold");
  return c;
}

}  // namespace

TechSmeRules readTechSmeRules(const ConfigReader& r) {
  static const std::set<std::string> kRoutes = {"valid_hnte", "national_award_top3",
                                                "provincial_rd_institution", "led_standard"};
  static const std::set<std::string> kRdFields = {"rd_expense_super_deduction", "rd_expense_total"};
  TechSmeRules t;
  readVersion(r, t.effective_from, t.effective_until, t.basis);
  t.data_year_offset = static_cast<int>(r.integer("data_year_offset"));
  t.rd_expense_basis = r.strings("rd_expense_basis");
  for (std::size_t i = 0; i < t.rd_expense_basis.size(); ++i)
    if (!kRdFields.count(t.rd_expense_basis[i]))
      r.failAt(".rd_expense_basis[" + std::to_string(i) + "]", "unknown indicator field");
  if (t.rd_expense_basis.empty()) r.failAt(".rd_expense_basis", "empty");
  ConfigReader size = r.child("size");
  t.max_employees = size.integer("max_employees");
  t.max_revenue = size.integer("max_revenue");
  t.max_total_assets = size.integer("max_total_assets");
  ConfigReader scoring = r.child("scoring");
  t.st_staff_ratio = scoring.bands("st_staff_ratio", "points");
  t.rd_to_revenue = scoring.bands("rd_to_revenue", "points");
  t.rd_to_costs = scoring.bands("rd_to_costs", "points");
  ConfigReader ip = scoring.child("ip");
  t.ip_class1_min = ip.integer("class1_min");
  t.ip_class1_points = ip.number("class1_points");
  t.ip_class2_count = ip.bands("class2_count", "points");
  t.pass_score = scoring.number("pass_score");
  t.st_staff_points_above = scoring.number("st_staff_points_above");
  std::set<std::string> seen;
  for (const ConfigReader& d : r.items("direct_routes")) {
    TechSmeDirectRoute route;
    route.id = knownId(d, kRoutes, seen, "direct route");
    route.label_zh = d.str("label_zh");
    route.lookback_years = static_cast<int>(d.optInteger("lookback_years").value_or(0));
    route.unconfirmed = d.boolOr("unconfirmed", false);
    t.direct_routes.push_back(route);
  }
  return t;
}

HnteRules readHnteRules(const ConfigReader& r) {
  static const std::set<std::string> kPillars = {"ip_quality", "results_transfer", "rd_management",
                                                 "growth_net_assets", "growth_sales"};
  HnteRules h;
  readVersion(r, h.effective_from, h.effective_until, h.basis);
  h.data_year_offset = static_cast<int>(r.integer("data_year_offset"));
  h.window_years = static_cast<int>(r.integer("window_years"));
  if (h.window_years < 1) r.failAt(".window_years", "must be ≥ 1");
  h.min_registered_days = static_cast<int>(r.integer("min_registered_days"));
  h.min_core_ip = r.integer("min_core_ip");
  h.min_st_staff_ratio = r.number("min_st_staff_ratio");
  h.rd_ratio_by_revenue = r.bands("rd_ratio_by_revenue", "required_ratio");
  h.min_domestic_rd_share = r.number("min_domestic_rd_share");
  h.min_high_tech_income_share = r.number("min_high_tech_income_share");
  ConfigReader score = r.child("innovation_score");
  h.innovation_score_above = score.number("pass_above");
  std::set<std::string> seen;
  for (const ConfigReader& p : score.items("pillars")) {
    HntePillar pillar;
    pillar.id = knownId(p, kPillars, seen, "pillar");
    pillar.label_zh = p.str("label_zh");
    pillar.max_points = static_cast<int>(p.integer("max_points"));
    h.pillars.push_back(pillar);
  }
  if (seen.size() != kPillars.size())
    score.failAt(".pillars", "needs exactly ip_quality, results_transfer, rd_management, "
                             "growth_net_assets, growth_sales");
  h.growth_points = score.bands("growth_points", "points");
  h.results_transfer_points = score.bands("results_transfer_points", "points");
  return h;
}

LocalPolicyRules readLocalPolicyRules(const ConfigReader& r) {
  LocalPolicyRules l;
  readVersion(r, l.effective_from, l.effective_until, l.basis);
  l.local_policy = r.boolOr("local_policy", false);
  l.data_year_offset = static_cast<int>(r.integer("data_year_offset"));
  l.requires_any_of = r.stringsOr("requires_any_of");
  std::set<std::string> seen;
  for (const ConfigReader& c : r.items("criteria")) l.criteria.push_back(readLocalCriterion(c, seen));
  return l;
}

}  // namespace trellis::rules::detail
