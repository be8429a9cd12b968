#include "trellis/report/liaison_cadence.h"

#include <algorithm>

namespace trellis::report {

Date nextContactDue(const std::optional<Date>& last_contact, const std::optional<Date>& promised, const Date& base,
                    int cadence_days) {
  if (!last_contact) return base.addDays(cadence_days);  // C3
  Date due = last_contact->addDays(cadence_days);         // C1
  if (promised && *promised < due) due = *promised;       // C2
  return due;
}

bool contactedWithinCadence(const std::vector<Date>& contacts, const Date& entered_on, int cadence_days,
                            const Date& from, const Date& to) {
  const Date start = std::max(from, entered_on);
  if (start > to) return true;  // not a member during the period
  Date point = entered_on;
  for (const auto& d : contacts) {
    if (d > start) break;
    point = d;  // the last contact on or before the start (C5), as the queue's C1 uses it
  }
  for (const auto& d : contacts) {
    if (d <= start) continue;
    if (d > to) break;
    if (d.daysSinceEpoch() - point.daysSinceEpoch() > cadence_days) return false;
    point = d;
  }
  return to.daysSinceEpoch() - point.daysSinceEpoch() <= cadence_days;
}

}  // namespace trellis::report
