// Who a caller is, as the access policy (auth/policy.h) and the services decide on it. A user
// account holds one of the six user roles, stored and sent as its name ("county"); `system` is
// the CLI and demo loading, `anonymous` a request to a public route.
#pragma once
#include <optional>
#include <string_view>

namespace trellis::domain {

enum class Role { admin, bureau, county, liaison, auditor, viewer, system, anonymous };

// The roles a user account may hold, in the order README lists them.
inline constexpr Role kUserRoles[] = {Role::admin,   Role::bureau,  Role::county,
                                      Role::liaison, Role::auditor, Role::viewer};

// The role named `name` (any of the eight names above); none for another text.
std::optional<Role> parseRole(std::string_view name);
// A user role named `name`; none for another text, "system" and "anonymous".
std::optional<Role> parseUserRole(std::string_view name);
const char* roleName(Role r);

}  // namespace trellis::domain
