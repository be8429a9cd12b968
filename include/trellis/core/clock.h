// Time comes from an injected clock so rules, sessions and reports are testable "as of" a date.
#pragma once
#include <atomic>

#include "trellis/core/date.h"

namespace trellis {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that stands still until told to move; for tests and `--clock` in the test server.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void set(TimePoint t) { now_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::seconds by) {
    now_.fetch_add(std::chrono::duration_cast<TimePoint::duration>(by).count());
  }

 private:
  std::atomic<TimePoint::duration::rep> now_;
};

}  // namespace trellis
