// Sign-in throttling (issue 8 §4; MLPS 8.1.4.1 b "limit illegal login attempts"). Kept in the
// server's memory, keyed by the login as typed — known or not, so the answers never tell whether
// a login exists — and by the client address (http/ resolves a trusted proxy's X-Forwarded-For).
//   T1 more than attempts_per_minute attempts from one address, any login → too_many_attempts.
//   T2 per (login, address): after free_failures wrong passwords in a row the pair waits
//      first_delay_seconds, doubling with each further failure up to max_delay_seconds. A
//      success clears the pair; a pair without a failure for memory_seconds is forgotten. Five
//      guesses from elsewhere therefore never lock a user out of their own address.
//   T3 per login, every address: login_max_failures wrong passwords within max_delay_seconds
//      block the login everywhere for max_delay_seconds (the ceiling on distributed guessing).
//   T4 at most max_tracked entries per table; when full, the entries with the oldest activity
//      are evicted, counted (evictions()) and logged by the caller, never silently.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "trellis/core/clock.h"

namespace trellis::auth {

struct ThrottleSettings {
  int attempts_per_minute = 20;                 // T1
  int free_failures = 5;                        // T2
  std::int64_t first_delay_seconds = 60;        // T2
  std::int64_t max_delay_seconds = 15 * 60;     // T2 cap, T3 window and block
  std::int64_t memory_seconds = 24 * 60 * 60;   // T2
  int login_max_failures = 100;                 // T3
  std::size_t max_tracked = 10000;              // T4
};

class LoginThrottle {
 public:
  LoginThrottle(ThrottleSettings settings, const Clock& clock);

  // T1: counts one attempt from address; throws Error too_many_requests "too_many_attempts".
  void admit(const std::string& address);
  // Seconds until login may be tried from address again (T2, T3); 0 when it may be now.
  std::int64_t blockedFor(const std::string& login, const std::string& address);
  // A wrong password: counts it (T2, T3) and returns the seconds the pair now waits (0 = none).
  std::int64_t failure(const std::string& login, const std::string& address);
  // The right password: clears the pair (T2). The per-login count runs out with its window.
  void success(const std::string& login, const std::string& address);
  // Forgets every count for login (an administrator set a new password).
  void forget(const std::string& login);
  // True while the per-login ceiling blocks login everywhere (T3): what an admin sees as locked.
  bool loginBlocked(const std::string& login);
  std::uint64_t evictions() const;
  const ThrottleSettings& settings() const { return settings_; }

 private:
  struct Pair {
    int failures = 0;
    std::int64_t last_failure = 0, blocked_until = 0;
  };
  struct Login {
    int failures = 0;
    std::int64_t window_start = 0, blocked_until = 0;
  };
  struct Address {
    std::int64_t minute = 0;
    int count = 0;
  };
  std::int64_t now() const;
  static std::string key(const std::string& login);
  template <class Map, class Stale, class Age>
  void makeRoom(Map& map, Stale stale, Age age);

  ThrottleSettings settings_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Pair> pairs_;       // key(login) + '\n' + address
  std::unordered_map<std::string, Login> logins_;     // key(login)
  std::unordered_map<std::string, Address> addresses_;
  std::uint64_t evictions_ = 0;
};

}  // namespace trellis::auth
