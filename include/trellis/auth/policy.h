// The one access policy: which role may perform which action (README "Permissions"). Object
// level (region scope, liaison assignment) is applied by the services through service::Caller,
// in SQL for lists. Actions are named "<object>.<verb>"; "public" needs no session and
// "session" any signed-in user.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trellis::auth {

inline constexpr const char* kRoles[] = {"admin", "bureau", "county", "liaison", "auditor", "viewer"};

bool isKnownRole(std::string_view role);
// True when role may perform action. Unknown actions are allowed to nobody.
bool allows(std::string_view role, std::string_view action);
bool isPublic(std::string_view action);
bool isKnownAction(std::string_view action);
// Roles whose users must have a region scope (county officers, liaison officers, viewers may;
// county and liaison must).
bool roleNeedsRegion(std::string_view role);
// Roles that see contact phone numbers unmasked because their duty needs them (PIPL Art. 6).
bool seesPhoneNumbers(std::string_view role);

struct PermissionRow {
  std::string action;
  std::vector<std::string> roles;  // empty for "public"
};
// The whole table, for README and the authorization-matrix test.
std::vector<PermissionRow> permissionTable();

}  // namespace trellis::auth
