// Ladder demo data on top of the demo enterprises: yearly indicators, designations (tech-SME
// filings, HNTE certificates with valid GR numbers, a few eaglets), compliance facts, an HNTE
// reserve and a double-hundred reserve in every region with tiers, expert scores, pipeline steps
// and generated roadmaps with some milestones done, some late. Deterministic by seed: its own
// arithmetic on mt19937_64, dates relative to the runtime clock's year.
#pragma once
#include <cstdint>
#include <string>

#include "trellis/app/runtime.h"

namespace trellis::app {

struct DemoLadderFigures {
  int enterprises = 0;        // with indicators
  int indicator_rows = 0;
  int tech_sme_filings = 0;
  int hnte_certificates = 0;
  int eaglets = 0;
  int hnte_reserve = 0;
  int double_hundred_reserve = 0;
  int pipeline_steps = 0;
  int milestones = 0;
  int milestones_done = 0;
  std::string summary() const;
};

// Loads into runtime's database in one transaction (audited as one bulk row). Precondition: the
// demo enterprises are loaded and no ladder data exists yet.
DemoLadderFigures loadDemoLadder(Runtime& runtime, std::uint64_t seed, int max_enterprises = 400);

}  // namespace trellis::app
