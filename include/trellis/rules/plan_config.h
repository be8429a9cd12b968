// Readers of config/plan.json and config/targets.json (domain/plan.h). Both are checked whole at
// start; every complaint is Error invalid with code "plan_config" / "targets_config", field = the
// JSON path at fault ("$.priorities[2].tasks[0].metrics[1]") and message "<source>: <path>: <why>".
//   PC1 missing or mistyped key, empty text
//   PC2 duplicate priority number, task number, metric key, body name or status id
//   PC3 a task naming an unknown metric or responsible body; a body naming an unknown region
//   PC4 a designation metric without a stage, a stage unknown to the ladder; unknown source/measure
//   PC5 a graph metric without "graph", an unknown key in it, a kind other than platform /
//       talent_team / project, no status, a field the kind has not (levels of a team …)
//   PC6 (checkGraphMetrics) a value config/graph.json does not list for the kind
//   TC1 missing or mistyped key; a target for an unknown metric; bad period ("2020", "2020-2022")
//   TC2 an unknown region; a negative value; bound other than at_least / about
//   TC3 two targets for the same metric, period and region; plan id not the plan's
#pragma once
#include <string>
#include <vector>

#include "trellis/domain/graph_config.h"
#include "trellis/domain/plan.h"

namespace trellis::rules {

// known_regions: every configured region code, the city's included. known_stages: ladder stages.
domain::Plan parsePlan(const std::string& json_text, const std::string& source,
                       const std::vector<std::string>& known_regions, const std::vector<std::string>& known_stages);
domain::Plan loadPlan(const std::string& path, const std::vector<std::string>& known_regions,
                      const std::vector<std::string>& known_stages);

// PC6: every value a graph metric names is one config/graph.json lists for its node kind (a typo
// would count nothing, silently). source: the plan's file, for messages.
void checkGraphMetrics(const domain::Plan& plan, const domain::GraphConfig& graph, const std::string& source);

domain::TargetBook parseTargets(const std::string& json_text, const std::string& source, const domain::Plan& plan,
                                const std::vector<std::string>& known_regions);
domain::TargetBook loadTargets(const std::string& path, const domain::Plan& plan,
                               const std::vector<std::string>& known_regions);

}  // namespace trellis::rules
