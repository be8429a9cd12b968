// 高新技术企业 evaluation (RULES.md §2.2, §2.4, §2.6), thresholds from the HnteRules version in force.
//
// Design note — the eight conditions (ids stable; roadmap steps and tests cite them). The latest
// accounting year L = application year + data_year_offset; the window is the window_years years
// ending at L, cut to the years since founding when the enterprise is younger (§2.2-5).
//   HN1 hnte.registered_days        founded_on + min_registered_days ≤ as_of (365 passes, 364 fails)
//   HN2 hnte.core_ip                Class I + Class II held at end of L ≥ min_core_ip
//   HN3 hnte.tech_field             core technology in the 8 key fields (fact)
//   HN4 hnte.st_staff_ratio         科技人员 / 职工总数 in L ≥ min (inclusive)
//   HN5 hnte.rd_ratio               Σ R&D / Σ 销售收入 over the window ≥ the band of L's revenue
//                                   (≤ 5,000万 → 5%, ≤ 2亿 → 4%, else 3%; both upper bounds inclusive)
//       hnte.rd_domestic_share      Σ domestic R&D / Σ R&D ≥ min (inclusive)
//   HN6 hnte.high_tech_income_share 高新收入 / (收入总额 − 不征税收入) in L ≥ min (inclusive)
//   HN7 hnte.innovation_score       total > innovation_score_above (70 fails, 71 passes); expert items
//                                   entered by an officer; growth computed (HN9); a missing item
//                                   counts [0, max], so the range decides: all above → pass,
//                                   all at or below → fail, straddling → unknown
//   HN8 hnte.clean_record           no major accident in the year before (fact)
//       hnte.rd_ledger              not a gate: 研发费用辅助账 kept in every window year (scored
//                                   under R&D management; a roadmap step addresses it)
//   HN9 growth                      rate = ½(y2/y1 + y3/y2) − 1 (net assets = assets − liabilities,
//                                   and sales); y1 ≤ 0 or before founding → 2-year rate y3/y2 − 1;
//                                   y2 ≤ 0 → 0 points (flagged); rate exactly 0 → 0 points, flagged
//                                   by the band's flag_at_bound ([U]); points are the band range
//                                   unless an officer entered the experts' growth points.
// Gap amounts are integers computed with ratios resolved to 0.01%.
#pragma once
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/indicators.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"

namespace trellis::rules {

// Every criterion id an HNTE report can hold (for calendar validation).
const std::vector<std::string>& hnteCriterionIds();

// Evaluates the stage whose evaluator is "hnte" for application_year, as of the application date.
// Throws Error(invalid, "no_rule_set", field "year") when no version covers the year, and
// Error(invalid, "out_of_range", field "hnte_expert.<item>") for an expert score outside 0..max.
EligibilityReport evaluateHnte(const Ladder& ladder, const std::string& stage_id,
                               const domain::EnterpriseFacts& facts, int application_year, Date as_of);

}  // namespace trellis::rules
