// 科技型中小企业 evaluation (RULES.md §1.2–1.4), thresholds from the TechSmeRules version in force.
//
// Design note — criteria (ids are stable; roadmap steps and tests cite them):
//   TS1 tech_sme.resident        居民企业、查账征收 (§1.2-1)            fact; unknown when not recorded
//   TS2 tech_sme.employees       职工总数 ≤ max (§1.2-2, upper bound inclusive)
//       tech_sme.revenue         销售收入 ≤ max
//       tech_sme.total_assets    资产总额 ≤ max
//   TS3 tech_sme.industry        not restricted / excluded (§1.2-3)     fact
//   TS4 tech_sme.clean_record    no accident / fraud / listing (§1.2-4) fact
//   TS5 tech_sme.st_staff_score  A: 科技人员/职工总数 bands (lower bounds inclusive); must be > 0
//   TS6 tech_sme.rd_score        B: the better of R&D / 销售收入 and R&D / 成本费用 bands; the R&D
//                                figure is the first present field of rd_expense_basis [U]
//   TS7 tech_sme.ip_score        C: ≥ class1_min Class I → class1_points, else Class II count bands
//   TS8 tech_sme.evaluation      gate: a direct route (§1.3) holds, or total ≥ pass_score and the
//                                A sub-score > st_staff_points_above; a total range straddling the
//                                pass line (missing data) is unknown
//   TS9 direct routes            valid_hnte (held on as_of), national_award_top3 / led_standard
//                                (within lookback_years of as_of), provincial_rd_institution
// Scores read the indicators of year (filing year + data_year_offset) [U: previous year].
// TS5–TS7 are not gates (gate = false): they carry the points and the gap to the next band.
#pragma once
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/indicators.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"

namespace trellis::rules {

// Every criterion id a tech SME report can hold (for calendar validation).
const std::vector<std::string>& techSmeCriterionIds();

// Evaluates the stage whose evaluator is "tech_sme" for filing_year, as of the date as_of.
// Throws Error(invalid, "no_rule_set", field "year") when no rule-set version covers filing_year.
EligibilityReport evaluateTechSme(const Ladder& ladder, const std::string& stage_id,
                                  const domain::EnterpriseFacts& facts, int filing_year, Date as_of);

}  // namespace trellis::rules
