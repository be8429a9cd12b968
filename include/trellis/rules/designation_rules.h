// The pure decisions on an enterprise's designation records (ladder_service.h DS4, DS5 and the
// status a record shows): facts in — the ladder, the record, all the enterprise's records —
// decisions out. No database, no clock: the caller passes the day.
#pragma once
#include <string>
#include <vector>

#include "trellis/domain/designation.h"
#include "trellis/rules/ladder.h"

namespace trellis::rules {

// True when another record of all corrects d.
bool supersededIn(const domain::Designation& d, const std::vector<domain::Designation>& all);

// d's status on `on`: superseded | revoked | pending | expired | valid, in that order of precedence.
std::string designationStatus(const Ladder& ladder, const domain::Designation& d,
                              const std::vector<domain::Designation>& all, Date on);

// DS4 (a local-policy stage with predecessors needs one held on starts_on that leads to it →
// Error failed_precondition "stage_not_reachable") and DS5 (no live record of the same stage
// starting the same day, or the same year for a calendar-year stage → conflict
// "duplicate_designation"), checked against all (which already holds d when d is a correction).
void checkPlacement(const Ladder& ladder, const domain::Designation& d, const std::vector<domain::Designation>& all);

}  // namespace trellis::rules
