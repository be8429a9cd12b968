// The reserve-pool tables: pool_membership (sql/003), pipeline_step and milestone (sql/004).
// Callers run these inside Database::write / Database::read. Lists are filtered by scope in SQL.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/pool.h"
#include "trellis/store/list_scope.h"

namespace trellis::store {

class Connection;

struct MemberFilter {
  std::string pool;                          // required
  ListScope scope;                           // the caller's, on the member's enterprise
  std::string region;                        // the membership's responsible region, empty = any
  std::string tier;
  std::optional<int> target_year;
  bool include_exited = false;
  int limit = 50;
  std::int64_t after_id = 0;
};

struct MilestoneFilter {
  std::string pool;
  ListScope scope;
  std::string region;
  Date due_before;                           // planned milestones due on or before this date
  int limit = 50;
  std::int64_t after_id = 0;
};

// A milestone with its member, for pool-wide lists.
struct MilestoneOfMember {
  domain::Milestone milestone;
  domain::PoolMember member;
};

class PoolRepository {
 public:
  static std::optional<domain::PoolMember> member(Connection& c, std::int64_t id);
  // The enterprise's memberships, open first, newest first.
  static std::vector<domain::PoolMember> membersOf(Connection& c, std::int64_t enterprise_id);
  // Inserts; returns the id. An open membership of the same pool → Error conflict (UNIQUE index).
  static std::int64_t insertMember(Connection& c, const domain::PoolMember& m);
  // Closes an open membership where version matches; false when none matched.
  static bool exitMember(Connection& c, std::int64_t id, std::int64_t expected_version, Date on,
                         const std::string& reason, const std::string& at);
  // Writes an open membership's tier, target stage and year, note where version matches (version
  // + 1); false when none matched.
  static bool amendMember(Connection& c, const domain::PoolMember& m, std::int64_t expected_version);
  // Deletes a membership with its milestones (an import's revert of the member it added; the
  // caller checks it has no pipeline steps). false when none matched.
  static bool deleteMember(Connection& c, std::int64_t id);
  // Members ordered by id after f.after_id; returns at most f.limit + 1 rows (the caller pages).
  static std::vector<domain::PoolMember> members(Connection& c, const MemberFilter& f);
  // Open members per pool within scope: {pool, count}.
  static std::vector<std::pair<std::string, std::int64_t>> openCounts(Connection& c, const ListScope& scope);

  static std::int64_t insertStep(Connection& c, const domain::PipelineStep& s);
  // Steps of a membership by year, date, id.
  static std::vector<domain::PipelineStep> steps(Connection& c, std::int64_t membership_id);

  static std::optional<domain::Milestone> milestone(Connection& c, std::int64_t id);
  static std::vector<domain::Milestone> milestones(Connection& c, std::int64_t membership_id);
  static std::int64_t insertMilestone(Connection& c, const domain::Milestone& m);
  // Writes every mutable column where id and version match; version becomes m.version + 1.
  static bool updateMilestone(Connection& c, const domain::Milestone& m);
  static std::vector<MilestoneOfMember> dueMilestones(Connection& c, const MilestoneFilter& f);
};

}  // namespace trellis::store
