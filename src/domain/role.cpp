#include "trellis/domain/role.h"

namespace trellis::domain {

const char* roleName(Role r) {
  switch (r) {
    case Role::admin: return "admin";
    case Role::bureau: return "bureau";
    case Role::county: return "county";
    case Role::liaison: return "liaison";
    case Role::auditor: return "auditor";
    case Role::viewer: return "viewer";
    case Role::system: return "system";
    case Role::anonymous: return "anonymous";
  }
  return "anonymous";
}

std::optional<Role> parseRole(std::string_view name) {
  for (Role r : {Role::admin, Role::bureau, Role::county, Role::liaison, Role::auditor, Role::viewer, Role::system,
                 Role::anonymous})
    if (name == roleName(r)) return r;
  return std::nullopt;
}

std::optional<Role> parseUserRole(std::string_view name) {
  for (Role r : kUserRoles)
    if (name == roleName(r)) return r;
  return std::nullopt;
}

}  // namespace trellis::domain
