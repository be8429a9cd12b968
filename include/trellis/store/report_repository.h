// Read-only facts for the plan reports (report/), gathered as of a date across the register,
// designation, pool_membership, milestone and the liaison problems; and the two tables of
// sql/007: task status updates and target splits. Callers run these inside Database::read /
// Database::write (one snapshot per report). "As of d": rows whose business date (starts_on,
// entered_on, a milestone's creation day, a problem's raised_on, a status update's on_date) is
// after d are left out, and so are revocations and exits dated after d, so adding this year's data
// does not change last year's report. A correction (corrects_id) applies to every date: it fixes
// an error rather than recording a change.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/designation.h"
#include "trellis/domain/plan.h"
#include "trellis/domain/pool.h"
#include "trellis/store/graph_repository.h"

namespace trellis::store {

class Connection;

struct EnterpriseFact {
  std::int64_t id = 0;
  std::string uscc, name, region_code;
  bool archived = false;
};

struct DesignationFact {
  std::int64_t enterprise_id = 0;
  domain::Designation designation;   // ends_on as stored
};

struct MilestoneFact {
  std::int64_t membership_id = 0;
  Date due_on;
  std::string status;                // planned | done | waived | retired (as stored)
  std::optional<Date> done_on;
};

struct ProblemStateFact {
  std::int64_t enterprise_id = 0;
  std::string owner_unit;
  Date deadline;
  std::string status;                // the last status on or before the date
};

struct ReportFacts {
  Date as_of;
  std::map<std::int64_t, EnterpriseFact> enterprises;  // those with a designation or membership
  std::vector<DesignationFact> designations;           // starts_on ≤ as_of, by enterprise, starts_on, id
  std::vector<domain::PoolMember> memberships;         // entered_on ≤ as_of (exits after as_of cleared)
  std::vector<MilestoneFact> milestones;               // of those memberships, created on or before as_of
};

class ReportRepository {
 public:
  static ReportFacts facts(Connection& c, const Date& as_of);
  // The change counters of sql/015 (table → n) as the caller's snapshot sees them, and sql/006's
  // auth_epoch as "app_user": equal counters of a table mean no row of it changed in between, in
  // any process (auth_epoch moves on a user's update or delete, which is all a report reads of
  // users: an officer's name).
  static std::map<std::string, std::int64_t> versions(Connection& c);
  // Problems raised on or before `on` (archived enterprises left out), with their status on it.
  static std::vector<ProblemStateFact> problemStates(Connection& c, const Date& on);

  // The live (not removed) platform, talent-team and project nodes, ascending id, for the graph
  // metrics, read as every graph read does (GraphRepository::liveNodesOfKinds; the caller decodes
  // fields_json). Every node, whatever its dates: the report applies as_of to them.
  static std::vector<GraphNodeRow> metricNodes(Connection& c);
  // Non-enterprise nodes linked on `on` to an enterprise this liaison officer is actively
  // assigned (what the graph shows such an officer, service/graph_service GS1), ascending.
  static std::vector<domain::NodeId> nodesLinkedToOfficer(Connection& c, std::int64_t officer_id, const Date& on);

  static std::int64_t insertStatus(Connection& c, const domain::TaskStatusUpdate& u);
  // Every update of a task, oldest first (on_date, id).
  static std::vector<domain::TaskStatusUpdate> statusHistory(Connection& c, const std::string& plan, int task);
  // The latest update on or before `on` of each task of the plan: task → update.
  static std::map<int, domain::TaskStatusUpdate> latestStatuses(Connection& c, const std::string& plan, const Date& on);

  // Replaces the split of metric × period by `values` (region → value).
  static void replaceSplit(Connection& c, const std::string& metric, const std::string& period,
                           const std::vector<std::pair<std::string, std::int64_t>>& values, const std::string& by,
                           const std::string& at);
  // Every split row as a Target (origin "split", bound left empty: it is the city target's);
  // rows whose period does not parse are skipped.
  static std::vector<domain::Target> splits(Connection& c);
};

}  // namespace trellis::store
