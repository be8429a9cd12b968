// The growth-roadmap book the bureau pulls (issue 11): for a reserve pool and target year, every
// member open on the date, region by region (one sheet per county, district or zone that has
// members), with its rung on the date, target, tier, and each milestone of its roadmap by month
// — due month, title, the gap it closes, its status on the date. A member without milestones is
// one row with the milestone cells empty. Rows are by enterprise USCC, then due date.
#pragma once
#include <string>
#include <vector>

#include "trellis/domain/pool.h"
#include "trellis/domain/table.h"
#include "trellis/report/ladder_index.h"

namespace trellis::report {

struct BookMember {
  store::EnterpriseFact enterprise;
  domain::PoolMember member;
  std::string rung;                          // top stage on the date, "" when none
  std::vector<domain::Milestone> milestones; // created by the date, retired ones left out
};

std::vector<domain::Table> roadmapBookTables(std::vector<BookMember> members, const RegionList& regions,
                                             const rules::Ladder& ladder, Date as_of);

}  // namespace trellis::report
