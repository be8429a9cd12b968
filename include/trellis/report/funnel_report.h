// Reserve-pool funnel and cohorts as of a date, for one region or the city (README "Progress
// against the plan"). Memberships count by their enterprise's region; entered_on ≤ d.
//   F1 cohort (pool, year): memberships that entered the pool in that year.
//   F2 reached within N years (N = 1, 2, 3): a record of the membership's target stage started
//      (and held) between entering and entering + N years. Only memberships whose N-year window
//      has closed by d are eligible; rate = reached / eligible (null when none is eligible).
//   F3 reached by d: a record of the target stage started between entering and d.
//   F4 exits by reason: memberships exited on or before d, per pool and reason.
//   F5 conversion by tier: per pool and tier (重点 key / 中长期 long_term), reached by d / entered.
//   F6 time to target: days from entering to F3's start, per pool, over those that reached it.
//   F7 time in stage: per stage s, days from first holding s to first holding a higher-ranked
//      stage (on or after it), over enterprises of the region that moved up by d.
//   Medians and p75 are nearest-rank (report::percentile).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/report/ladder_index.h"

namespace trellis::report {

struct CohortRow {
  std::string pool;
  int year = 0;
  std::int64_t entered = 0;
  std::array<std::int64_t, 3> eligible{}, reached{};  // index 0 = within 1 year
  std::int64_t reached_by_as_of = 0;
  std::int64_t open = 0;
  std::map<std::string, std::int64_t> exits;          // reason → count
};

struct DurationStat {
  std::string key;           // pool id or stage id
  std::int64_t n = 0;
  std::optional<double> median_days, p75_days;
};

struct TierConversion {
  std::string pool, tier;
  std::int64_t entered = 0, reached = 0;
  std::optional<double> rate;
};

struct FunnelReport {
  Date as_of;
  std::string region;        // "" = the city
  std::vector<CohortRow> cohorts;                    // by pool order, then year
  std::map<std::string, std::map<std::string, std::int64_t>> exits;  // pool → reason → count
  std::vector<TierConversion> tiers;
  std::vector<DurationStat> time_to_target;          // per pool
  std::vector<DurationStat> time_in_stage;           // per stage, by rank
};

// When the membership reached its target stage (F3), none when not by d.
std::optional<Date> reachedOn(const LadderIndex& ix, const domain::PoolMember& m);

// The memberships behind a cohort figure (drill-downs): outcome entered | reached_1 | reached_2 |
// reached_3 | reached | exited | open.
std::vector<const domain::PoolMember*> cohortMembers(const LadderIndex& ix, const std::string& pool, int year,
                                                     const std::string& outcome, const std::string& region);

FunnelReport funnelReport(const LadderIndex& ix, const std::string& region);

}  // namespace trellis::report
