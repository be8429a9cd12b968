// Follow-up discipline (README "Liaison"): when the next contact with an enterprise is due, and
// whether a reserve-pool member was contacted within its cadence over a period. Pure functions
// of dates, so the queue and the metrics agree and tests need no clock.
//
// Cases, cited by the tests:
//   C1 contacted before: due = last contact + cadence days.
//   C2 the last contact promised an earlier date (next_contact_due): due = that date. A later
//      promise does not postpone the cadence.
//   C3 never contacted: due = base + cadence days (base: the day it entered the reserve pool,
//      or, outside any pool, the day the officer was assigned).
//   C4 overdue on day d when d > due; due today when d == due; due soon when due - d ≤ N days.
//   C5 within cadence over [from, to]: never overdue on any day of the period — every gap
//      between consecutive touch points ≤ cadence, where the points are the last contact on or
//      before max(from, entered) (else the pool entry day, as C3), each contact after it up to
//      `to`, and `to` itself. So a member is within cadence when the queue, ignoring C2 promises,
//      would not have shown it overdue on any day of the period.
#pragma once
#include <optional>
#include <vector>

#include "trellis/core/date.h"

namespace trellis::report {

Date nextContactDue(const std::optional<Date>& last_contact, const std::optional<Date>& promised, const Date& base,
                    int cadence_days);

// contacts: the member's contact dates, ascending (dates after `to` are ignored).
bool contactedWithinCadence(const std::vector<Date>& contacts, const Date& entered_on, int cadence_days,
                            const Date& from, const Date& to);

}  // namespace trellis::report
