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
  auto regionOf = [&](std::int64_t id) -> std::string {
    auto it = facts.enterprises.find(id);
    return it == facts.enterprises.end() ? std::string() : it->second.region_code;
  };
  auto cell = [&](const std::string& code, const std::string& scope) {
    RoadmapCell c;
    c.region = code;
    if (auto it = liaison.find(scope); it != liaison.end())
      c.liaison = computeLiaisonMetrics(it->second, config, from, r.to);
    for (const auto& p : problems) {
      if (!scope.empty() && regionOf(p.enterprise_id) != scope) continue;
      if (p.status != "open" && p.status != "in_progress" && p.status != "escalated") continue;
      bool overdue = p.deadline < r.to;
      auto& u = c.problems_by_unit[p.owner_unit];
      ++u.open;
      ++c.problems.open;
      if (overdue) {
        ++u.overdue;
        ++c.problems.overdue;
      }
    }
    for (const auto& m : facts.memberships) {
      if (m.exited_on || (!scope.empty() && regionOf(m.enterprise_id) != scope)) continue;
      auto it = tallies.find(m.id);
      if (it == tallies.end()) continue;
      ++c.members_with_roadmap;
      c.milestones_done += it->second.done;
      c.milestones_on_time += it->second.done_on_time;
      c.milestones_overdue += it->second.overdue;
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
