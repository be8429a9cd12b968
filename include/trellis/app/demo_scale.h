// The province-sized demo data set of issue 11 "Scale" (`trellis demo --scale province`): what
// `tools/bench reports` measures the reports on. 200k enterprises with 1M history rows (each
// created, then four register changes), five years of designations (yearly tech-SME filings,
// HNTE certificates and their re-recognition three years on, eaglets, gazelles, leaders), 50k
// reserve-pool members in five yearly cohorts (graduated, withdrawn or open) with generated
// roadmaps, a liaison officer per region with the members assigned, 500k contacts with problems
// in every state, and the innovation graph at the graph benchmark's size (300k nodes, 1.5M links,
// from graph::makeSynthetic*, enterprises as its enterprise nodes).
//
// Written through the repositories' own statements (the enterprises through
// EnterpriseService::createMany, so they are validated like any API write), a chunk of
// enterprises per transaction; each chunk's drafts and rows are dropped before the next, so
// memory grows only with the generator's uniqueness sets and, for the graph step, the generated
// graph (as in `tools/bench graph`). Deterministic by seed: same seed, scale and day, same data.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#include "trellis/app/runtime.h"

namespace trellis::app {

struct ScaleSpec {
  std::string name;
  std::size_t enterprises = 0;
  int history_per_enterprise = 5;  // rows per enterprise: the create and four updates
  int designation_years = 5;
  std::size_t pool_members = 0;
  std::size_t contacts = 0;
  std::uint32_t graph_nodes = 0;   // including one node per enterprise
  std::uint32_t graph_links = 0;
  std::size_t chunk = 20000;       // enterprises per transaction
};

// "province": the figures above; "city": one hundredth of them (2,000 enterprises, 3,000 graph
// nodes …), for the test that covers the path in ctest. Error invalid for another name.
ScaleSpec scaleSpec(const std::string& name);

struct ScaleFigures {
  std::int64_t enterprises = 0, history_rows = 0, designations = 0, pool_members = 0, pool_exits = 0,
               milestones = 0, milestones_done = 0, officers = 0, assignments = 0, contacts = 0, problems = 0,
               graph_nodes = 0, graph_links = 0;
  std::string summary() const;  // one line per table group, with the counts
};

// Precondition: an empty database (no enterprise yet). Progress lines (step, count, seconds) go
// to `progress`.
ScaleFigures loadScaleDemo(Runtime& runtime, const ScaleSpec& spec, std::uint64_t seed, std::ostream& progress);

}  // namespace trellis::app
