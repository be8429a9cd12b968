#include "trellis/rules/hnte_evaluator.h"

#include <algorithm>

#include "facts_access.h"
#include "trellis/core/error.h"
#include "trellis/rules/growth.h"
#include "trellis/rules/text_format.h"

namespace trellis::rules {
namespace {

using detail::need;
using detail::shortfall;
using detail::sumOver;
using domain::YearlyIndicators;

Status atLeast(double value, double min) { return value >= min ? Status::pass : Status::fail; }

Criterion registeredDays(const HnteRules& r, const domain::EnterpriseFacts& f, Date as_of) {
  Criterion c{"hnte.registered_days", "注册成立满一年"};
  c.threshold = "≥ " + std::to_string(r.min_registered_days) + "天";
  if (!f.founded_on) {
    c.missing.push_back("founded_on");
    return c;
  }
  std::int64_t days = as_of.daysSinceEpoch() - f.founded_on->daysSinceEpoch();
  c.value = std::to_string(days) + "天";
  c.raw_value = static_cast<double>(days);
  c.status = days >= r.min_registered_days ? Status::pass : Status::fail;
  if (c.status == Status::fail)
    c.gap_zh = "成立" + std::to_string(days) + "天，" + f.founded_on->addDays(r.min_registered_days).toString() +
               "起方满" + std::to_string(r.min_registered_days) + "天";
  return c;
}

Criterion coreIp(const HnteRules& r, const domain::EnterpriseFacts& f, int y) {
  Criterion c{"hnte.core_ip", "拥有对主要产品（服务）发挥核心支持作用的知识产权"};
  c.threshold = "Ⅰ类+Ⅱ类 ≥ " + groupedInteger(r.min_core_ip) + "件";
  auto c1 = need(f, y, &YearlyIndicators::ip_class1, "ip_class1", c.missing);
  auto c2 = need(f, y, &YearlyIndicators::ip_class2, "ip_class2", c.missing);
  std::int64_t held = c1.value_or(0) + c2.value_or(0);
  if (held >= r.min_core_ip) {
    c.missing.clear();  // enough is known to pass
  } else if (!c1 || !c2) {
    return c;
  }
  c.value = groupedInteger(held) + "件";
  c.raw_value = static_cast<double>(held);
  c.status = atLeast(static_cast<double>(held), static_cast<double>(r.min_core_ip));
  if (c.status == Status::fail)
    c.gap_zh = "需再取得" + groupedInteger(r.min_core_ip - held) + "件Ⅰ类或Ⅱ类知识产权（Ⅱ类每件仅可使用一次）";
  return c;
}

Criterion staffRatio(const HnteRules& r, const domain::EnterpriseFacts& f, int y) {
  Criterion c{"hnte.st_staff_ratio", "科技人员占当年职工总数比例"};
  c.threshold = "≥ " + percent(r.min_st_staff_ratio);
  auto staff = need(f, y, &YearlyIndicators::st_staff, "st_staff", c.missing);
  auto employees = need(f, y, &YearlyIndicators::employees, "employees", c.missing);
  if (!staff || !employees || *employees <= 0) return c;
  double ratio = static_cast<double>(*staff) / static_cast<double>(*employees);
  c.value = percent(ratio);
  c.raw_value = ratio;
  c.status = atLeast(ratio, r.min_st_staff_ratio);
  if (c.status == Status::fail) {
    c.value = percentBelow(ratio, r.min_st_staff_ratio);
    c.gap_zh = "科技人员占比" + c.value + " < " + percent(r.min_st_staff_ratio) + "（职工总数" +
               groupedInteger(*employees) + "人）：需再增加" +
               groupedInteger(shortfall(r.min_st_staff_ratio, *employees, *staff)) + "名科技人员（全年月平均）";
  }
  return c;
}

std::vector<int> windowYears(const HnteRules& r, const domain::EnterpriseFacts& f, int latest) {
  std::vector<int> years;
  for (int y = latest - r.window_years + 1; y <= latest; ++y)
    if (!f.founded_on || f.founded_on->year() <= y) years.push_back(y);
  return years;
}

std::string yearsText(const std::vector<int>& years) {
  if (years.size() == 3) return "近三年";
  return "近" + std::to_string(years.size()) + "年";
}

void rdCriteria(const HnteRules& r, const domain::EnterpriseFacts& f, int latest,
                std::vector<Criterion>& out) {
  std::vector<int> years = windowYears(r, f, latest);
  std::string span = yearsText(years);
  Criterion c{"hnte.rd_ratio", span + "研发费用总额占同期销售收入总额比例"};
  Criterion d{"hnte.rd_domestic_share", "境内研发费用占全部研发费用比例"};
  d.threshold = "≥ " + percent(r.min_domestic_rd_share);
  auto rd = sumOver(f, years, &YearlyIndicators::rd_expense_total, "rd_expense_total", c.missing);
  auto revenue = sumOver(f, years, &YearlyIndicators::revenue, "revenue", c.missing);
  std::vector<std::string> ignore;
  auto latest_revenue = need(f, latest, &YearlyIndicators::revenue, "revenue", ignore);
  if (latest_revenue) {
    const Band* band = r.rd_ratio_by_revenue.find(static_cast<double>(*latest_revenue));
    double required = band->out_min;
    c.threshold = "≥ " + percent(required) + "（最近一年销售收入" + moneyZh(*latest_revenue) + "）";
    if (rd && revenue && *revenue > 0) {
      double ratio = static_cast<double>(*rd) / static_cast<double>(*revenue);
      c.value = percent(ratio);
      c.raw_value = ratio;
      c.status = atLeast(ratio, required);
      if (c.status == Status::fail) {
        c.value = percentBelow(ratio, required);
        c.gap_zh = span + "研发费用占比" + c.value + " < " + percent(required) + "（最近一年销售收入" +
                   moneyZh(*latest_revenue) + "）：" + (years.size() == 3 ? "三年" : span) +
                   "合计约需再投入研发费用" + groupedInteger(shortfall(required, *revenue, *rd)) + "元";
      }
    }
  } else {
    c.threshold = "按最近一年销售收入分档";
  }
  out.push_back(c);

  auto domestic = sumOver(f, years, &YearlyIndicators::rd_expense_domestic, "rd_expense_domestic", d.missing);
  std::vector<std::string> rd_missing;
  auto total = sumOver(f, years, &YearlyIndicators::rd_expense_total, "rd_expense_total", rd_missing);
  d.missing.insert(d.missing.end(), rd_missing.begin(), rd_missing.end());
  if (domestic && total && *total > 0) {
    double share = static_cast<double>(*domestic) / static_cast<double>(*total);
    d.value = percent(share);
    d.raw_value = share;
    d.status = atLeast(share, r.min_domestic_rd_share);
    if (d.status == Status::fail) {
      // Adding x of domestic R&D: (D + x) / (T + x) ≥ s  ⇔  x ≥ (sT − D) / (1 − s).
      std::int64_t s_bp = detail::toBasisPoints(r.min_domestic_rd_share);
      std::int64_t num = s_bp * *total - *domestic * detail::kBasisPoints;
      std::int64_t den = detail::kBasisPoints - s_bp;
      std::int64_t more = den > 0 ? (num + den - 1) / den : 0;
      d.value = percentBelow(share, r.min_domestic_rd_share);
      d.gap_zh = "境内研发费用占比" + d.value + " < " + percent(r.min_domestic_rd_share) + "：" + span +
                 "约需再增加境内研发费用" + groupedInteger(more) + "元";
    }
  }
  out.push_back(d);
}

Criterion highTechIncome(const HnteRules& r, const domain::EnterpriseFacts& f, int y) {
  Criterion c{"hnte.high_tech_income_share", "最近一年高新技术产品（服务）收入占同期总收入比例"};
  c.threshold = "≥ " + percent(r.min_high_tech_income_share);
  auto hti = need(f, y, &YearlyIndicators::high_tech_income, "high_tech_income", c.missing);
  auto income = need(f, y, &YearlyIndicators::total_income, "total_income", c.missing);
  auto exempt = need(f, y, &YearlyIndicators::non_taxable_income, "non_taxable_income", c.missing);
  if (!hti || !income || !exempt || *income - *exempt <= 0) return c;
  std::int64_t base = *income - *exempt;
  double share = static_cast<double>(*hti) / static_cast<double>(base);
  c.value = percent(share);
  c.raw_value = share;
  c.status = atLeast(share, r.min_high_tech_income_share);
  if (c.status == Status::fail) {
    c.value = percentBelow(share, r.min_high_tech_income_share);
    c.gap_zh = "高新技术产品（服务）收入占比" + c.value + " < " + percent(r.min_high_tech_income_share) +
               "（总收入" + moneyZh(base) + "）：约需再增加高新收入" +
               groupedInteger(shortfall(r.min_high_tech_income_share, base, *hti)) + "元（按总收入不变估算）";
  }
  return c;
}

Criterion rdLedger(const domain::EnterpriseFacts& f, const std::vector<int>& years) {
  Criterion c{"hnte.rd_ledger", "按项目设立研发费用辅助账"};
  c.gate = false;
  c.threshold = "窗口期各年均设立";
  std::vector<int> without;
  for (int y : years) {
    const YearlyIndicators* row = detail::yearOf(f, y);
    if (!row || !row->rd_ledger_kept) c.missing.push_back(std::to_string(y) + ".rd_ledger_kept");
    else if (!*row->rd_ledger_kept) without.push_back(y);
  }
  if (!without.empty()) {
    c.status = Status::fail;
    std::string list;
    for (int y : without) list += (list.empty() ? "" : "、") + std::to_string(y);
    c.value = list + "年未设立";
    c.gap_zh = list + "年未设立研发费用辅助账：立即按项目建账，归集口径与专项审计一致";
  } else if (c.missing.empty()) {
    c.status = Status::pass;
    c.value = "是";
  }
  return c;
}

int pillarMax(const HnteRules& r, const std::string& id) {
  for (const HntePillar& p : r.pillars)
    if (p.id == id) return p.max_points;
  return 0;
}

std::string pillarLabel(const HnteRules& r, const std::string& id) {
  for (const HntePillar& p : r.pillars)
    if (p.id == id) return p.label_zh;
  return id;
}

SubScore expertItem(const HnteRules& r, const std::string& id, const std::optional<int>& entered) {
  SubScore s{"hnte." + id, pillarLabel(r, id)};
  s.max_points = pillarMax(r, id);
  s.computed = false;
  if (entered) {
    if (*entered < 0 || *entered > s.max_points)
      throw Error(errc::out_of_range, s.label_zh + "须在0–" + std::to_string(pillarMax(r, id)) + "分之间", "hnte_expert." + id);
    s.points_min = s.points_max = *entered;
  } else {
    s.missing.push_back("hnte_expert." + id);
  }
  return s;
}

SubScore growthItem(const HnteRules& r, const domain::EnterpriseFacts& f, const std::vector<int>& years,
                    const std::string& id, const std::optional<int>& entered, bool net_assets) {
  SubScore s{"hnte." + id, pillarLabel(r, id)};
  s.max_points = pillarMax(r, id);
  std::vector<std::optional<std::int64_t>> values;
  for (int y : years) {
    std::optional<std::int64_t> v;
    if (net_assets) {
      auto a = need(f, y, &YearlyIndicators::total_assets, "total_assets", s.missing);
      auto l = need(f, y, &YearlyIndicators::total_liabilities, "total_liabilities", s.missing);
      if (a && l) v = *a - *l;
    } else {
      v = need(f, y, &YearlyIndicators::revenue, "revenue", s.missing);
    }
    values.push_back(v);
  }
  if (s.missing.empty() && !values.empty()) {
    std::optional<std::int64_t> y1 = values.size() >= 3 ? values[values.size() - 3] : std::nullopt;
    std::optional<std::int64_t> y2 = values.size() >= 2 ? values[values.size() - 2] : std::nullopt;
    s = growthPoints(s.id, s.label_zh, growthRate(y1, y2, *values.back()), r.growth_points, s.max_points);
  }
  if (entered) {
    if (*entered < 0 || *entered > s.max_points)
      throw Error(errc::out_of_range, s.label_zh + "须在0–" + std::to_string(static_cast<int>(s.max_points)) + "分之间", "hnte_expert." + id);
    s.points_min = s.points_max = *entered;
    s.computed = false;
  }
  return s;
}

}  // namespace

const std::vector<std::string>& hnteCriterionIds() {
  static const std::vector<std::string> kIds = {
      "hnte.registered_days", "hnte.core_ip",          "hnte.tech_field",
      "hnte.st_staff_ratio",  "hnte.rd_ratio",         "hnte.rd_domestic_share",
      "hnte.high_tech_income_share", "hnte.innovation_score", "hnte.clean_record", "hnte.rd_ledger"};
  return kIds;
}

EligibilityReport evaluateHnte(const Ladder& ladder, const std::string& stage_id,
                               const domain::EnterpriseFacts& f, int application_year, Date as_of) {
  const HnteRules* r = hnteRulesFor(ladder.config(), application_year);
  if (!r)
    throw Error(errc::no_rule_set, "no HNTE rule set covers " + std::to_string(application_year), "year");
  EligibilityReport rep;
  rep.stage = stage_id;
  rep.year = application_year;
  rep.rules_effective_from = r->effective_from;
  rep.data_year = application_year + r->data_year_offset;
  const int latest = rep.data_year;

  rep.criteria.push_back(registeredDays(*r, f, as_of));
  rep.criteria.push_back(coreIp(*r, f, latest));
  rep.criteria.push_back(detail::factCriterion("hnte.tech_field", "核心技术属于《国家重点支持的高新技术领域》", f.core_tech_in_key_fields,
                              "core_tech_in_key_fields", "核心技术须对应八大领域的末级子项"));
  rep.criteria.push_back(staffRatio(*r, f, latest));
  rdCriteria(*r, f, latest, rep.criteria);
  rep.criteria.push_back(highTechIncome(*r, f, latest));

  // HN7: the innovation-capability score.
  std::vector<int> years = windowYears(*r, f, latest);
  rep.scores.push_back(expertItem(*r, "ip_quality", f.hnte_expert.ip_quality));
  SubScore transfer = expertItem(*r, "results_transfer", f.hnte_expert.results_transfer);
  std::vector<std::string> ignore;
  if (auto results = sumOver(f, years, &YearlyIndicators::results_transformed, "results_transformed", ignore);
      results && !years.empty()) {
    double average = static_cast<double>(*results) / static_cast<double>(years.size());
    const Band* band = r->results_transfer_points.find(average);
    transfer.rate = average;
    transfer.band = band->describe(1, "项/年");
    transfer.note = "参考分档 " + plainNumber(band->out_min) + "–" + plainNumber(band->out_max) + "分（年均转化" +
                    plainNumber(average) + "项）";
    if (!f.hnte_expert.results_transfer) {
      transfer.points_min = band->out_min;
      transfer.points_max = band->out_max;
    }
  }
  rep.scores.push_back(transfer);
  rep.scores.push_back(expertItem(*r, "rd_management", f.hnte_expert.rd_management));
  rep.scores.push_back(growthItem(*r, f, years, "growth_net_assets", f.hnte_expert.growth_net_assets, true));
  rep.scores.push_back(growthItem(*r, f, years, "growth_sales", f.hnte_expert.growth_sales, false));

  Criterion score{"hnte.innovation_score", "企业创新能力评价"};
  double lo = 0, hi = 0;
  for (const SubScore& s : rep.scores) {
    lo += s.points_min.value_or(0);
    hi += s.points_max.value_or(s.max_points);
    score.missing.insert(score.missing.end(), s.missing.begin(), s.missing.end());
  }
  rep.total_min = lo;
  rep.total_max = hi;
  rep.pass_line = "> " + plainNumber(r->innovation_score_above);
  score.threshold = rep.pass_line + "分";
  score.value = lo == hi ? plainNumber(lo) + "分" : plainNumber(lo) + "–" + plainNumber(hi) + "分";
  score.raw_value = lo;
  score.status = lo > r->innovation_score_above ? Status::pass
                 : hi <= r->innovation_score_above ? Status::fail
                                                   : Status::unknown;
  if (score.status != Status::pass) {
    std::string weakest;
    for (const SubScore& s : rep.scores)
      if (s.points_max && *s.points_max < s.max_points)
        weakest += (weakest.empty() ? "" : "、") + s.label_zh + plainNumber(*s.points_max) + "/" + plainNumber(s.max_points);
    score.gap_zh = "创新能力评价预计" + score.value + "，须" + rep.pass_line + "分" +
                   (score.status == Status::fail ? "：至少还差" + plainNumber(r->innovation_score_above + 1 - hi) + "分" : "") +
                   (weakest.empty() ? "" : "（失分项：" + weakest + "）");
  }
  rep.criteria.push_back(score);
  rep.criteria.push_back(detail::factCriterion("hnte.clean_record", "申请前一年内未发生重大安全、质量事故或严重环境违法行为", f.clean_record,
                              "clean_record", "存在重大事故或严重环境违法记录，当年不得申报"));

  rep.criteria.push_back(rdLedger(f, years));

  rep.overall = rep.gateStatus();
  return rep;
}

}  // namespace trellis::rules
