#include "trellis/report/graph_metrics.h"

#include <algorithm>

namespace trellis::report {
namespace {

bool among(const std::vector<std::string>& list, const std::string& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

bool inRegion(const domain::GraphNode& n, const std::string& region) { return region.empty() || n.region_code == region; }

}  // namespace

std::optional<Date> graphNodeDate(const domain::GraphNode& node) {
  switch (node.kind) {
    case domain::NodeKind::platform: return node.approved_on;
    case domain::NodeKind::talent_team:
      if (!node.year_recognised) return std::nullopt;
      return Date(*node.year_recognised, 1, 1);
    case domain::NodeKind::project: return node.starts_on;
    case domain::NodeKind::enterprise:
    case domain::NodeKind::institution: break;
  }
  return std::nullopt;
}

bool graphNodeMatches(const domain::GraphSelector& s, const domain::GraphNode& node) {
  if (node.kind != s.kind || std::find(s.statuses.begin(), s.statuses.end(), node.status) == s.statuses.end())
    return false;
  // Teams and projects keep their programme in `programme`; platforms their category in sub_kind.
  return among(s.sub_kinds, node.sub_kind) && among(s.levels, node.level) && among(s.programmes, node.programme) &&
         among(s.tiers, node.tier);
}

bool graphNodeCounts(const domain::PlanMetric& m, const domain::GraphNode& node, Date d, int period_from_year) {
  if (!m.graph || !graphNodeMatches(*m.graph, node)) return false;
  auto date = graphNodeDate(node);
  if (!date || *date > d) return false;
  switch (m.measure) {
    case domain::Measure::holders: return !node.ended_on || d < *node.ended_on;
    case domain::Measure::new_per_year: return *date >= Date(d.year(), 1, 1);
    case domain::Measure::new_in_period: return *date >= Date(period_from_year, 1, 1);
  }
  return false;
}

bool graphNodeNew(const domain::PlanMetric& m, const domain::GraphNode& node, Date d) {
  // graphNodeCounts with the measure new_per_year, without copying the metric for every node.
  if (!m.graph || !graphNodeMatches(*m.graph, node)) return false;
  auto date = graphNodeDate(node);
  return date && *date <= d && *date >= Date(d.year(), 1, 1);
}

std::vector<const domain::GraphNode*> graphMetricActual(const std::vector<domain::GraphNode>& nodes,
                                                        const domain::PlanMetric& m, Date d, int period_from_year,
                                                        const std::string& region) {
  std::vector<const domain::GraphNode*> out;
  for (const auto& n : nodes)
    if (inRegion(n, region) && graphNodeCounts(m, n, d, period_from_year)) out.push_back(&n);
  return out;
}

std::vector<const domain::GraphNode*> graphMetricNew(const std::vector<domain::GraphNode>& nodes,
                                                     const domain::PlanMetric& m, Date d, const std::string& region) {
  std::vector<const domain::GraphNode*> out;
  for (const auto& n : nodes)
    if (inRegion(n, region) && graphNodeNew(m, n, d)) out.push_back(&n);
  return out;
}

}  // namespace trellis::report
