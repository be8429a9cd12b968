// The stateful random test's driver (issue 8 §1), shared by the bounded ctest case and
// tools/soak: a seeded random sequence of API calls by five principals — the bureau, the county
// officers of 魏都区 (weidu, 411002) and 长葛市 (changge, 411082), a viewer (411002) and a liaison
// officer (411002) — against the real server, every answer checked against a small model kept
// here: which enterprises exist, their version, archived or not, whether the liaison officer is
// assigned, how many contacts each has, and so who may see it and what each list counts.
// Every `verify_every` steps the model is also read back by concurrent clients, so every pooled
// reader connection serves some of the checks.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "demo_city.h"

namespace trellis::consistencytest {

struct RandomSessionOptions {
  std::uint64_t seed = 1;
  std::int64_t max_steps = 1000;                        // stop after this many calls …
  std::chrono::steady_clock::duration max_time = std::chrono::seconds(50);  // … or this long
  int verify_every = 100;                               // concurrent read-back of the model
  int max_enterprises = 400;                            // then no more creations
  // Called about every `report_every` with the steps so far (tools/soak prints the WAL).
  std::chrono::steady_clock::duration report_every = std::chrono::seconds(10);
  std::function<void(std::int64_t steps)> report;
};

struct RandomSessionResult {
  std::int64_t steps = 0;
  std::int64_t enterprises = 0;
  std::vector<std::string> divergences;  // the first few answers the model did not expect
};

// Runs until a limit or the first divergence; requires the demo users of DemoCity.
RandomSessionResult runRandomSession(DemoCity& city, const RandomSessionOptions& options);

}  // namespace trellis::consistencytest
