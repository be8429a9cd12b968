// What the ladder and pool use cases share inside their transactions: the facts the rules read
// for an enterprise, the evaluation of a member against its target, the re-generation of its
// roadmap, and graduation when the target designation is recorded.
//
// Design note — roadmap re-generation (tests cite the labels):
//   RG1 propose     rules::proposeRoadmap on the member's target stage and year, as seen today
//   RG2 add         a proposed step with no planned/done/waived generated milestone of its key
//                   is added (planned)
//   RG3 follow      an open (planned) generated milestone of a proposed key takes the new gap
//                   text and addresses; its due date stays (dates do not drift day by day)
//   RG4 retire      an open generated milestone whose key is no longer proposed (the gap closed)
//                   becomes "retired"; done and waived ones stay as they are
//   RG5 officers'   milestones with generated = 0 are never touched
//   GR1 graduate    recording a designation of a member's target stage closes the open
//                   membership: exited_on = max(starts_on, entered_on), reason "graduated"
#pragma once
#include <optional>
#include <string>

#include "trellis/core/date.h"
#include "trellis/domain/enterprise.h"
#include "trellis/domain/indicators.h"
#include "trellis/domain/pool.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"

namespace trellis::store {
class Connection;
}

namespace trellis::service {

// Every fact of e the rules read; expert scores are those entered for expert_year.
domain::EnterpriseFacts loadFacts(store::Connection& c, const domain::Enterprise& e, int expert_year);

// The member's target stage evaluated for its target year on today. nullopt with error set
// when the rules cannot evaluate it (no rule set for the year).
struct MemberEvaluation {
  std::optional<rules::EligibilityReport> report;
  std::string error;
};
MemberEvaluation evaluateMember(store::Connection& c, const rules::Ladder& ladder, const domain::Enterprise& e,
                                const domain::PoolMember& m, Date today);

struct RoadmapSync {
  int added = 0, followed = 0, retired = 0;
  bool changed() const { return added + followed + retired > 0; }
};

// RG1–RG5 for one open membership. Writes an audit row "roadmap.regenerate" when anything changed.
RoadmapSync syncRoadmap(store::Connection& c, const rules::Ladder& ladder, const AuditTrail& audit,
                        const Caller& caller, const domain::Enterprise& e, const domain::PoolMember& m, Date today,
                        const std::string& now);

// RG for every open membership of e (after its facts changed).
void syncRoadmaps(store::Connection& c, const rules::Ladder& ladder, const AuditTrail& audit, const Caller& caller,
                  const domain::Enterprise& e, Date today, const std::string& now);

// GR1. Returns the number of memberships graduated; each writes an audit row "pool.graduate".
int graduateMembers(store::Connection& c, const AuditTrail& audit, const Caller& caller, const domain::Enterprise& e,
                    const std::string& stage, Date starts_on, const std::string& now);

}  // namespace trellis::service
