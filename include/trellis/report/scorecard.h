// The task scorecard as of a date (README "Progress against the plan"): each key task of the plan
// with its metrics' city attainment (progress_report.h P4) and its latest status update on or
// before the date; rolled up per lead unit (牵头单位) and per responsible body (责任主体).
//   S1 a task's attainment = the mean of its measured metrics' attainments, each capped at 1
//      (an overshoot on one metric does not hide a shortfall on another); null when none has one.
//   S2 a task's state: "measured" (S1 has a value), else its latest status id (not_started,
//      in_progress, done, delayed), else "not_yet_measured" (a graph metric, no update), else
//      "no_target" (measured, but no target for the year), else "no_update".
//   S3 a roll-up counts each task once per unit it names: tasks, measured, the mean of S1 over its
//      measured tasks, and the states of the others.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/plan.h"
#include "trellis/report/progress_report.h"

namespace trellis::report {

struct TaskMetric {
  std::string key;
  bool measured = false;
  std::optional<double> attainment;
};

struct TaskRow {
  const domain::PlanTask* task = nullptr;
  std::vector<TaskMetric> metrics;
  std::optional<domain::TaskStatusUpdate> status;
  std::optional<double> attainment;
  std::string state;
};

struct UnitRollup {
  std::string unit;
  std::int64_t tasks = 0, measured = 0;
  std::optional<double> mean_attainment;
  std::map<std::string, std::int64_t> states;   // state → tasks (measured ones excluded)
};

struct Scorecard {
  Date as_of;
  std::vector<TaskRow> tasks;                   // by number
  std::vector<UnitRollup> lead_units, bodies;   // by first appearance in the plan
};

Scorecard scorecard(const domain::Plan& plan, const ProgressReport& progress,
                    const std::map<int, domain::TaskStatusUpdate>& latest);

}  // namespace trellis::report
