// Use cases of the reserve pools: entry (with the ladder's entry rules), exit, the lists per pool
// with each member's evaluation summary and pipeline step, the application pipeline, and the
// growth roadmap (generated on entry, officers add/edit/complete/waive). One transaction each,
// audited; a member is in scope when its enterprise is (EnterpriseScope, out of scope = 404).
//
// Design note — entry (PE labels; tests cite them):
//   PE1 pool known (not_found), tier key|long_term, target stage one the pool takes
//   PE2 target year within [entry year, entry year + 5]
//   PE3 the target is not already held on the entry date       → failed_precondition "stage_already_held"
//   PE4 the target is reachable from a held stage (or nothing is held yet)
//                                                              → failed_precondition "stage_not_reachable"
//   PE5 rules::Ladder::checkEntry (an eaglet needs hnte or tech_sme)
//                                                              → failed_precondition "entry_refused" + reason_zh
//   PE6 one open membership per pool                           → conflict "already_member"
//   PE7 the responsible region is in the caller's scope
// On entry the roadmap is generated (member_upkeep.h RG1–RG2). On-time % of a member: done on
// or before due ÷ (done + overdue), waived and retired left out; null when nothing is due yet.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/pool.h"
#include "trellis/io/pool_json.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/service/scope.h"
#include "trellis/store/database.h"

namespace trellis::service {

struct PoolSummary {
  const domain::PoolDef* pool = nullptr;
  std::int64_t open_members = 0;  // within the caller's scope
};

struct RoadmapStats {
  int planned = 0, overdue = 0, done = 0, done_on_time = 0, waived = 0;
  std::optional<double> on_time;  // done_on_time / (done + overdue)
  std::optional<Date> next_due;
};

struct MemberView {
  domain::PoolMember member;
  std::optional<rules::EligibilityReport> evaluation;  // target stage, target year, today
  std::string evaluation_error;
  std::optional<domain::PipelineStep> pipeline_step;   // latest step of the target year
  std::vector<domain::PipelineStep> steps;             // detail views only
  std::vector<domain::Milestone> milestones;           // detail views only (retired left out), overdue decided
  RoadmapStats roadmap;
};

struct MemberQuery {
  std::string region, tier;
  std::optional<int> target_year;
  bool include_exited = false;
  std::optional<std::int64_t> limit;
  std::string cursor;
};

struct MemberPage {
  std::vector<MemberView> items;
  std::string next_cursor;
};

struct DueQuery {
  std::string region;
  std::optional<Date> due_before;  // default today + 30 days
  std::optional<std::int64_t> limit;
  std::string cursor;
};

struct DueItem {
  domain::Milestone milestone;  // overdue decided
  domain::PoolMember member;
};

struct DuePage {
  std::vector<DueItem> items;
  std::string next_cursor;
  Date due_before;
  Date today;  // the day overdue was decided on
};

// An enterprise's memberships (open first) as read today.
struct RoadmapView {
  Date today;
  std::vector<MemberView> memberships;
};

class PoolService {
 public:
  PoolService(const Context& ctx, const rules::Ladder& ladder);

  const rules::Ladder& ladder() const { return ladder_; }
  std::vector<PoolSummary> pools(const Caller& caller);
  // PE1–PE7, then the roadmap. Returns the detail view.
  MemberView enter(const Caller& caller, const std::string& pool, const io::MemberDraft& draft);
  MemberPage members(const Caller& caller, const std::string& pool, const MemberQuery& query);
  MemberView member(const Caller& caller, const std::string& pool, std::int64_t id);
  // reason one of graduated|withdrawn|disqualified|moved_away; exited_on within [entered_on, today].
  MemberView exit(const Caller& caller, const std::string& pool, std::int64_t id, const io::ExitDraft& draft);
  domain::PipelineStep addStep(const Caller& caller, const std::string& pool, std::int64_t id, const io::StepDraft& draft);

  // Memberships of the enterprise (open first) with their milestones and stats. Every
  // milestone returned has its overdue decided on today.
  RoadmapView roadmap(const Caller& caller, std::string_view uscc);
  domain::Milestone addMilestone(const Caller& caller, std::string_view uscc, const io::MilestoneDraft& draft);
  domain::Milestone editMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                  const io::MilestoneDraft& draft);
  domain::Milestone completeMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                      const io::MilestoneClose& close);
  domain::Milestone waiveMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                   const io::MilestoneClose& close);
  // Undoes 完成 or 免除 (a mistaken tap): the milestone is planned again, with the reason in the
  // audit trail. Refused for a planned or retired milestone and for a member that left the pool.
  domain::Milestone reopenMilestone(const Caller& caller, std::string_view uscc, std::int64_t id,
                                    const io::MilestoneClose& close);
  DuePage dueMilestones(const Caller& caller, const std::string& pool, const DueQuery& query);

  // The same checks and writes on c, the caller's write transaction, for an enterprise already
  // found in scope (the reserve-pool import, service/pool_member_import.h, so that a file row
  // passes exactly what POST /pools/{pool}/members would). checkEntryOn: PE1–PE7 for a new
  // member; with amended (an open member of pool) the new tier, target and note of that member
  // instead — PE2 against its entered_on, PE3–PE5 when the target stage changes, PE6 not asked.
  domain::PoolMember checkEntryOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                  const std::string& pool, const io::MemberDraft& draft,
                                  const domain::PoolMember* amended) const;
  // Inserts m (checked), audited pool.enter, and generates its roadmap.
  MemberView enterOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e, domain::PoolMember m);
  // Writes after's tier, target and note over before (its version + 1), audited pool.amend; the
  // roadmap follows the new target (RG).
  domain::PoolMember amendOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                             const domain::PoolMember& before, domain::PoolMember after);
  // Deletes a member with no pipeline steps and its milestones (an import's revert of the member
  // it added), audited pool.remove.
  void removeOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e, const domain::PoolMember& m);

  static RoadmapStats statsOf(const std::vector<domain::Milestone>& milestones, Date today);

 private:
  const domain::PoolDef& poolDef(const std::string& pool) const;
  // PE1's checks of the draft alone (uscc, tier, target stage of the pool, note).
  void checkDraft(const domain::PoolDef& def, const io::MemberDraft& draft) const;
  MemberView view(store::Connection& c, const domain::Enterprise& e, const domain::PoolMember& m, bool detail);
  // Loads member id of pool and its enterprise, checked for scope (throws the refusal signal).
  std::pair<domain::PoolMember, domain::Enterprise> loadMember(store::Connection& c, const Caller& caller,
                                                               const std::string& pool, std::int64_t id);
  domain::Milestone changeMilestone(const Caller& caller, std::string_view uscc, std::int64_t id, const char* action,
                                    std::optional<std::int64_t> version,
                                    const std::function<void(domain::Milestone&)>& change,
                                    const std::string* reopen_reason = nullptr);  // non-null: reopening

  const Context& ctx_;
  const rules::Ladder& ladder_;
  EnterpriseScope scope_;
};

}  // namespace trellis::service
