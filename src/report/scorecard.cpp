#include "trellis/report/scorecard.h"

#include <algorithm>

namespace trellis::report {
namespace {

struct Acc {
  UnitRollup r;
  double sum = 0;
};

void add(std::vector<Acc>& list, const std::string& unit, const TaskRow& row) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Acc& a) { return a.r.unit == unit; });
  if (it == list.end()) {
    list.push_back(Acc{UnitRollup{unit}});
    it = list.end() - 1;
  }
  ++it->r.tasks;
  if (row.attainment) {
    ++it->r.measured;
    it->sum += *row.attainment;
  } else {
    ++it->r.states[row.state];
  }
}

std::vector<UnitRollup> finish(std::vector<Acc>& list) {
  std::vector<UnitRollup> out;
  for (auto& a : list) {
    if (a.r.measured) a.r.mean_attainment = a.sum / static_cast<double>(a.r.measured);
    out.push_back(a.r);
  }
  return out;
}

}  // namespace

Scorecard scorecard(const domain::Plan& plan, const ProgressReport& progress,
                    const std::map<int, domain::TaskStatusUpdate>& latest) {
  Scorecard s;
  s.as_of = progress.as_of;
  std::vector<Acc> leads, bodies;
  for (const domain::PlanTask* task : plan.tasks()) {
    TaskRow row;
    row.task = task;
    double sum = 0;
    int n = 0;
    bool any_unmeasured = false;
    for (const auto& key : task->metrics) {
      TaskMetric tm{key};
      for (const auto& mp : progress.metrics) {
        if (mp.metric->key != key) continue;
        tm.measured = mp.measured;
        tm.attainment = mp.city.attainment;
      }
      if (!tm.measured) any_unmeasured = true;
      if (tm.attainment) {
        sum += std::min(1.0, *tm.attainment);
        ++n;
      }
      row.metrics.push_back(tm);
    }
    if (n) row.attainment = sum / n;
    if (auto it = latest.find(task->number); it != latest.end()) row.status = it->second;
    if (row.attainment) row.state = "measured";
    else if (row.status) row.state = row.status->status;
    else if (any_unmeasured) row.state = "not_yet_measured";
    else if (!task->metrics.empty()) row.state = "no_target";
    else row.state = "no_update";
    for (const auto& u : task->lead_units) add(leads, u, row);
    for (const auto& b : task->responsible_bodies) add(bodies, b, row);
    s.tasks.push_back(std::move(row));
  }
  s.lead_units = finish(leads);
  s.bodies = finish(bodies);
  return s;
}

}  // namespace trellis::report
