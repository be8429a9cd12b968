// Which nodes a caller may see. Every graph query takes one and answers over the visible
// subgraph only: an invisible node is not returned, not counted, and no path or neighbourhood
// passes through it (issue 10 "Every graph query answers over the caller's visible subgraph").
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "trellis/domain/graph_node.h"

namespace trellis::graph {

// What a predicate sees of a node (the engine keeps no more than this per node).
struct NodeFacts {
  domain::NodeId id = 0;
  domain::NodeKind kind = domain::NodeKind::platform;
  const std::string* region_code = nullptr;   // never null
};

class Visibility {
 public:
  // Every node (the bureau's city-wide roles).
  static Visibility all();
  // The region-scope rule: an enterprise is visible when its region is listed; any other node
  // when its responsible region is listed OR it has a link valid on the query's date to a
  // visible enterprise (read-only for the caller: the service decides writes). region_codes is
  // the caller's full scope (a county officer: the county and the zones it hosts).
  static Visibility regions(std::vector<std::string> region_codes);
  // Exactly these nodes.
  static Visibility nodes(std::unordered_set<domain::NodeId> ids);
  // Nodes for which the predicate holds; it is called at most once per node and query.
  static Visibility where(std::function<bool(const NodeFacts&)> predicate);

  enum class Mode { all, regions, nodes, predicate };
  Mode mode() const { return mode_; }
  const std::vector<std::string>& regionCodes() const { return regions_; }
  const std::unordered_set<domain::NodeId>& nodeIds() const { return ids_; }
  const std::function<bool(const NodeFacts&)>& predicate() const { return predicate_; }

 private:
  Mode mode_ = Mode::all;
  std::vector<std::string> regions_;
  std::unordered_set<domain::NodeId> ids_;
  std::function<bool(const NodeFacts&)> predicate_;
};

}  // namespace trellis::graph
