// The liaison metrics (问题解决率, 满意率 … RULES.md §5) computed from gathered facts; pure, so a
// hand-counted fixture can check every figure. Definitions (README "Liaison metrics"), for a
// scope (a region or the city; or one officer's portfolio) and a period [from, to]:
//   M1 members: enterprises with an open reserve-pool membership on `to` (archived left out),
//      by the enterprise's region; tier key when any open membership is key.
//   M2 coverage = members with an active liaison officer on `to` / members (not for officers).
//   M3 contacts = contacts dated in [from, to] with members; contacts_per_member = contacts /
//      members. contacts_all counts contacts with every enterprise in scope.
//   M4 within_cadence_rate = members contacted within their tier's cadence (liaison_cadence.h
//      C5) / members.
//   M5 problems_raised = problems raised (contact date) in [from, to] on enterprises in scope;
//      problems_resolved = those whose status on `to` (their last change on or before it) is
//      resolved or closed; resolution_rate = resolved / raised.
//   M6 median_days_to_resolve: over the resolved ones, days from raised_on to their last move to
//      resolved on or before `to` (the mean of the middle two for an even count).
//   M7 satisfaction_rate = closed problems (status closed on `to`) with satisfaction ≥
//      satisfied_at_least (4) / closed problems. Every closed problem has a satisfaction 1–5.
// A rate whose denominator is 0 is absent (null), never 0 or 100%.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/liaison.h"
#include "trellis/store/liaison_facts_repository.h"

namespace trellis::report {

struct LiaisonMetrics {
  std::int64_t members = 0;
  std::int64_t members_assigned = 0;
  std::optional<double> coverage;
  std::int64_t contacts = 0;
  std::int64_t contacts_all = 0;
  std::optional<double> contacts_per_member;
  std::int64_t members_within_cadence = 0;
  std::optional<double> within_cadence_rate;
  std::int64_t problems_raised = 0;
  std::int64_t problems_resolved = 0;
  std::optional<double> resolution_rate;
  std::optional<double> median_days_to_resolve;
  std::int64_t problems_closed = 0;
  std::int64_t problems_satisfied = 0;
  std::optional<double> satisfaction_rate;
};

struct OfficerMetrics {
  std::string login;
  std::string display_name;
  LiaisonMetrics metrics;
};

// officer_id 0: the whole scope of the facts; otherwise only the enterprises this officer is the
// active liaison of on `to` (M2 coverage is then left absent).
LiaisonMetrics computeLiaisonMetrics(const store::RegionFacts& facts, const domain::LiaisonConfig& cfg,
                                     const Date& from, const Date& to, std::int64_t officer_id = 0);
// One row per officer active on `to` in the facts, ordered by login.
std::vector<OfficerMetrics> computeOfficerMetrics(const store::RegionFacts& facts, const domain::LiaisonConfig& cfg,
                                                  const Date& from, const Date& to);

}  // namespace trellis::report
