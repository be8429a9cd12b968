// Counts for the plan (tasks 10–33) over a view's visible nodes (V1).
#include <algorithm>

#include "trellis/core/error.h"
#include "trellis/graph/graph_view.h"
#include "view_impl.h"

namespace trellis::graph {

namespace {

bool among(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

int yearOf(std::int32_t day) { return Date::fromDays(day).year(); }

}  // namespace

PlanCounts GraphView::counts(const PlanCountsRequest& req) const {
  int from = req.from_year, to = req.to_year;
  if (from == 0 && to == 0) from = to = req.as_of.year();
  if (from > to || to - from > 50 || from < 1900)
    throw Error(errc::year_range, "from_year..to_year must be an ascending span of at most 50 years", "to_year");
  const domain::GraphConfig& c = *impl_->config;
  const auto& platform = c.nodeKind(NodeKind::platform);
  const auto& team = c.nodeKind(NodeKind::talent_team);
  const auto& project = c.nodeKind(NodeKind::project);
  const auto day = static_cast<std::int32_t>(req.as_of.daysSinceEpoch());
  auto inRange = [&](int y) { return y >= from && y <= to; };
  auto notEnded = [&](const detail::NodeRec& r) { return r.ended_on == detail::kNoDay || day < r.ended_on; };

  detail::Access a = impl_->access();
  detail::Visible visible(*impl_);
  PlanCounts out;
  for (std::uint32_t v = 0; v < a.vertexCount(); ++v) {
    const detail::NodeRec& r = a.node(v);
    if (r.kind == NodeKind::enterprise || r.kind == NodeKind::institution || !visible(v)) continue;
    const std::string& region = a.text(r.region);
    const std::string& status = a.text(r.status);
    switch (r.kind) {
      case NodeKind::platform: {
        const std::string& sub = a.text(r.sub_kind);
        const std::string& level = a.text(r.level);
        if (r.approved_on == detail::kNoDay) break;
        if (inRange(yearOf(r.approved_on))) ++out.platforms_new[{yearOf(r.approved_on), sub, level, region}];
        if (among(platform.valid_statuses, status) && r.approved_on <= day && notEnded(r)) {
          ++out.platforms_valid[{sub, level, region}];
          if (among(c.analytics.rd_institution_sub_kinds, sub)) ++out.rd_institutions_valid[{level, region}];
        }
        break;
      }
      case NodeKind::talent_team: {
        if (!r.year_recognised) break;
        const std::string& programme = a.text(r.programme);
        if (inRange(r.year_recognised)) ++out.talent_teams_new[{r.year_recognised, programme}];
        if (among(team.valid_statuses, status) && r.year_recognised <= req.as_of.year() && notEnded(r))
          ++out.talent_teams_valid[{programme, region}];
        break;
      }
      case NodeKind::project: {
        if (r.starts_on == detail::kNoDay || !among(project.valid_statuses, status)) break;
        int y = yearOf(r.starts_on);
        if (!inRange(y)) break;
        const std::string& programme = a.text(r.programme);
        ++out.projects_new[{y, programme, a.text(r.tier)}];
        if (among(c.analytics.tech_transfer_programmes, programme)) ++out.tech_transfer_projects_new[y];
        if (among(c.analytics.sino_german_programmes, programme)) ++out.sino_german_projects_new[y];
        break;
      }
      case NodeKind::enterprise:
      case NodeKind::institution: break;
    }
  }
  return out;
}

}  // namespace trellis::graph
