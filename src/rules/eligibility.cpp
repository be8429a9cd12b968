#include "trellis/rules/eligibility.h"

#include "trellis/rules/hnte_evaluator.h"
#include "trellis/rules/local_policy_evaluator.h"
#include "trellis/rules/tech_sme_evaluator.h"

namespace trellis::rules {

EligibilityReport evaluateStage(const Ladder& ladder, const std::string& stage_id,
                                const domain::EnterpriseFacts& facts, int year, Date as_of) {
  const StageDef& stage = ladder.stage(stage_id);
  if (stage.evaluator == "tech_sme") return evaluateTechSme(ladder, stage_id, facts, year, as_of);
  if (stage.evaluator == "hnte") return evaluateHnte(ladder, stage_id, facts, year, as_of);
  return evaluateLocalPolicy(ladder, stage_id, facts, year, as_of);
}

}  // namespace trellis::rules
