#include "trellis/auth/policy.h"

#include <algorithm>

namespace trellis::auth {
namespace {

// The permission table. Separation of duties (MLPS 8.1.4.2): admin manages users only, the
// auditor reads the audit trail only; neither touches enterprise data.
const std::vector<PermissionRow>& table() {
  static const std::vector<PermissionRow> rows = {
      {"public", {}},
      {"session", {Role::admin, Role::bureau, Role::county, Role::liaison, Role::auditor, Role::viewer}},
      {"catalog.read", {Role::admin, Role::bureau, Role::county, Role::liaison, Role::auditor, Role::viewer}},
      {"enterprise.list", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"enterprise.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"enterprise.create", {Role::bureau, Role::county}},
      {"enterprise.update", {Role::bureau, Role::county}},
      {"enterprise.archive", {Role::bureau, Role::county}},
      {"enterprise.restore", {Role::bureau, Role::county}},
      {"enterprise.reveal_phone", {Role::bureau, Role::county, Role::liaison}},
      {"liaison.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"liaison.assign", {Role::bureau, Role::county}},
      {"liaison.queue", {Role::bureau, Role::county, Role::liaison}},
      {"liaison.metrics", {Role::bureau, Role::county, Role::liaison}},  // a liaison officer: its own figures only
      {"contact.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"contact.write", {Role::bureau, Role::county, Role::liaison}},
      {"problem.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"problem.write", {Role::bureau, Role::county, Role::liaison}},
      {"ladder.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"ladder.write", {Role::bureau, Role::county}},
      {"pool.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"pool.write", {Role::bureau, Role::county}},
      {"report.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"plan.status", {Role::bureau}},
      {"plan.target", {Role::bureau}},
      {"import.read", {Role::bureau, Role::county}},  // batches of the caller's own scope only
      {"import.run", {Role::bureau, Role::county}},   // upload (dry run), commit, revert
      {"graph.read", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"graph.write", {Role::bureau, Role::county}},
      // A background exact-betweenness job: a read of the caller's own view, so every reader.
      {"graph.centrality_job", {Role::bureau, Role::county, Role::liaison, Role::viewer}},
      {"user.read", {Role::admin}},
      {"user.write", {Role::admin}},
      {"audit.read", {Role::admin, Role::auditor}},
  };
  return rows;
}

const PermissionRow* find(std::string_view action) {
  for (const auto& r : table())
    if (r.action == action) return &r;
  return nullptr;
}

}  // namespace

bool allows(Role role, std::string_view action) {
  const PermissionRow* row = find(action);
  if (!row) return false;
  if (row->action == "public") return true;
  return std::find(row->roles.begin(), row->roles.end(), role) != row->roles.end();
}

bool isPublic(std::string_view action) { return action == "public"; }
bool isKnownAction(std::string_view action) { return find(action) != nullptr; }
bool roleNeedsRegion(Role role) { return role == Role::county || role == Role::liaison; }
bool seesPhoneNumbers(Role role) { return role == Role::county || role == Role::liaison; }

std::vector<PermissionRow> permissionTable() { return table(); }

}  // namespace trellis::auth
