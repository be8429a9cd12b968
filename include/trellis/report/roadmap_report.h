// Liaison and roadmaps per region over a period [from, to] (README "Progress against the plan"):
// the liaison metrics M1–M7 of liaison_metrics.h, and
//   R1 problems open on `to` (status open / in_progress / escalated on it) per owner unit, and of
//      those the overdue ones (deadline before `to`)
//   R2 roadmaps of memberships open on `to`: milestones done by `to`, done on time (done_on ≤
//      due_on), overdue on `to` (progress_report.h RoadmapTally); on-time % = on time / (done +
//      overdue), null when nothing is done or overdue yet
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/report/ladder_index.h"
#include "trellis/report/liaison_metrics.h"
#include "trellis/store/report_repository.h"

namespace trellis::report {

struct ProblemCount {
  std::int64_t open = 0, overdue = 0;
};

struct RoadmapCell {
  std::string region;
  LiaisonMetrics liaison;
  std::map<std::string, ProblemCount> problems_by_unit;
  ProblemCount problems;
  std::int64_t members_with_roadmap = 0;
  std::int64_t milestones_done = 0, milestones_on_time = 0, milestones_overdue = 0;
  std::optional<double> on_time;
};

struct RoadmapReport {
  Date from, to;
  RoadmapCell city;
  std::vector<RoadmapCell> regions;
};

// facts: as of `to`; liaison: region code → its liaison facts ("" for the city) over [from, to].
RoadmapReport roadmapReport(const store::ReportFacts& facts, const std::vector<store::ProblemStateFact>& problems,
                            const std::map<std::string, store::RegionFacts>& liaison,
                            const domain::LiaisonConfig& config, Date from, const RegionList& regions);

}  // namespace trellis::report
