// Sign-in, sessions and lockout (issue 3; RELIABILITY.md T16–T18). Cases:
//   S1 unknown login or wrong password → Error unauthenticated "invalid_credentials"; the same
//      answer and about the same time for both (a dummy hash is verified for unknown logins).
//   S2 max_failures wrong passwords in a row lock the account for lock_seconds
//      → "account_locked", even with the right password, until the lock ends.
//   S3 more than attempts_per_minute attempts from one client address → too_many_requests.
//   S4 a session ends after idle_seconds without requests or absolute_seconds after sign-in.
//   S5 a password or role change ends the user's other sessions; deactivation ends all.
//   S6 tokens are 256 random bits; only their SHA-256 is stored.
// Every sign-in, failure, lock and sign-out writes an audit row in the same transaction.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "trellis/auth/password.h"
#include "trellis/core/clock.h"
#include "trellis/store/database.h"

namespace trellis::auth {

struct SessionSettings {
  std::int64_t idle_seconds = 30 * 60;
  std::int64_t absolute_seconds = 12 * 60 * 60;
  int max_failures = 5;
  std::int64_t lock_seconds = 15 * 60;
  int attempts_per_minute = 20;          // per client address
  std::int64_t touch_interval_seconds = 60;  // how often last-seen is written to the database
};

// A signed-in user as the rest of the system sees them.
struct Principal {
  std::int64_t user_id = 0;
  std::string login, display_name, role, region_scope;
  std::string token_hash, csrf_token;
  std::int64_t absolute_expires_at = 0, idle_expires_at = 0;
};

struct RequestOrigin {
  std::string client_address;
  std::string request_id;
};

class SessionManager {
 public:
  SessionManager(store::Database& db, PasswordHasher& hasher, SessionSettings settings, const Clock& clock);

  struct SignIn {
    std::string token;  // give to the client once; never stored
    Principal principal;
  };
  SignIn login(const std::string& login, const std::string& password, const RequestOrigin& origin);
  // nullopt when the token is unknown, expired (S4) or revoked (S5). Refreshes the idle timer.
  std::optional<Principal> authenticate(const std::string& token);
  void logout(const Principal& who, const RequestOrigin& origin);
  // Ends every session of the user except keep_token_hash (S5), in the database and the cache.
  // Call inside or after the transaction that changed the user.
  void forgetUserSessions(std::int64_t user_id, const std::string& keep_token_hash);
  const SessionSettings& settings() const { return settings_; }

 private:
  struct Cached {
    Principal principal;
    std::int64_t last_seen = 0;
    std::int64_t persisted_last_seen = 0;
    std::int64_t validated_data_version = -1;  // Database::dataVersion() when last checked
    std::int64_t validated_auth_epoch = -1;    // auth_epoch when the session and user were read
  };
  void checkRate(const std::string& address, std::int64_t now);
  std::int64_t nowSeconds() const;

  store::Database& db_;
  PasswordHasher& hasher_;
  SessionSettings settings_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;                  // by token hash
  std::unordered_map<std::string, std::pair<std::int64_t, int>> attempts_;  // address → (minute, count)
};

}  // namespace trellis::auth
