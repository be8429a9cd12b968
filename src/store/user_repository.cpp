#include "trellis/store/user_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using domain::Session;
using domain::User;

constexpr const char* kUserColumns =
    "id, login, display_name, role, region_scope, password_hash, password_changed_at, active, failed_logins, "
    "locked_until, created_at, updated_at";

User readUser(const Statement& st) {
  User u;
  u.id = st.int64(0);
  u.login = st.text(1);
  u.display_name = st.text(2);
  u.role = st.text(3);
  u.region_scope = st.optionalText(4).value_or("");
  u.password_hash = st.text(5);
  u.password_changed_at = st.int64(6);
  u.active = st.int64(7) != 0;
  u.failed_logins = static_cast<int>(st.int64(8));
  u.locked_until = st.int64(9);
  u.created_at = st.text(10);
  u.updated_at = st.text(11);
  return u;
}

std::optional<std::string> scopeOrNull(const User& u) {
  if (u.region_scope.empty()) return std::nullopt;
  return u.region_scope;
}

}  // namespace

std::optional<User> UserRepository::findByLogin(Connection& c, std::string_view login) {
  auto st = c.prepare(std::string("SELECT ") + kUserColumns + " FROM app_user WHERE login = ?1");
  st.bind(1, login);
  if (!st.step()) return std::nullopt;
  User u = readUser(st);
  return u;
}

std::optional<User> UserRepository::findById(Connection& c, std::int64_t id) {
  auto st = c.prepare(std::string("SELECT ") + kUserColumns + " FROM app_user WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  User u = readUser(st);
  return u;
}

std::int64_t UserRepository::insert(Connection& c, const User& u) {
  c.prepare("INSERT INTO app_user(login, display_name, role, region_scope, password_hash, password_changed_at, "
            "active, failed_logins, locked_until, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")
      .bind(1, u.login).bind(2, u.display_name).bind(3, u.role).bind(4, scopeOrNull(u)).bind(5, u.password_hash)
      .bind(6, u.password_changed_at).bind(7, u.active ? 1 : 0).bind(8, u.failed_logins).bind(9, u.locked_until)
      .bind(10, u.created_at).bind(11, u.updated_at).run();
  return c.lastInsertRowid();
}

void UserRepository::update(Connection& c, const User& u) {
  c.prepare("UPDATE app_user SET display_name=?2, role=?3, region_scope=?4, password_hash=?5, password_changed_at=?6, "
            "active=?7, failed_logins=?8, locked_until=?9, updated_at=?10 WHERE id=?1")
      .bind(1, u.id).bind(2, u.display_name).bind(3, u.role).bind(4, scopeOrNull(u)).bind(5, u.password_hash)
      .bind(6, u.password_changed_at).bind(7, u.active ? 1 : 0).bind(8, u.failed_logins).bind(9, u.locked_until)
      .bind(10, u.updated_at).run();
}

std::vector<User> UserRepository::list(Connection& c) {
  auto st = c.prepare(std::string("SELECT ") + kUserColumns + " FROM app_user ORDER BY login");
  std::vector<User> out;
  while (st.step()) out.push_back(readUser(st));
  return out;
}

void SessionRepository::insert(Connection& c, const Session& s) {
  c.prepare("INSERT INTO session(token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_address) "
            "VALUES (?1,?2,?3,?4,?5,?6,?7)")
      .bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.csrf_token).bind(4, s.created_at).bind(5, s.last_seen_at)
      .bind(6, s.expires_at).bind(7, s.client_address).run();
}

std::optional<Session> SessionRepository::find(Connection& c, std::string_view token_hash) {
  auto st = c.prepare("SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_address "
                       "FROM session WHERE token_hash = ?1");
  st.bind(1, token_hash);
  if (!st.step()) return std::nullopt;
  Session s{st.text(0), st.int64(1), st.text(2), st.int64(3), st.int64(4), st.int64(5), st.text(6)};
  return s;
}

void SessionRepository::touch(Connection& c, std::string_view token_hash, std::int64_t last_seen_at) {
  c.prepare("UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1").bind(1, token_hash).bind(2, last_seen_at).run();
}

void SessionRepository::remove(Connection& c, std::string_view token_hash) {
  c.prepare("DELETE FROM session WHERE token_hash = ?1").bind(1, token_hash).run();
}

std::vector<std::string> SessionRepository::removeForUser(Connection& c, std::int64_t user_id, std::string_view keep) {
  std::vector<std::string> removed;
  auto st = c.prepare("SELECT token_hash FROM session WHERE user_id = ?1 AND token_hash <> ?2");
  st.bind(1, user_id).bind(2, keep);
  while (st.step()) removed.push_back(st.text(0));
  st.reset();
  c.prepare("DELETE FROM session WHERE user_id = ?1 AND token_hash <> ?2").bind(1, user_id).bind(2, keep).run();
  return removed;
}

int SessionRepository::removeExpired(Connection& c, std::int64_t now, std::int64_t idle_seconds) {
  c.prepare("DELETE FROM session WHERE expires_at <= ?1 OR last_seen_at + ?2 <= ?1").bind(1, now).bind(2, idle_seconds).run();
  return c.changes();
}

std::int64_t SessionRepository::authEpoch(Connection& c) {
  auto st = c.prepare("SELECT n FROM auth_epoch WHERE id = 1");
  std::int64_t n = st.step() ? st.int64(0) : 0;
  return n;
}

}  // namespace trellis::store
