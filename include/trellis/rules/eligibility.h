// One entry point for "evaluate stage S for year Y": picks the evaluator the stage names in
// config/ladder.json (tech_sme, hnte, local_policy).
#pragma once
#include <string>

#include "trellis/core/date.h"
#include "trellis/domain/indicators.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"

namespace trellis::rules {

// Throws Error(invalid, "unknown_stage", field "stage") for an unknown stage, and whatever the
// evaluator throws (no_rule_set for the year, out_of_range for an expert score).
EligibilityReport evaluateStage(const Ladder& ladder, const std::string& stage_id,
                                const domain::EnterpriseFacts& facts, int year, Date as_of);

}  // namespace trellis::rules
