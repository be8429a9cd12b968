#include "trellis/graph/visibility.h"

namespace trellis::graph {

Visibility Visibility::all() { return Visibility(); }

Visibility Visibility::regions(std::vector<std::string> region_codes) {
  Visibility v;
  v.mode_ = Mode::regions;
  v.regions_ = std::move(region_codes);
  return v;
}

Visibility Visibility::nodes(std::unordered_set<domain::NodeId> ids) {
  Visibility v;
  v.mode_ = Mode::nodes;
  v.ids_ = std::move(ids);
  return v;
}

Visibility Visibility::where(std::function<bool(const NodeFacts&)> predicate) {
  Visibility v;
  v.mode_ = Mode::predicate;
  v.predicate_ = std::move(predicate);
  return v;
}

}  // namespace trellis::graph
