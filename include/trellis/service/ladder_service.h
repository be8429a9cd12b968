// Use cases of the ladder on one enterprise: designations (record, correct, revoke — never
// overwrite), the position and timeline "as of" a date, yearly indicators, HNTE expert scores,
// compliance facts, and evaluation against a stage. One transaction each, audited; object scope
// through EnterpriseScope (out of scope = 404). Changes that move the gap re-generate the
// roadmaps of the enterprise's open pool memberships (member_upkeep.h RG1–RG5); recording a
// member's target designation graduates it (GR1).
//
// Design note — what a designation must satisfy (DS labels; tests cite them):
//   DS1 known stage, number format (rules::checkDesignation: GR certificate, registration number)
//   DS2 starts_on a date, not after today, not before the enterprise was founded
//   DS3 ends_on, when sent, equals the ladder's computed end   → invalid "inconsistent_dates"
//   DS4 reachable: a local-policy stage (eaglet, gazelle, leader — the bureau's own rungs) with
//       predecessors needs one held on starts_on that leads to it; the national stages (tech_sme,
//       hnte) are recognised by others and recorded whatever the enterprise held before
//                                                              → failed_precondition "stage_not_reachable"
//   DS5 no live record of the same stage starting the same day, and for a calendar-year stage
//       none in the same year                                  → conflict "duplicate_designation"
//   DS6 a correction names a live record of this enterprise not corrected yet
//                                                              → conflict "already_corrected"
//   DS7 a revocation: a date within [starts_on, today], a reason; once only
//                                                              → failed_precondition "already_revoked"
// Indicators (IN labels): IN1 year ≤ this year ("future_year") · IN2 no negative value
// ("negative_value") · IN6 values ≤ 10^15 · the cross-field relations of
// domain/indicator_relations.h: IN3 st_staff ≤ employees · IN4 domestic R&D ≤ total R&D · IN5
// non-taxable income ≤ total income, high-tech income ≤ total income − non-taxable income · IN7
// the R&D line items (commissioned at 80%) ≤ the R&D total.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/io/ladder_json.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/service/scope.h"
#include "trellis/store/database.h"
#include "trellis/store/ladder_repository.h"

namespace trellis::service {

struct DesignationView {
  domain::Designation designation;  // ends_on always set: stored, or computed from the stage's validity
  std::string status;  // valid | expired | revoked | superseded | pending, on the as_of date
};

struct LadderView {
  rules::Position position;
  std::vector<rules::TimelineEvent> timeline;
  std::vector<DesignationView> designations;
  std::vector<std::string> next_stages;  // successors of the top stage (roots when none held)
};

class LadderService {
 public:
  LadderService(const Context& ctx, const rules::Ladder& ladder);

  const rules::Ladder& ladder() const { return ladder_; }

  std::vector<DesignationView> designations(const Caller& caller, std::string_view uscc, std::optional<Date> as_of);
  // DS1–DS5; then GR1 and RG for the enterprise's open memberships.
  DesignationView recordDesignation(const Caller& caller, std::string_view uscc, const io::DesignationDraft& draft);
  // DS1–DS6: a new record whose corrects_id is id.
  DesignationView correctDesignation(const Caller& caller, std::string_view uscc, std::int64_t id,
                                     const io::DesignationDraft& draft);
  // DS7.
  DesignationView revokeDesignation(const Caller& caller, std::string_view uscc, std::int64_t id,
                                    const io::RevocationDraft& draft);
  LadderView ladderOf(const Caller& caller, std::string_view uscc, std::optional<Date> as_of);

  // The same checks and writes on c, the caller's write transaction, for an enterprise the caller
  // already found in scope (the designations import, service/designation_import.h, uses them so
  // that a file row passes exactly what the API would). checkDesignationOn: DS1–DS5, and DS6 when
  // corrects_id names the record corrected. recordDesignationOn: inserts d (audited
  // designation.create, or designation.correct when d.corrects_id), then GR1 and RG.
  domain::Designation checkDesignationOn(store::Connection& c, const domain::Enterprise& e,
                                         const io::DesignationDraft& draft, std::optional<std::int64_t> corrects_id) const;
  DesignationView recordDesignationOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                      const domain::Designation& d);
  // DS7, audited designation.revoke.
  DesignationView revokeDesignationOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                      std::int64_t id, const io::RevocationDraft& draft);
  // Every record of e with its status today.
  std::vector<DesignationView> designationsOn(store::Connection& c, const domain::Enterprise& e) const;

  // IN1–IN7 on v alone (no version check); the indicators import (service/indicator_import.h)
  // checks each file row with it before writing through putIndicatorsOn.
  void checkIndicators(const domain::YearlyIndicators& v) const;
  // Writes v (checked) on c, the caller's write transaction, for an enterprise already found in
  // scope: a new version of the year's row, audited indicators.write, the roadmaps regenerated.
  domain::IndicatorsRecord putIndicatorsOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                           const domain::YearlyIndicators& v);
  // Deletes the year's row (an import's revert of the row it created), audited indicators.delete.
  void removeIndicatorsOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e, int year);

  // not_found "indicators" when the year has no row.
  domain::IndicatorsRecord indicators(const Caller& caller, std::string_view uscc, int year);
  std::vector<domain::YearlyIndicators> allIndicators(const Caller& caller, std::string_view uscc);
  // IN1–IN7; version (when sent) must be the stored one → conflict "stale_version".
  domain::IndicatorsRecord putIndicators(const Caller& caller, std::string_view uscc, const domain::YearlyIndicators& v,
                                     std::optional<std::int64_t> version);

  // Empty scores when none were entered.
  domain::HnteExpertScores expertScores(const Caller& caller, std::string_view uscc, int year, std::string* note);
  // Each item within 0..its pillar's max in the HNTE rules of year → invalid "out_of_range".
  domain::HnteExpertScores putExpertScores(const Caller& caller, std::string_view uscc, int year,
                                           const io::ExpertScoresDraft& draft);

  domain::LadderFacts facts(const Caller& caller, std::string_view uscc);
  domain::LadderFacts putFacts(const Caller& caller, std::string_view uscc, const io::LadderFactsDraft& draft);

  // stage required; year default this year; as_of default today. Errors of the rules pass through
  // (unknown_stage, no_rule_set).
  rules::EligibilityReport evaluate(const Caller& caller, std::string_view uscc, const std::string& stage,
                                    std::optional<int> year, std::optional<Date> as_of);

 private:
  domain::Designation checkedDraft(const io::DesignationDraft& draft, const domain::Enterprise& e) const;
  DesignationView insertDesignation(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                    domain::Designation d, const char* action);
  void afterFactsChanged(store::Connection& c, const Caller& caller, const domain::Enterprise& e);
  // d with its status on `on` and its ends_on filled in when none is stored.
  DesignationView viewOf(domain::Designation d, const std::vector<domain::Designation>& all, Date on) const;

  const Context& ctx_;
  const rules::Ladder& ladder_;
  EnterpriseScope scope_;
};

}  // namespace trellis::service
