// One consistent, read-only look at the innovation graph: one snapshot (base + overlay) as of one
// date for one caller's visibility. Made by GraphEngine::view(); cheap to make and to copy; never
// blocks and is never blocked by writers or folds. Safe to use from several threads; copies share
// the snapshot and the analytics graph, which is built once, on the first analytics query.
//
// Design note — what every query promises (tests cite these labels):
//   V1 visible only   nodes the Visibility hides are not returned, counted, ranked or traversed;
//                     an invisible or unknown node given as input is Error not_found, the same
//                     error for both ("out of scope looks exactly like absent").
//   V2 as of          only links valid on asOf() exist (GraphLink::validOn).
//   V3 undirected     traversal and analytics ignore link direction; analytics run over the
//                     simple graph (several links between one pair count once, degree = distinct
//                     neighbours).
//   V4 bounded        depth <= limits.max_depth, results <= limits.max_neighbourhood_nodes /
//                     max_list / max_export_nodes; beyond a limit: Error invalid naming the field,
//                     or truncated = true where the result says so.
//   V5 deterministic  ties break by smaller node id; the betweenness sample is drawn from the
//                     configured seed over visible node ids in ascending order.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/core/error.h"
#include "trellis/graph/graph_results.h"

namespace trellis::graph {

// The one not-found of a graph node and of a graph link (V1): absent, removed and invisible
// alike, naming no key, from the engine and the service the same (codes graph_node_not_found,
// graph_link_not_found).
Error nodeNotFound();
Error linkNotFound();

class GraphView {
 public:
  struct Impl;
  explicit GraphView(std::shared_ptr<Impl> impl);

  Date asOf() const;
  // The snapshot's change counter: views with equal versions see the same graph.
  std::uint64_t version() const;

  // nullopt when absent, removed or invisible (V1).
  std::optional<NodeSummary> node(NodeId id) const;
  // The node of an enterprise (by its enterprise row id), when it has one and it is visible.
  std::optional<NodeId> enterpriseNode(std::int64_t enterprise_id) const;
  // Visible links valid on asOf() at one node (both directions), ascending link id, ≤ max_list.
  std::vector<LinkSummary> linksOf(NodeId id) const;

  // Throws not_found (center), invalid "depth" / "link_kinds" / "max_nodes".
  NeighbourhoodResult neighbourhood(const NeighbourhoodRequest& request) const;
  // nullopt when no visible path of at most limits.max_path_length links joins them.
  // Throws not_found when either end is unknown or invisible.
  std::optional<PathResult> shortestPath(NodeId from, NodeId to) const;
  // Visible nodes on asOf() (builds the analytics graph, which later queries of this view reuse).
  std::int64_t nodeCount() const;
  // Connected components of the visible graph; limit ≤ limits.max_list (invalid "limit").
  ComponentsResult components(int limit) const;
  // Degree, PageRank (damping and tolerance from config) or betweenness (Brandes from a sample of
  // `sample` sources, scaled by n / sample; exact when sample >= node count). Throws invalid
  // "limit" / "sample".
  CentralityResult centrality(const CentralityRequest& request) const;
  // Of these enterprises (row ids), the visible ones with no link valid on asOf() to a visible
  // node of analytics.isolation_kinds (an enterprise without a graph node is isolated too).
  // Ascending; input is bounded by the caller (a pool).
  std::vector<std::int64_t> isolated(const std::vector<std::int64_t>& enterprise_ids) const;
  // Other visible enterprises linked to a platform the enterprise node is linked to; most shared
  // platforms first, then smaller id; ≤ limit. Throws not_found / invalid "enterprise" (not an
  // enterprise node) / invalid "limit".
  std::vector<SharingEntry> sharingPlatforms(NodeId enterprise, int limit) const;
  // See PartnerEntry. Throws like sharingPlatforms.
  PartnersResult partners(NodeId enterprise, int limit) const;
  // Counts for the plan over visible nodes; throws invalid "to_year" when from_year > to_year or
  // the span exceeds 50 years.
  PlanCounts counts(const PlanCountsRequest& request) const;
  // GraphML (boost::write_graphml) or Graphviz DOT (boost::write_graphviz_dp) of the visible
  // graph or of a neighbourhood. Node ids are "n<id>", link ids "l<id>"; attributes kind, name,
  // region, sub_kind, level (nodes) and kind, valid_from, valid_until (links).
  std::string exportGraph(const ExportRequest& request) const;

  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace trellis::graph
