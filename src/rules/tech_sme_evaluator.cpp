#include "trellis/rules/tech_sme_evaluator.h"

#include <algorithm>

#include "facts_access.h"
#include "trellis/core/error.h"
#include "trellis/rules/text_format.h"

namespace trellis::rules {
namespace {

using detail::factCriterion;
using detail::need;
using detail::shortfall;
using domain::YearlyIndicators;

Criterion ceiling(const char* id, const char* label, std::optional<std::int64_t> v, std::int64_t max,
                  bool money) {
  Criterion c{id, label};
  auto show = [&](std::int64_t x) { return money ? moneyZh(x) : groupedInteger(x) + "人"; };
  c.threshold = "≤ " + show(max);
  if (!v) return c;
  c.value = show(*v);
  c.raw_value = static_cast<double>(*v);
  c.status = *v <= max ? Status::pass : Status::fail;
  if (c.status == Status::fail) c.gap_zh = c.value + "超过上限" + show(max) + "，不属于中小企业范围";
  return c;
}

// Fills a scored criterion + sub-score from a band lookup of ratio = num / den.
struct Scored {
  Criterion criterion;
  SubScore score;
};

void setPoints(Scored& s, double min, double max) {
  s.score.points_min = min;
  s.score.points_max = max;
  s.criterion.raw_value = min;
}

Scored staffScore(const TechSmeRules& r, const domain::EnterpriseFacts& facts, int year) {
  Scored s{{"tech_sme.st_staff_score", "科技人员指标（科技人员占职工总数比例）"},
           {"tech_sme.st_staff_score", "科技人员指标"}};
  s.criterion.gate = false;
  s.score.max_points = r.st_staff_ratio.maxOut();
  s.criterion.threshold = "得分 > " + plainNumber(r.st_staff_points_above) + "（满分" +
                          plainNumber(s.score.max_points) + "）";
  auto staff = need(facts, year, &YearlyIndicators::st_staff, "st_staff", s.criterion.missing);
  auto employees = need(facts, year, &YearlyIndicators::employees, "employees", s.criterion.missing);
  if (employees && *employees == 0) s.criterion.missing.push_back(std::to_string(year) + ".employees(>0)");
  s.score.missing = s.criterion.missing;
  if (!staff || !employees || *employees == 0) return s;
  double ratio = static_cast<double>(*staff) / static_cast<double>(*employees);
  const Band* band = r.st_staff_ratio.find(ratio);
  setPoints(s, band->out_min, band->out_max);
  s.score.rate = ratio;
  s.score.band = band->describe(100, "%");
  s.criterion.value = percent(ratio) + "，得" + plainNumber(band->out_min) + "分";
  s.criterion.status = band->out_min > r.st_staff_points_above ? Status::pass : Status::fail;
  if (const Band* next = r.st_staff_ratio.next(ratio); next && next->min) {
    std::int64_t more = shortfall(*next->min, *employees, *staff);
    s.criterion.gap_zh = "科技人员占比" + percent(ratio) + "（" + groupedInteger(*staff) + "/" +
                         groupedInteger(*employees) + "）：再增加" + groupedInteger(more) +
                         "名科技人员（达到" + percent(*next->min) + "）可得" +
                         plainNumber(next->out_min) + "分";
  }
  return s;
}

Scored rdScore(const TechSmeRules& r, const domain::EnterpriseFacts& facts, int year) {
  Scored s{{"tech_sme.rd_score", "研发投入指标（研发费用占销售收入或成本费用比例，取高）"},
           {"tech_sme.rd_score", "研发投入指标"}};
  s.criterion.gate = false;
  s.score.max_points = std::max(r.rd_to_revenue.maxOut(), r.rd_to_costs.maxOut());
  s.criterion.threshold = "满分" + plainNumber(s.score.max_points);
  const YearlyIndicators* y = detail::yearOf(facts, year);
  std::optional<std::int64_t> rd;
  std::string basis;
  for (const std::string& field : r.rd_expense_basis) {
    auto v = !y ? std::nullopt
             : field == "rd_expense_super_deduction" ? y->rd_expense_super_deduction
                                                     : y->rd_expense_total;
    if (v) {
      rd = v;
      basis = field;
      break;
    }
  }
  if (!rd) s.criterion.missing.push_back(std::to_string(year) + "." + r.rd_expense_basis.front());
  std::vector<std::string> ignore;
  auto revenue = need(facts, year, &YearlyIndicators::revenue, "revenue", ignore);
  auto costs = need(facts, year, &YearlyIndicators::total_costs, "total_costs", ignore);
  if (!revenue && !costs) s.criterion.missing.push_back(std::to_string(year) + ".revenue");
  s.score.missing = s.criterion.missing;
  if (!rd || (!revenue && !costs)) return s;
  if (basis != r.rd_expense_basis.front()) s.criterion.note = "研发费用按" + basis + "口径计算";
  struct Option {
    const BandTable* table;
    std::optional<std::int64_t> base;
    const char* base_label;
  };
  const Option options[] = {{&r.rd_to_revenue, revenue, "销售收入"}, {&r.rd_to_costs, costs, "成本费用总额"}};
  const Option* best = nullptr;
  double best_points = -1, best_ratio = 0;
  bool partial = false;
  for (const Option& o : options) {
    if (!o.base || *o.base <= 0) {
      partial = true;
      continue;
    }
    double ratio = static_cast<double>(*rd) / static_cast<double>(*o.base);
    double points = o.table->find(ratio)->out_min;
    if (points > best_points) {
      best = &o;
      best_points = points;
      best_ratio = ratio;
    }
  }
  if (!best) return s;
  setPoints(s, best_points, partial ? s.score.max_points : best_points);
  s.score.rate = best_ratio;
  s.score.band = best->table->find(best_ratio)->describe(100, "%");
  s.criterion.value = std::string("研发费用占") + best->base_label + percent(best_ratio) + "，得" +
                      plainNumber(best_points) + "分";
  if (partial) s.criterion.note += (s.criterion.note.empty() ? "" : "；") + std::string("另一比例缺少分母，得分可能更高");
  s.criterion.status = best_points >= s.score.max_points ? Status::pass : Status::fail;
  if (const Band* next = best->table->next(best_ratio); next && next->min) {
    std::int64_t more = shortfall(*next->min, *best->base, *rd);
    s.criterion.gap_zh = "研发费用再投入" + groupedInteger(more) + "元（占" + best->base_label + "达到" +
                         percent(*next->min) + "）可得" + plainNumber(next->out_min) + "分";
  }
  return s;
}

Scored ipScore(const TechSmeRules& r, const domain::EnterpriseFacts& facts, int year) {
  Scored s{{"tech_sme.ip_score", "科技成果指标（Ⅰ类/Ⅱ类知识产权）"}, {"tech_sme.ip_score", "科技成果指标"}};
  s.criterion.gate = false;
  s.score.max_points = std::max(r.ip_class1_points, r.ip_class2_count.maxOut());
  s.criterion.threshold = "满分" + plainNumber(s.score.max_points);
  auto c1 = need(facts, year, &YearlyIndicators::ip_class1, "ip_class1", s.criterion.missing);
  auto c2 = need(facts, year, &YearlyIndicators::ip_class2, "ip_class2", s.criterion.missing);
  s.score.missing = s.criterion.missing;
  if (c1 && *c1 >= r.ip_class1_min) {
    setPoints(s, r.ip_class1_points, r.ip_class1_points);
    s.criterion.value = "Ⅰ类" + groupedInteger(*c1) + "件，得" + plainNumber(r.ip_class1_points) + "分";
  } else if (c2) {
    const Band* band = r.ip_class2_count.find(static_cast<double>(*c2));
    setPoints(s, band->out_min, c1 ? band->out_min : r.ip_class1_points);
    s.score.band = band->describe(1, "件");
    s.criterion.value = "Ⅱ类" + groupedInteger(*c2) + "件，得" + plainNumber(band->out_min) + "分";
    if (const Band* next = r.ip_class2_count.next(static_cast<double>(*c2)); next && next->min)
      s.criterion.gap_zh = "再取得" + groupedInteger(static_cast<std::int64_t>(*next->min) - *c2) +
                           "件Ⅱ类知识产权可得" + plainNumber(next->out_min) + "分；取得" +
                           groupedInteger(r.ip_class1_min) + "件Ⅰ类知识产权可得" +
                           plainNumber(r.ip_class1_points) + "分";
  } else {
    return s;
  }
  s.criterion.status = *s.score.points_min >= s.score.max_points ? Status::pass : Status::fail;
  if (!c1) s.criterion.status = Status::unknown;
  return s;
}

DirectRoute directRoute(const Ladder& ladder, const TechSmeDirectRoute& route,
                        const domain::EnterpriseFacts& facts, Date as_of) {
  DirectRoute d{route.id, route.label_zh};
  if (route.unconfirmed) d.note = "[U] 2022年指引是否保留该条件未经确认";
  auto within = [&](const std::optional<Date>& on) {
    return on && *on <= as_of && as_of <= on->addYears(route.lookback_years);
  };
  if (route.id == "valid_hnte") {
    bool held = std::any_of(ladder.config().stages.begin(), ladder.config().stages.end(), [&](const StageDef& s) {
      return s.evaluator == "hnte" && ladder.holdsOn(s.id, facts.designations, as_of);
    });
    d.status = held ? Status::pass : Status::fail;
  } else if (route.id == "national_award_top3") {
    d.status = within(facts.national_award_top3_on) ? Status::pass : Status::fail;
  } else if (route.id == "led_standard") {
    d.status = within(facts.led_standard_on) ? Status::pass : Status::fail;
  } else if (route.id == "provincial_rd_institution") {
    d.status = !facts.provincial_rd_institution ? Status::unknown
               : *facts.provincial_rd_institution ? Status::pass : Status::fail;
  }
  return d;
}

}  // namespace

const std::vector<std::string>& techSmeCriterionIds() {
  static const std::vector<std::string> kIds = {
      "tech_sme.resident",       "tech_sme.employees", "tech_sme.revenue",  "tech_sme.total_assets",
      "tech_sme.industry",       "tech_sme.clean_record", "tech_sme.st_staff_score",
      "tech_sme.rd_score",       "tech_sme.ip_score",  "tech_sme.evaluation"};
  return kIds;
}

EligibilityReport evaluateTechSme(const Ladder& ladder, const std::string& stage_id,
                                  const domain::EnterpriseFacts& facts, int filing_year, Date as_of) {
  const TechSmeRules* r = techSmeRulesFor(ladder.config(), filing_year);
  if (!r)
    throw Error(errc::no_rule_set, "no tech SME rule set covers " + std::to_string(filing_year), "year");
  EligibilityReport rep;
  rep.stage = stage_id;
  rep.year = filing_year;
  rep.rules_effective_from = r->effective_from;
  rep.data_year = filing_year + r->data_year_offset;
  const int y = rep.data_year;
  std::vector<std::string> m;

  rep.criteria.push_back(factCriterion("tech_sme.resident", "居民企业、查账征收、能准确归集研发费用",
                                       facts.resident_audited_taxpayer, "resident_audited_taxpayer",
                                       "须为查账征收的居民企业"));
  Criterion employees = ceiling("tech_sme.employees", "职工总数", need(facts, y, &YearlyIndicators::employees, "employees", m), r->max_employees, false);
  employees.missing = m;
  m.clear();
  Criterion revenue = ceiling("tech_sme.revenue", "年销售收入", need(facts, y, &YearlyIndicators::revenue, "revenue", m), r->max_revenue, true);
  revenue.missing = m;
  m.clear();
  Criterion assets = ceiling("tech_sme.total_assets", "资产总额", need(facts, y, &YearlyIndicators::total_assets, "total_assets", m), r->max_total_assets, true);
  assets.missing = m;
  rep.criteria.insert(rep.criteria.end(), {employees, revenue, assets});
  rep.criteria.push_back(factCriterion("tech_sme.industry", "不属于限制类、淘汰类及不适用加计扣除行业",
                                       facts.industry_allowed, "industry_allowed", "所属行业不符合条件"));
  rep.criteria.push_back(factCriterion("tech_sme.clean_record", "上一年度及当年无重大安全质量事故、严重失信等",
                                       facts.clean_record, "clean_record", "存在不良记录，当年不得入库"));

  Scored parts[] = {staffScore(*r, facts, y), rdScore(*r, facts, y), ipScore(*r, facts, y)};
  double total_min = 0, total_max = 0;
  for (Scored& p : parts) {
    total_min += p.score.points_min.value_or(0);
    total_max += p.score.points_max.value_or(p.score.max_points);
    rep.criteria.push_back(p.criterion);
    rep.scores.push_back(p.score);
  }
  rep.total_min = total_min;
  rep.total_max = total_max;
  rep.pass_line = "≥ " + plainNumber(r->pass_score) + "，且科技人员指标得分 > " + plainNumber(r->st_staff_points_above);

  for (const TechSmeDirectRoute& route : r->direct_routes) {
    rep.direct_routes.push_back(directRoute(ladder, route, facts, as_of));
    if (rep.direct_routes.back().status == Status::pass) rep.direct_route_met = true;
  }

  Criterion eval{"tech_sme.evaluation", "综合评分（或符合直接确认条件）"};
  eval.threshold = rep.pass_line;
  const SubScore& staff = parts[0].score;
  eval.value = total_min == total_max ? plainNumber(total_min) + "分"
                                      : plainNumber(total_min) + "–" + plainNumber(total_max) + "分";
  eval.raw_value = total_min;
  bool staff_ok_min = staff.points_min && *staff.points_min > r->st_staff_points_above;
  bool staff_fail = staff.points_max && *staff.points_max <= r->st_staff_points_above;
  Status score_status = (total_min >= r->pass_score && staff_ok_min) ? Status::pass
                        : (total_max < r->pass_score || staff_fail) ? Status::fail
                                                                    : Status::unknown;
  bool route_unknown = std::any_of(rep.direct_routes.begin(), rep.direct_routes.end(),
                                   [](const DirectRoute& d) { return d.status == Status::unknown; });
  if (rep.direct_route_met) {
    eval.status = Status::pass;
    eval.note = "符合直接确认条件";
  } else if (score_status == Status::fail && route_unknown) {
    eval.status = Status::unknown;
    eval.note = "评分未达标；直接确认条件尚有未知项";
  } else {
    eval.status = score_status;
  }
  for (const Scored& p : parts) eval.missing.insert(eval.missing.end(), p.score.missing.begin(), p.score.missing.end());
  if (eval.status != Status::pass) {
    if (total_max < r->pass_score)
      eval.gap_zh = "综合评分" + plainNumber(total_max) + "分，距" + plainNumber(r->pass_score) + "分还差" +
                    plainNumber(r->pass_score - total_max) + "分";
    if (staff_fail)
      eval.gap_zh += std::string(eval.gap_zh.empty() ? "" : "；") + "科技人员指标得分为0，不得入库";
  }
  rep.criteria.push_back(eval);

  rep.overall = rep.gateStatus();
  return rep;
}

}  // namespace trellis::rules
