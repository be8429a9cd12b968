// Progress per metric of the plan, as of a date, for the city and each region (README "Progress
// against the plan"). Definitions, for as-of date d in year Y and a region R (the city: all):
//   P1 actual        holders: enterprises of R holding the metric's stage on d (LV1–LV3);
//                    new_per_year: first-time holders whose first record starts in [1 Jan Y, d];
//                    new_in_period: first-time holders since the target period began, up to d.
//   P2 new this year first-time holders of the stage whose first record starts in [1 Jan Y, d].
//   P3 target        TargetBook::find(metric, Y, R): a bureau split, else config/targets.json.
//   P4 attainment    actual / target (null without a target or with target 0).
//   P5 forecast      expected value on 31 Dec Y:
//                      base + Σ over candidates of  c × t_i
//                    candidates: members of R's reserve pools open on d aiming at the stage with
//                    target year Y who do not already count (hold it on d / are not new);
//                    c = the pool's conversion rate in earlier years (city-wide): of the
//                    memberships aiming at the stage with target year in [Y−L, Y−1] (L =
//                    targets.json forecast.lookback_years), the share that started a record of
//                    the stage between entering and 31 Dec of their target year;
//                    t_i = the member's roadmap on-time share on d (done on time / (done + overdue),
//                    milestones created by d), 1 when none is done or overdue yet;
//                    base: holders — enterprises holding on d whose records still hold on 31 Dec Y;
//                    new_* — the actual. No earlier memberships → no forecast (null, never a guess).
//   P6 graph metrics (platforms, teams, projects: "source": "graph") count innovation-graph nodes
//      by the rules G1–G4 of graph_metrics.h over the same cells (actual, new this year, target,
//      attainment; no forecast). A metric neither source measures stays "not_yet_measured".
// Every count has a drill-down (drill_down.h) built from the same sets.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/graph_node.h"
#include "trellis/domain/plan.h"
#include "trellis/report/ladder_index.h"

namespace trellis::report {

struct ProgressCell {
  std::string region;                       // a region code, or the city's
  std::optional<std::int64_t> actual;       // absent for a metric not yet measured
  std::optional<std::int64_t> new_this_year;
  std::optional<domain::Target> target;
  std::optional<double> attainment;
  std::optional<double> forecast;
  std::int64_t forecast_candidates = 0;
};

struct MetricProgress {
  const domain::PlanMetric* metric = nullptr;
  bool measured = false;                    // false: "not_yet_measured" (P6)
  std::optional<double> conversion_rate;    // c of P5
  std::int64_t conversion_base = 0;         // earlier memberships behind c
  ProgressCell city;
  std::vector<ProgressCell> regions;        // in RegionList order
};

struct ProgressReport {
  Date as_of;
  int year = 0;
  std::vector<MetricProgress> metrics;      // in plan order
};

// Enterprise sets behind the numbers (drill-downs use the same functions). region "" = all.
// period_from_year: the first year of the target period (new_in_period), the plan's when no target.
std::vector<std::int64_t> metricActual(const LadderIndex& ix, const domain::PlanMetric& m, int period_from_year,
                                       const std::string& region);
std::vector<std::int64_t> metricNewThisYear(const LadderIndex& ix, const domain::PlanMetric& m,
                                            const std::string& region);

// A membership's roadmap on a date: milestones created by then, done by then (on time when
// done_on ≤ due_on), overdue (due before it, not done by it, not waived or retired).
struct RoadmapTally {
  std::int64_t done = 0, done_on_time = 0, overdue = 0;
  std::optional<double> onTime() const {
    if (done + overdue == 0) return std::nullopt;
    return static_cast<double>(done_on_time) / static_cast<double>(done + overdue);
  }
};
std::map<std::int64_t, RoadmapTally> roadmapTallies(const store::ReportFacts& facts, Date on);

struct ForecastCandidate {
  std::int64_t enterprise_id = 0;
  std::int64_t membership_id = 0;
  std::optional<double> on_time;            // t_i before defaulting; none: no milestone due yet
  double weight = 0;                        // c × t_i
};

struct ConversionRate {
  std::optional<double> rate;
  std::int64_t base = 0;
};
ConversionRate conversionRate(const LadderIndex& ix, const std::string& stage, int year, int lookback_years);
std::vector<ForecastCandidate> forecastCandidates(const LadderIndex& ix, const domain::PlanMetric& m,
                                                  const ConversionRate& c, const std::string& region);

ProgressReport progressReport(const domain::Plan& plan, const domain::TargetBook& book,
                              const std::vector<domain::Target>& splits, const LadderIndex& ix,
                              const RegionList& regions, const std::vector<domain::GraphNode>& graph_nodes);

}  // namespace trellis::report
