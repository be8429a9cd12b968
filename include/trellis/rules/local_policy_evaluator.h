// 雏鹰 / 瞪羚(省百快) / 创新龙头(省百强) evaluation from a local-policy rule set (RULES.md §3.1:
// no official numbers exist, so every threshold is a bureau default marked local_policy).
//
// Design note — criteria:
//   LP1 <stage>.prerequisite   one of requires_any_of is held (valid) on as_of
//   LP2 <criterion id>         metric op threshold, metric read for year L = year + data_year_offset
//   LP3 any_of / all_of group  any_of: passes when one member passes, fails when all fail, else
//                              unknown; all_of: fails when one fails, passes when all pass
// Metric catalogue (isLocalMetric): revenue, net_assets, employees (L); rd_to_revenue,
// st_staff_ratio (L, ratios); revenue_growth_1y (L over L−1); revenue_cagr_3y,
// employees_cagr_3y ((L / L−3)^(1/3) − 1); first_year_revenue, first_year_employees (L−3);
// years_since_founded (whole years on as_of).
#pragma once
#include <string>

#include "trellis/core/date.h"
#include "trellis/domain/indicators.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"

namespace trellis::rules {

// True for a metric name of the catalogue above.
bool isLocalMetric(const std::string& metric);

// Throws Error(invalid, "no_rule_set", field "year") when no version of stage_id covers year.
EligibilityReport evaluateLocalPolicy(const Ladder& ladder, const std::string& stage_id,
                                      const domain::EnterpriseFacts& facts, int year, Date as_of);

}  // namespace trellis::rules
