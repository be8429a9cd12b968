// Time helpers shared by the unit fixtures that drive a ManualClock.
#pragma once
#include <chrono>

#include "trellis/core/date.h"

namespace trellis::testclock {

// 10:00 China time (02:00 UTC) on d.
inline TimePoint morningOf(const Date& d) {
  return TimePoint(std::chrono::seconds(d.daysSinceEpoch() * 86400 + 2 * 3600));
}

}  // namespace trellis::testclock
