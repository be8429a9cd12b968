#include "trellis/service/user_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "trellis/auth/policy.h"
#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/service/text_field.h"
#include "trellis/store/user_repository.h"

namespace trellis::service {
namespace {

constexpr std::size_t kMaxDisplayName = 50;

std::int64_t unixSeconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
}

nlohmann::json publicView(const domain::User& u) {
  return {{"display_name", u.display_name}, {"role", u.role}, {"region_scope", u.region_scope}, {"active", u.active}};
}

void checkLogin(const std::string& login) {
  if (login.size() < 3 || login.size() > 64)
    throw Error(errc::invalid_login, "login must be 3..64 characters", "login");
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) throw Error(errc::invalid_login, "login may hold a-z, 0-9, '.', '_' and '-'", "login");
  }
}

}  // namespace

UserService::UserService(const Context& ctx, const domain::Catalog& catalog, auth::PasswordHasher& hasher,
                         const auth::PasswordPolicy& policy, auth::SessionManager& sessions)
    : ctx_(ctx), catalog_(catalog), hasher_(hasher), policy_(policy), sessions_(sessions) {}

void UserService::checkRoleAndScope(const std::string& role, const std::string& region_scope) const {
  auto known = domain::parseUserRole(role);
  if (!known)
    throw Error(errc::unknown_role, "role must be one of admin, bureau, county, liaison, auditor, viewer", "role");
  // Callers turn the city's own code into "" (city-wide) before this check.
  if (!region_scope.empty() && !catalog_.findRegion(region_scope))
    throw Error(errc::unknown_region, "region '" + region_scope + "' is not configured", "region_scope");
  if (auth::roleNeedsRegion(*known) && region_scope.empty())
    throw Error(errc::region_required, role + " users need a region (county, district or zone)", "region_scope");
}

domain::User UserService::create(const Caller& caller, const NewUser& n) {
  checkLogin(n.login);
  std::string name(text::trim(n.display_name));
  checkTextField(name, "display_name", kMaxDisplayName, true);
  std::string scope = n.region_scope == catalog_.city.code ? "" : n.region_scope;
  checkRoleAndScope(n.role, scope);
  auth::checkPassword(policy_, n.password, n.login);
  domain::User u;
  u.login = n.login;
  u.display_name = name;
  u.role = n.role;
  u.region_scope = scope;
  u.password_hash = hasher_.hash(n.password);
  u.password_changed_at = unixSeconds(ctx_.clock);
  u.created_at = u.updated_at = ctx_.now();
  ctx_.db.write([&](store::Connection& c) {
    if (store::UserRepository::findByLogin(c, u.login))
      throw Error(errc::login_taken, "login '" + u.login + "' is taken", "login");
    u.id = store::UserRepository::insert(c, u);
    ctx_.audit.record(c, caller, "user.create", AuditObject{"user", u.login, u.region_scope},
                  AuditTrail::diff(nlohmann::json::object(), publicView(u)));
  });
  return u;
}

domain::User UserService::change(const Caller& caller, const std::string& login, const UserChange& ch) {
  std::optional<std::string> new_hash;
  if (ch.password) {
    auth::checkPassword(policy_, *ch.password, login);
    new_hash = hasher_.hash(*ch.password);
  }
  domain::User result;
  bool end_sessions = false;
  ctx_.db.write([&](store::Connection& c) {
    auto found = store::UserRepository::findByLogin(c, login);
    if (!found) throw Error(errc::user_not_found, "no user '" + login + "'");
    domain::User u = *found;
    if (ch.display_name) {
      std::string name(text::trim(*ch.display_name));
      checkTextField(name, "display_name", kMaxDisplayName, true);
      u.display_name = name;
    }
    if (ch.role) u.role = *ch.role;
    if (ch.region_scope) u.region_scope = *ch.region_scope == catalog_.city.code ? "" : *ch.region_scope;
    if (ch.active) u.active = *ch.active;
    checkRoleAndScope(u.role, u.region_scope);
    // Someone must be able to administer users: the last active administrator can neither be
    // disabled nor given another role (it would take a database edit to get one back).
    bool was_admin = found->active && found->role == "admin";
    if (was_admin && !(u.active && u.role == "admin")) {
      auto users = store::UserRepository::list(c);
      auto others = std::count_if(users.begin(), users.end(), [&](const domain::User& other) {
        return other.id != u.id && other.active && other.role == "admin";
      });
      if (others == 0)
        throw Error(errc::last_admin, "'" + u.login + "' is the last active administrator",
                    u.active ? "role" : "active");
    }
    if (new_hash) {
      u.password_hash = *new_hash;
      u.password_changed_at = unixSeconds(ctx_.clock);
      u.failed_logins = 0;
      u.locked_until = 0;
    }
    u.updated_at = ctx_.now();
    store::UserRepository::update(c, u);
    auto changes = nlohmann::json::parse(AuditTrail::diff(publicView(*found), publicView(u)));
    if (new_hash) changes["password"] = "changed";  // never the password or its hash
    ctx_.audit.record(c, caller, "user.update", AuditObject{"user", u.login, u.region_scope}, changes.dump());
    end_sessions = new_hash || u.role != found->role || u.region_scope != found->region_scope || !u.active;
    result = u;
  });
  if (new_hash) sessions_.clearThrottle(result.login);  // an administrator's reset also lifts a pause
  if (end_sessions) sessions_.forgetUserSessions(result.id, "");
  return result;
}

void UserService::changeOwnPassword(const Caller& caller, const std::string& current_password,
                                    const std::string& new_password, const std::string& keep_token_hash) {
  domain::User u = get(caller.user);
  // The same throttle as sign-in: a stolen session cannot guess the password without limit.
  if (!sessions_.verifyCurrentPassword(u, current_password, caller.client_address)) {
    ctx_.audit.recordRefusal(caller, "user.password", AuditObject{"user", u.login, u.region_scope}, "denied",
                         "wrong current password");
    throw Error(errc::wrong_password, "the current password is wrong", "current_password");
  }
  auth::checkPassword(policy_, new_password, u.login, "new_password");
  if (new_password == current_password)
    throw Error(errc::password_unchanged, "new_password must differ from the current password", "new_password");
  std::string hash = hasher_.hash(new_password);
  ctx_.db.write([&](store::Connection& c) {
    u.password_hash = hash;
    u.password_changed_at = unixSeconds(ctx_.clock);
    u.updated_at = ctx_.now();
    store::UserRepository::update(c, u);
    ctx_.audit.record(c, caller, "user.password", AuditObject{"user", u.login, u.region_scope}, R"({"password":"changed"})");
  });
  sessions_.forgetUserSessions(u.id, keep_token_hash);
}

std::vector<domain::User> UserService::list() const {
  std::vector<domain::User> out;
  ctx_.db.read([&](store::Connection& c) { out = store::UserRepository::list(c); });
  return out;
}

domain::User UserService::get(const std::string& login) const {
  std::optional<domain::User> u;
  ctx_.db.read([&](store::Connection& c) { u = store::UserRepository::findByLogin(c, login); });
  if (!u) throw Error(errc::user_not_found, "no user '" + login + "'");
  return *u;
}

std::map<std::string, std::string> UserService::displayNames(const Caller& caller,
                                                             const std::vector<std::string>& logins) const {
  std::map<std::string, std::string> out;
  if (logins.empty()) return out;
  std::vector<domain::User> users;
  ctx_.db.read([&](store::Connection& c) { users = store::UserRepository::list(c); });
  std::map<std::string, const domain::User*> byLogin;
  for (const auto& u : users) byLogin[u.login] = &u;
  for (const auto& login : logins) {
    if (login == "system") {
      out[login] = "系统";
      continue;
    }
    auto it = byLogin.find(login);
    if (it == byLogin.end()) continue;
    const domain::User& u = *it->second;
    bool visible = caller.cityWide() || u.region_scope.empty() ||
                   (u.region_scope == caller.region_scope &&
                    (!caller.assignedOnly() || domain::parseRole(u.role) != domain::Role::liaison || u.login == caller.user));
    if (visible) out[login] = u.display_name;
  }
  return out;
}

}  // namespace trellis::service
