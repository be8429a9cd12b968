// The list behind any number of the reports (README "Progress against the plan"): built from the
// same functions as the figure, so a drill-down's length equals the number it opens. Scope is the
// caller's business (service/report_service): the figures are city-wide, the lists are not.
//   report progress  metric=<key> measure=actual | new | forecast (graph metrics: actual | new,
//                    rows are graph nodes, DrillResult::graph)
//   report ladder    stage=<id> kind=holders | top | expiring_6 | expiring_12 (stage optional);
//                    kind=up | down (moves since `from`)
//   report funnel    pool=<id> cohort=<year> outcome=entered | reached_1 | reached_2 | reached_3 |
//                    reached | exited | open
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/graph_node.h"
#include "trellis/domain/plan.h"
#include "trellis/domain/table.h"
#include "trellis/report/ladder_index.h"

namespace trellis::report {

struct DrillQuery {
  std::string report;
  std::string region;            // "" = the city
  std::string metric, measure;   // progress
  std::string stage, kind;       // ladder
  Date from;                     // ladder moves
  std::string pool, outcome;     // funnel
  int cohort = 0;
};

struct DrillRow {
  std::int64_t enterprise_id = 0;  // 0 for a graph node's row
  std::string stage;             // the stage concerned, when one is
  std::optional<Date> date;      // first held, ends on, entered on … (see `date_label`)
  std::optional<double> weight;  // forecast weight c × t_i
  std::string note;              // tier, exit reason, certificate number …
  domain::NodeId node_id = 0;    // a graph metric's row: the node
};

struct DrillResult {
  std::string date_label;        // what DrillRow::date means, e.g. "首次认定日期"
  std::vector<DrillRow> rows;    // by enterprise id (expiring: by end date; graph: by node id)
  bool graph = false;            // rows are graph nodes (a graph metric of the progress report)
};

// Error invalid naming the parameter for an unknown report, metric, measure, stage, kind, pool or
// outcome, and for a metric that is not measured (field "metric", code "not_yet_measured").
// graph_nodes: the live platform, team and project nodes (graph metrics).
DrillResult drillDown(const DrillQuery& q, const domain::Plan& plan, const domain::TargetBook& book,
                      const std::vector<domain::Target>& splits, const LadderIndex& ix, const std::string& city,
                      const std::vector<domain::GraphNode>& graph_nodes);

// The drill-down columns (uscc, name, region, stage, date, weight, note) for TableSink writers.
std::vector<domain::Column> drillColumns(const DrillResult& r);
// For graph rows (DrillResult::graph) the columns are node_id, name, region, category, date, note.
domain::Row drillRow(const DrillRow& row, const store::EnterpriseFact& e, const RegionList& regions);
domain::Row graphDrillRow(const DrillRow& row, const domain::GraphNode& node, const RegionList& regions);

}  // namespace trellis::report
