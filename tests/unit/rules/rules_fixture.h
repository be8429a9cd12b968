// Shared by the rules tests: the shipped config/ladder.json, and builders for facts.
#pragma once
#include <string>

#include "trellis/domain/designation.h"
#include "trellis/domain/indicators.h"
#include "trellis/rules/ladder.h"

#ifndef TRELLIS_SOURCE_DIR
#error "TRELLIS_SOURCE_DIR must point at the source tree"
#endif

namespace trellis::rules::test {

inline std::string sourcePath(const std::string& relative) {
  return std::string(TRELLIS_SOURCE_DIR) + "/" + relative;
}

// The shipped ladder, loaded once per test binary.
inline const Ladder& shippedLadder() {
  static const Ladder ladder(loadLadderConfig(sourcePath("config/ladder.json")));
  return ladder;
}

// A designation record of stage from starts (no end, not revoked).
inline domain::Designation held(std::int64_t id, const char* stage, Date starts) {
  domain::Designation d;
  d.id = id;
  d.stage = stage;
  d.starts_on = starts;
  return d;
}

// The row for year, created if absent.
inline domain::YearlyIndicators& yearRow(domain::EnterpriseFacts& f, int year) {
  for (auto& y : f.indicators)
    if (y.year == year) return y;
  f.indicators.push_back(domain::YearlyIndicators{});
  f.indicators.back().year = year;
  return f.indicators.back();
}

}  // namespace trellis::rules::test
