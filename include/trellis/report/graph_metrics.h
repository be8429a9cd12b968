// Graph metrics of the plan (config/plan.json metrics with "source": "graph"): counts of
// innovation-graph nodes — platforms, talent teams, projects — as of a date, per responsible
// region. Pure: the service hands in the live nodes (store/report_repository + io decoding).
// Definitions, for a metric with selector S (domain::GraphSelector), as-of date d in year Y:
//   G1 matches   node.kind = S.kind, its sub_kind / level / programme / tier among S's lists
//                (an empty list: any) and its status among S.statuses. The graph keeps a node's
//                current status only, so as_of applies to its dates, not to its status.
//   G2 date      the node's own: platform approved_on, talent team 1 Jan of year_recognised,
//                project starts_on; a node without one never counts.
//   G3 actual    holders: date ≤ d and not ended on d (no ended_on, or d < ended_on);
//                new_per_year: date in [1 Jan Y, d]; new_in_period: date in [1 Jan of the target
//                period's first year, d]. new this year: date in [1 Jan Y, d].
//   G4 region    the node's responsible region (region_code); the city figure counts every
//                node, so it is the sum of the regions' plus nodes the city itself is responsible
//                for (region = the city's code). No forecast (no reserve pool aims at a node).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/graph_node.h"
#include "trellis/domain/plan.h"

namespace trellis::report {

// G2; nullopt when the node has no date of its kind.
std::optional<Date> graphNodeDate(const domain::GraphNode& node);
// G1.
bool graphNodeMatches(const domain::GraphSelector& s, const domain::GraphNode& node);
// G1–G3 for one node: does it count in the metric's actual on d (period_from_year: new_in_period)?
bool graphNodeCounts(const domain::PlanMetric& m, const domain::GraphNode& node, Date d, int period_from_year);
bool graphNodeNew(const domain::PlanMetric& m, const domain::GraphNode& node, Date d);

// The nodes behind a cell (G1–G4), in the order given (ascending id). region "" = the city.
std::vector<const domain::GraphNode*> graphMetricActual(const std::vector<domain::GraphNode>& nodes,
                                                        const domain::PlanMetric& m, Date d, int period_from_year,
                                                        const std::string& region);
std::vector<const domain::GraphNode*> graphMetricNew(const std::vector<domain::GraphNode>& nodes,
                                                     const domain::PlanMetric& m, Date d, const std::string& region);

}  // namespace trellis::report
