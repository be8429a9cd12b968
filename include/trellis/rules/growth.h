// HNTE growth rates (RULES.md §2.6, hnte_evaluator.h HN9): 净资产增长率 and 销售收入增长率.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "trellis/rules/band.h"
#include "trellis/rules/evaluation.h"

namespace trellis::rules {

struct GrowthRate {
  std::optional<double> rate;  // nullopt when no rate can be formed (then points are 0)
  int years_used = 0;          // 3, 2, or 0
  std::string note;            // why a special case applied
};

// Values of year 1, 2, 3 (oldest first); nullopt = the enterprise did not exist that year.
//   y1 absent or ≤ 0 → rate over 2 years: y3/y2 − 1;   y2 absent or ≤ 0 → no rate (0 points).
// The rate is rounded to 1e-12 so a decimal boundary (15%) is met exactly.
GrowthRate growthRate(std::optional<std::int64_t> y1, std::optional<std::int64_t> y2, std::int64_t y3);

// Points for a growth rate from the band table: the band range, and the band's flag when the
// rate sits exactly on its bound. No rate → 0 points with the rate's note.
SubScore growthPoints(const std::string& id, const std::string& label_zh, const GrowthRate& g,
                      const BandTable& bands, double max_points);

}  // namespace trellis::rules
