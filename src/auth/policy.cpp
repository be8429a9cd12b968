#include "trellis/auth/policy.h"

#include <algorithm>

namespace trellis::auth {
namespace {

// The permission table. Separation of duties (MLPS 8.1.4.2): admin manages users only, the
// auditor reads the audit trail only; neither touches enterprise data.
const std::vector<PermissionRow>& table() {
  static const std::vector<PermissionRow> rows = {
      {"public", {}},
      {"session", {"admin", "bureau", "county", "liaison", "auditor", "viewer"}},
      {"catalog.read", {"admin", "bureau", "county", "liaison", "auditor", "viewer"}},
      {"enterprise.list", {"bureau", "county", "liaison", "viewer"}},
      {"enterprise.read", {"bureau", "county", "liaison", "viewer"}},
      {"enterprise.create", {"bureau", "county"}},
      {"enterprise.update", {"bureau", "county"}},
      {"enterprise.archive", {"bureau", "county"}},
      {"enterprise.restore", {"bureau", "county"}},
      {"enterprise.reveal_phone", {"bureau", "county", "liaison"}},
      {"liaison.read", {"bureau", "county", "liaison", "viewer"}},
      {"liaison.assign", {"bureau", "county"}},
      {"liaison.queue", {"bureau", "county", "liaison"}},
      {"liaison.metrics", {"bureau", "county", "liaison"}},  // a liaison officer: its own figures only
      {"contact.read", {"bureau", "county", "liaison", "viewer"}},
      {"contact.write", {"bureau", "county", "liaison"}},
      {"problem.read", {"bureau", "county", "liaison", "viewer"}},
      {"problem.write", {"bureau", "county", "liaison"}},
      {"ladder.read", {"bureau", "county", "liaison", "viewer"}},
      {"ladder.write", {"bureau", "county"}},
      {"pool.read", {"bureau", "county", "liaison", "viewer"}},
      {"pool.write", {"bureau", "county"}},
      {"report.read", {"bureau", "county", "liaison", "viewer"}},
      {"plan.status", {"bureau"}},
      {"plan.target", {"bureau"}},
      {"import.read", {"bureau", "county"}},  // batches of the caller's own scope only
      {"import.run", {"bureau", "county"}},   // upload (dry run), commit, revert
      {"graph.read", {"bureau", "county", "liaison", "viewer"}},
      {"graph.write", {"bureau", "county"}},
      {"user.read", {"admin"}},
      {"user.write", {"admin"}},
      {"audit.read", {"admin", "auditor"}},
  };
  return rows;
}

const PermissionRow* find(std::string_view action) {
  for (const auto& r : table())
    if (r.action == action) return &r;
  return nullptr;
}

}  // namespace

bool isKnownRole(std::string_view role) {
  return std::any_of(std::begin(kRoles), std::end(kRoles), [&](const char* r) { return role == r; });
}

bool allows(std::string_view role, std::string_view action) {
  const PermissionRow* row = find(action);
  if (!row) return false;
  if (row->action == "public") return true;
  return std::find(row->roles.begin(), row->roles.end(), role) != row->roles.end();
}

bool isPublic(std::string_view action) { return action == "public"; }
bool isKnownAction(std::string_view action) { return find(action) != nullptr; }
bool roleNeedsRegion(std::string_view role) { return role == "county" || role == "liaison"; }
bool seesPhoneNumbers(std::string_view role) { return role == "county" || role == "liaison"; }

std::vector<PermissionRow> permissionTable() { return table(); }

}  // namespace trellis::auth
