// User administration (admin role and the `trellis user` CLI) and self-service password change.
// Every change is audited in its transaction; a password or role change ends the user's other
// sessions, deactivation ends all of them (auth::SessionManager S5).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/auth/password.h"
#include "trellis/auth/session_manager.h"
#include "trellis/domain/catalog.h"
#include "trellis/domain/user.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"

namespace trellis::service {

struct NewUser {
  std::string login, display_name, role, region_scope, password;
};

struct UserChange {
  std::optional<std::string> display_name, role, region_scope, password;
  std::optional<bool> active;
};

class UserService {
 public:
  UserService(const Context& ctx, const domain::Catalog& catalog, auth::PasswordHasher& hasher,
              const auth::PasswordPolicy& policy, auth::SessionManager& sessions);

  // Error invalid naming the field (login syntax, unknown role, region, password policy);
  // conflict "login_taken".
  domain::User create(const Caller& caller, const NewUser& user);
  domain::User change(const Caller& caller, const std::string& login, const UserChange& change);
  // The caller's own password; current_password must match. Ends the caller's other sessions.
  void changeOwnPassword(const Caller& caller, const std::string& current_password, const std::string& new_password,
                         const std::string& keep_token_hash);
  std::vector<domain::User> list() const;
  domain::User get(const std::string& login) const;
  // The display names of the logins a page shows (updated_by, recorded_by, officer…): "system" is
  // 系统; a city-wide caller gets every account's name; a caller scoped to one region gets the
  // city-wide accounts' and its own region's (a liaison officer: not its fellow liaison officers,
  // only itself); unknown and out-of-scope logins are left out, alike. One read of the users.
  std::map<std::string, std::string> displayNames(const Caller& caller, const std::vector<std::string>& logins) const;

 private:
  void checkRoleAndScope(const std::string& role, const std::string& region_scope) const;

  const Context& ctx_;
  const domain::Catalog& catalog_;
  auth::PasswordHasher& hasher_;
  const auth::PasswordPolicy& policy_;
  auth::SessionManager& sessions_;
};

}  // namespace trellis::service
