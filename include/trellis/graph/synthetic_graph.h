// The synthetic innovation graph of the graph benchmark (issue 10 "Bench", 300k nodes / 1.5M
// links) as a library, so `tools/bench graph` and `trellis demo --scale province` (issue 11
// "Scale") generate the very same shape from one generator instead of two copies drifting apart.
// Deterministic: the same layout, counts and generator state give the same nodes and links (its
// own arithmetic on mt19937_64, never std distributions, whose output varies between libraries).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "trellis/domain/graph_config.h"
#include "trellis/domain/graph_node.h"

namespace trellis::graph {

// Node ids 1..n by kind: enterprises first (ids 1..ent_end), then platforms, talent teams,
// projects and institutions.
struct SyntheticLayout {
  std::uint32_t n, ent_end, plat_end, team_end, proj_end;
  // The benchmark's mix: 80% enterprises, 10% platforms, 3.3% talent teams, 5% projects, the
  // rest institutions.
  explicit SyntheticLayout(std::uint32_t count);
  // `enterprises` of the `count` nodes are enterprises; the others split as in the benchmark's
  // mix (platforms 1/2, teams 1/6, projects 1/4, institutions the rest). Precondition:
  // enterprises < count.
  SyntheticLayout(std::uint32_t count, std::uint32_t enterprises);
  domain::NodeKind kindOf(std::uint32_t id) const;
};

// Every node with its kind's fields (names "N<id>", regions drawn from the benchmark's ten codes —
// a database writer maps them onto its own regions).
std::vector<domain::GraphNode> makeSyntheticNodes(const SyntheticLayout& lay, const domain::GraphConfig& config,
                                                  std::mt19937_64& rng);

// `count` links of kinds config allows between the layout's ids, skewed towards hub platforms
// (a u² draw), distinct per (from, to, kind), 10% of them ended; ids 1..count, valid from days in
// 2015..2024, recorded by "bench".
std::vector<domain::GraphLink> makeSyntheticLinks(const SyntheticLayout& lay, std::uint32_t count, std::mt19937_64& rng);

}  // namespace trellis::graph
