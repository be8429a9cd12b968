// The one access policy: which role may perform which action (README "Permissions"). Object
// level (region scope, liaison assignment) is applied by the services through service::Caller,
// in SQL for lists. Actions are named "<object>.<verb>"; "public" needs no session and
// "session" any signed-in user.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "trellis/domain/role.h"

namespace trellis::auth {

using domain::Role;

// True when role may perform action. Unknown actions are allowed to nobody; the system caller
// and anonymous requests hold no row of the table (public actions aside).
bool allows(Role role, std::string_view action);
bool isPublic(std::string_view action);
bool isKnownAction(std::string_view action);
// Roles whose users must have a region scope (county officers, liaison officers, viewers may;
// county and liaison must).
bool roleNeedsRegion(Role role);
// Roles that see contact phone numbers unmasked because their duty needs them (PIPL Art. 6).
bool seesPhoneNumbers(Role role);

struct PermissionRow {
  std::string action;
  std::vector<Role> roles;  // empty for "public"
};
// The whole table, for README and the authorization-matrix test.
std::vector<PermissionRow> permissionTable();

}  // namespace trellis::auth
