// The ladder as of a date, for the city and each region (README "Progress against the plan"):
//   L1 holders[s]     enterprises holding stage s on d (an enterprise counts at every rung it holds)
//   L2 top[s]         enterprises whose highest held stage on d is s (the pyramid; LV4)
//   L3 moves          per enterprise, top stage on the day before `from` against top stage on d:
//                     up when its rank rose (none ranks below every stage), down when it fell;
//                     moves["hnte>eaglet"] counts each change of top stage ("none" = no stage)
//   L4 expiring_6/12  records valid on d whose last valid day falls in (d, d + 6 / 12 months],
//                     unless a later record of the same stage already started (renewed);
//                     cumulative: the 12-month figure includes the 6-month one
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "trellis/report/ladder_index.h"

namespace trellis::report {

struct LadderCell {
  std::string region;
  std::map<std::string, std::int64_t> holders, top, expiring_6, expiring_12;
  std::int64_t moved_up = 0, moved_down = 0;
  std::map<std::string, std::int64_t> moves;
};

struct LadderReport {
  Date as_of, from;
  std::vector<std::string> stages;   // by rank, lowest first (the pyramid's base first)
  LadderCell city;
  std::vector<LadderCell> regions;
};

// Sets behind the cells (drill-downs). region "" = all.
std::vector<std::int64_t> ladderHolders(const LadderIndex& ix, const std::string& stage, const std::string& region);
std::vector<std::int64_t> ladderTop(const LadderIndex& ix, const std::string& stage, const std::string& region);
// direction "up" or "down".
std::vector<std::int64_t> ladderMoves(const LadderIndex& ix, Date from, const std::string& direction,
                                      const std::string& region);
struct Expiring {
  std::int64_t enterprise_id = 0;
  std::string stage;
  Date ends_on;
  std::string number;
};
// months 6 or 12; stage "" = every stage.
std::vector<Expiring> ladderExpiring(const LadderIndex& ix, int months, const std::string& stage,
                                     const std::string& region);

LadderReport ladderReport(const LadderIndex& ix, Date from, const RegionList& regions);

}  // namespace trellis::report
