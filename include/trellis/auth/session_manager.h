// Sign-in, sessions and the sign-in throttle (issue 3, issue 8 §4; RELIABILITY.md T16–T18). Cases:
//   S1 unknown login or wrong password → Error unauthenticated "invalid_credentials"; the same
//      answer and about the same time for both (a dummy hash is verified for unknown logins).
//   S2 repeated wrong passwords pause sign-in for that login from that address, progressively,
//      and for the login everywhere past a much higher ceiling (auth::LoginThrottle T2, T3)
//      → "account_locked", even with the right password, for known and unknown logins alike.
//   S3 more than attempts_per_minute attempts from one client address → too_many_requests (T1).
//   S4 a session ends after idle_seconds without requests or absolute_seconds after sign-in.
//   S5 a password or role change ends the user's other sessions; deactivation ends all.
//   S6 tokens are 256 random bits; only their SHA-256 is stored.
// Every sign-in, failure, pause and sign-out writes an audit row in the same transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "trellis/auth/login_throttle.h"
#include "trellis/auth/password.h"
#include "trellis/auth/principal.h"
#include "trellis/auth/session_cache.h"
#include "trellis/core/clock.h"
#include "trellis/domain/user.h"
#include "trellis/store/database.h"

namespace trellis::auth {

struct SessionSettings {
  std::int64_t idle_seconds = 30 * 60;
  std::int64_t absolute_seconds = 12 * 60 * 60;
  std::int64_t touch_interval_seconds = 60;  // how often last-seen is written to the database
  ThrottleSettings throttle;
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

  // A signed-in user's current password, checked under the same throttle as sign-in (S2): a
  // wrong one counts as a failure for (login, address); while paused, Error too_many_requests
  // "too_many_attempts" (field current_password) without verifying.
  bool verifyCurrentPassword(const domain::User& user, const std::string& password, const std::string& address);
  // An administrator set a new password: the throttle forgets the login's failures.
  void clearThrottle(const std::string& login) { throttle_.forget(login); }
  // True while the per-login ceiling blocks the login everywhere (shown to admins as "locked").
  bool loginBlocked(const std::string& login) { return throttle_.loginBlocked(login); }
  const SessionSettings& settings() const { return settings_; }

 private:
  std::int64_t nowSeconds() const;

  store::Database& db_;
  PasswordHasher& hasher_;
  SessionSettings settings_;
  const Clock& clock_;
  LoginThrottle throttle_;
  SessionCache cache_;
};

}  // namespace trellis::auth
