#include "trellis/rules/local_policy_evaluator.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "facts_access.h"
#include "trellis/core/error.h"
#include "trellis/rules/text_format.h"

namespace trellis::rules {
namespace {

using detail::need;
using domain::YearlyIndicators;

enum class Unit { money, ratio, count, years };

struct MetricValue {
  std::optional<double> value;
  std::vector<std::string> missing;
};

using MetricFn = MetricValue (*)(const domain::EnterpriseFacts&, int, Date);

MetricValue single(const domain::EnterpriseFacts& f, int y, detail::Field field, const char* name) {
  MetricValue m;
  if (auto v = need(f, y, field, name, m.missing)) m.value = static_cast<double>(*v);
  return m;
}

MetricValue ratio(const domain::EnterpriseFacts& f, int y, detail::Field num, const char* num_name,
                  detail::Field den, const char* den_name) {
  MetricValue m;
  auto a = need(f, y, num, num_name, m.missing);
  auto b = need(f, y, den, den_name, m.missing);
  if (a && b && *b > 0) m.value = static_cast<double>(*a) / static_cast<double>(*b);
  return m;
}

MetricValue growth(const domain::EnterpriseFacts& f, int from, int to, detail::Field field, const char* name) {
  MetricValue m;
  auto a = need(f, from, field, name, m.missing);
  auto b = need(f, to, field, name, m.missing);
  if (a && b && *a > 0 && *b >= 0)
    m.value = std::pow(static_cast<double>(*b) / static_cast<double>(*a), 1.0 / (to - from)) - 1;
  return m;
}

struct Metric {
  Unit unit;
  MetricFn fn;
};

const std::map<std::string, Metric>& catalogue() {
  static const std::map<std::string, Metric> kMetrics = {
      {"revenue", {Unit::money, [](const domain::EnterpriseFacts& f, int y, Date) {
         return single(f, y, &YearlyIndicators::revenue, "revenue"); }}},
      {"employees", {Unit::count, [](const domain::EnterpriseFacts& f, int y, Date) {
         return single(f, y, &YearlyIndicators::employees, "employees"); }}},
      {"net_assets", {Unit::money, [](const domain::EnterpriseFacts& f, int y, Date) {
         MetricValue m;
         auto a = need(f, y, &YearlyIndicators::total_assets, "total_assets", m.missing);
         auto l = need(f, y, &YearlyIndicators::total_liabilities, "total_liabilities", m.missing);
         if (a && l) m.value = static_cast<double>(*a - *l);
         return m; }}},
      {"rd_to_revenue", {Unit::ratio, [](const domain::EnterpriseFacts& f, int y, Date) {
         return ratio(f, y, &YearlyIndicators::rd_expense_total, "rd_expense_total",
                      &YearlyIndicators::revenue, "revenue"); }}},
      {"st_staff_ratio", {Unit::ratio, [](const domain::EnterpriseFacts& f, int y, Date) {
         return ratio(f, y, &YearlyIndicators::st_staff, "st_staff", &YearlyIndicators::employees, "employees"); }}},
      {"revenue_growth_1y", {Unit::ratio, [](const domain::EnterpriseFacts& f, int y, Date) {
         return growth(f, y - 1, y, &YearlyIndicators::revenue, "revenue"); }}},
      {"revenue_cagr_3y", {Unit::ratio, [](const domain::EnterpriseFacts& f, int y, Date) {
         return growth(f, y - 3, y, &YearlyIndicators::revenue, "revenue"); }}},
      {"employees_cagr_3y", {Unit::ratio, [](const domain::EnterpriseFacts& f, int y, Date) {
         return growth(f, y - 3, y, &YearlyIndicators::employees, "employees"); }}},
      {"first_year_revenue", {Unit::money, [](const domain::EnterpriseFacts& f, int y, Date) {
         return single(f, y - 3, &YearlyIndicators::revenue, "revenue"); }}},
      {"first_year_employees", {Unit::count, [](const domain::EnterpriseFacts& f, int y, Date) {
         return single(f, y - 3, &YearlyIndicators::employees, "employees"); }}},
      {"years_since_founded", {Unit::years, [](const domain::EnterpriseFacts& f, int, Date on) {
         MetricValue m;
         if (!f.founded_on) {
           m.missing.push_back("founded_on");
           return m;
         }
         int years = on.year() - f.founded_on->year();
         if (f.founded_on->addYears(years) > on) --years;
         m.value = years;
         return m; }}},
  };
  return kMetrics;
}

std::string show(Unit unit, double v) {
  switch (unit) {
    case Unit::money: return moneyZh(static_cast<std::int64_t>(std::llround(v)));
    case Unit::ratio: return percent(v);
    case Unit::count: return plainNumber(v);
    case Unit::years: return plainNumber(v) + "年";
  }
  return plainNumber(v);
}

bool compare(const std::string& op, double v, double t) {
  if (op == ">=") return v >= t;
  if (op == ">") return v > t;
  if (op == "<=") return v <= t;
  return v < t;
}

std::string opZh(const std::string& op) {
  return op == ">=" ? "≥ " : op == ">" ? "> " : op == "<=" ? "≤ " : "< ";
}

Criterion evaluateCriterion(const LocalCriterion& lc, const domain::EnterpriseFacts& f, int y, Date on) {
  Criterion c{lc.id, lc.label_zh};
  if (!lc.any_of.empty() || !lc.all_of.empty()) {  // LP3
    const bool any = !lc.any_of.empty();
    const char* join = any ? " 或 " : " 且 ";
    std::vector<Status> parts;
    for (const LocalCriterion& member : any ? lc.any_of : lc.all_of) {
      Criterion a = evaluateCriterion(member, f, y, on);
      parts.push_back(a.status);
      c.threshold += (c.threshold.empty() ? "" : join) + a.label_zh + a.threshold;
      c.value += (c.value.empty() ? "" : "；") + a.label_zh + (a.value.empty() ? "未知" : a.value);
      c.missing.insert(c.missing.end(), a.missing.begin(), a.missing.end());
      if (!a.gap_zh.empty()) c.gap_zh += (c.gap_zh.empty() ? "" : any ? "；或" : "；") + a.gap_zh;
    }
    if (any) {
      bool any_pass = std::find(parts.begin(), parts.end(), Status::pass) != parts.end();
      bool any_unknown = std::find(parts.begin(), parts.end(), Status::unknown) != parts.end();
      c.status = any_pass ? Status::pass : any_unknown ? Status::unknown : Status::fail;
    } else {
      c.status = combine(parts);
    }
    if (c.status == Status::pass) {
      c.gap_zh.clear();
      c.missing.clear();
    }
    return c;
  }
  const Metric& metric = catalogue().at(lc.metric);
  c.threshold = opZh(lc.op) + show(metric.unit, lc.threshold);
  MetricValue m = metric.fn(f, y, on);
  c.missing = m.missing;
  if (!m.value) return c;
  c.raw_value = *m.value;
  c.value = show(metric.unit, *m.value);
  c.status = compare(lc.op, *m.value, lc.threshold) ? Status::pass : Status::fail;
  if (c.status == Status::fail) c.gap_zh = lc.label_zh + c.value + "，需" + c.threshold;
  return c;
}

}  // namespace

bool isLocalMetric(const std::string& metric) { return catalogue().count(metric) > 0; }

EligibilityReport evaluateLocalPolicy(const Ladder& ladder, const std::string& stage_id,
                                      const domain::EnterpriseFacts& f, int year, Date as_of) {
  const LocalPolicyRules* r = localRulesFor(ladder.config(), stage_id, year);
  if (!r)
    throw Error(errc::no_rule_set, "no " + stage_id + " rule set covers " + std::to_string(year), "year");
  EligibilityReport rep;
  rep.stage = stage_id;
  rep.year = year;
  rep.rules_effective_from = r->effective_from;
  rep.data_year = year + r->data_year_offset;
  rep.local_policy = r->local_policy;
  if (!r->requires_any_of.empty()) {
    Criterion c{stage_id + ".prerequisite", "持有有效的前置资格"};
    bool held = false;
    for (const std::string& s : r->requires_any_of) {
      c.threshold += (c.threshold.empty() ? "" : "或") + ladder.stage(s).name_zh;
      held = held || ladder.holdsOn(s, f.designations, as_of);
    }
    c.value = held ? "是" : "否";
    c.status = held ? Status::pass : Status::fail;
    if (!held) c.gap_zh = "须先取得" + c.threshold + "资格";
    rep.criteria.push_back(c);
  }
  for (const LocalCriterion& lc : r->criteria) {
    rep.criteria.push_back(evaluateCriterion(lc, f, rep.data_year, as_of));
    if (r->local_policy) rep.criteria.back().note = "本地政策默认值，可由主管部门调整";
  }
  rep.overall = rep.gateStatus();
  return rep;
}

}  // namespace trellis::rules
