// Each report as domain::Table (domain/table.h), the shape io/ writes as CSV and XLSX: numbers
// stay numbers (integer / decimal cells), dates stay dates, absent values are empty cells.
#pragma once
#include <vector>

#include "trellis/domain/plan.h"
#include "trellis/domain/table.h"
#include "trellis/report/funnel_report.h"
#include "trellis/report/ladder_report.h"
#include "trellis/report/progress_report.h"
#include "trellis/report/roadmap_report.h"
#include "trellis/report/scorecard.h"

namespace trellis::report {

// One row per metric × (city, then each region).
domain::Table progressTable(const ProgressReport& r, const RegionList& regions);
// One row per region (city first) × stage.
domain::Table ladderTable(const LadderReport& r, const RegionList& regions);
// Cohorts, then exits, tiers and durations as separate tables.
std::vector<domain::Table> funnelTables(const FunnelReport& r);
// Tasks, lead-unit roll-up, responsible-body roll-up.
std::vector<domain::Table> scorecardTables(const Scorecard& s, const domain::Plan& plan);
// One row per region (city first).
domain::Table roadmapTable(const RoadmapReport& r, const RegionList& regions);

}  // namespace trellis::report
