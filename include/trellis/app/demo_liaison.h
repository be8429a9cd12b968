// The liaison demo (`trellis demo-liaison`, run by tools/run after `trellis user demo-users`):
// the demo liaison officer is assigned a dozen enterprises of their region, with four months of
// contacts and problems in every state — closed with a satisfaction score, resolved awaiting
// closure, escalated, in progress past deadline, open — so the queue, the problem board and the
// metrics have something to show. Deterministic for a given database and day: the same
// enterprises (up to eight reserve-pool members, key tier first, then others by id), the same
// script, dated back from today.
#pragma once
#include <ostream>
#include <string>

#include "trellis/app/settings.h"

namespace trellis::app {

// Loads the script for officer_login (an active liaison user with a region). Returns the
// process exit code: 0 when loaded or already present (the officer has assignments), 1 with a
// message on `out` when the officer is missing or the region has too few enterprises.
int loadLiaisonDemo(const Settings& settings, const std::string& officer_login, std::ostream& out);

}  // namespace trellis::app
