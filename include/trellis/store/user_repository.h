// The app_user and session tables.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "trellis/domain/user.h"

namespace trellis::store {

class Connection;

class UserRepository {
 public:
  static std::optional<domain::User> findByLogin(Connection& c, std::string_view login);
  static std::optional<domain::User> findById(Connection& c, std::int64_t id);
  // Throws Error conflict "duplicate" for a taken login.
  static std::int64_t insert(Connection& c, const domain::User& u);
  // Writes every mutable column of u (by id).
  static void update(Connection& c, const domain::User& u);
  static std::vector<domain::User> list(Connection& c);
};

class SessionRepository {
 public:
  static void insert(Connection& c, const domain::Session& s);
  static std::optional<domain::Session> find(Connection& c, std::string_view token_hash);
  static void touch(Connection& c, std::string_view token_hash, std::int64_t last_seen_at);
  static void remove(Connection& c, std::string_view token_hash);
  // Removes every session of the user except `keep` (may be empty); returns the removed hashes.
  static std::vector<std::string> removeForUser(Connection& c, std::int64_t user_id, std::string_view keep);
  static int removeExpired(Connection& c, std::int64_t now, std::int64_t idle_seconds);
  // The auth_epoch counter: it moves whenever any user row changes or any session ends.
  static std::int64_t authEpoch(Connection& c);
};

}  // namespace trellis::store
