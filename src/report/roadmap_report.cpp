#include "trellis/report/roadmap_report.h"

#include "trellis/report/progress_report.h"

namespace trellis::report {

RoadmapReport roadmapReport(const store::ReportFacts& facts, const std::vector<store::ProblemStateFact>& problems,
                            const std::map<std::string, store::RegionFacts>& liaison,
                            const domain::LiaisonConfig& config, Date from, const RegionList& regions) {
  RoadmapReport r;
  r.from = from;
  r.to = facts.as_of;
  auto tallies = roadmapTallies(facts, r.to);
  // Each problem and membership carries its enterprise's region, looked up once: the eleven cells
  // filter all of them, and a lookup per cell made this report take seconds at province scale.
  static const std::string kNoRegion;
  auto regionOf = [&](std::int64_t id) -> const std::string* {
    auto it = facts.enterprises.find(id);
    return it == facts.enterprises.end() ? &kNoRegion : &it->second.region_code;
  };
  struct OpenProblem {
    const std::string* region;
    const store::ProblemStateFact* problem;
  };
  std::vector<OpenProblem> open_problems;
  for (const auto& p : problems)
    if (p.status == "open" || p.status == "in_progress" || p.status == "escalated")
      open_problems.push_back({regionOf(p.enterprise_id), &p});
  struct Roadmap {
    const std::string* region;
    const RoadmapTally* tally;
  };
  std::vector<Roadmap> roadmaps;
  for (const auto& m : facts.memberships) {
    if (m.exited_on) continue;
    auto it = tallies.find(m.id);
    if (it != tallies.end()) roadmaps.push_back({regionOf(m.enterprise_id), &it->second});
  }
  auto cell = [&](const std::string& code, const std::string& scope) {
    RoadmapCell c;
    c.region = code;
    if (auto it = liaison.find(scope); it != liaison.end())
      c.liaison = computeLiaisonMetrics(it->second, config, from, r.to);
    for (const auto& [region, problem] : open_problems) {
      if (!scope.empty() && *region != scope) continue;
      const auto& p = *problem;
      bool overdue = p.deadline < r.to;
      auto& u = c.problems_by_unit[p.owner_unit];
      ++u.open;
      ++c.problems.open;
      if (overdue) {
        ++u.overdue;
        ++c.problems.overdue;
      }
    }
    for (const auto& [region, tally] : roadmaps) {
      if (!scope.empty() && *region != scope) continue;
      ++c.members_with_roadmap;
      c.milestones_done += tally->done;
      c.milestones_on_time += tally->done_on_time;
      c.milestones_overdue += tally->overdue;
    }
    if (c.milestones_done + c.milestones_overdue > 0)
      c.on_time = static_cast<double>(c.milestones_on_time) /
                  static_cast<double>(c.milestones_done + c.milestones_overdue);
    return c;
  };
  r.city = cell(regions.city, "");
  for (const auto& code : regions.regions) r.regions.push_back(cell(code, code));
  return r;
}

}  // namespace trellis::report
