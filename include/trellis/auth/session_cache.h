// The server's cache of live sessions (auth::SessionManager S4, S5), by token hash: the read path
// authenticates from memory and goes to the database only when something was committed since the
// entry was last checked. Bounded: when full, expired entries are swept before one is added.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "trellis/auth/principal.h"

namespace trellis::auth {

class SessionCache {
 public:
  SessionCache(std::size_t max_entries, std::int64_t idle_seconds, std::int64_t touch_interval_seconds)
      : max_entries_(max_entries), idle_seconds_(idle_seconds), touch_interval_seconds_(touch_interval_seconds) {}

  // The cached principal, its idle timer refreshed to now; nullopt (and the entry dropped) when
  // not cached or expired. *persist is set when last-seen is due to be written to the database.
  std::optional<Principal> touch(const std::string& token_hash, std::int64_t now, bool* persist);
  // Whether the entry must be checked against the database for data_version (a commit since the
  // last check); *known_epoch is the auth_epoch it was last checked at (-1 when none).
  bool needsCheck(const std::string& token_hash, std::int64_t data_version, std::int64_t* known_epoch);
  void checked(const std::string& token_hash, std::int64_t data_version, std::int64_t auth_epoch);
  // Adds or replaces an entry: seen at now, last written to the database at persisted_last_seen.
  void put(const Principal& principal, std::int64_t now, std::int64_t persisted_last_seen);
  void erase(const std::string& token_hash);
  // Drops every entry of the user except keep_token_hash (S5).
  void eraseUser(std::int64_t user_id, const std::string& keep_token_hash);

 private:
  struct Entry {
    Principal principal;
    std::int64_t last_seen = 0;
    std::int64_t persisted_last_seen = 0;
    std::int64_t validated_data_version = -1;  // Database::dataVersion() when last checked
    std::int64_t validated_auth_epoch = -1;    // auth_epoch when the session and user were read
  };
  bool expired(const Entry& e, std::int64_t now) const {
    return now >= e.principal.absolute_expires_at || now - e.last_seen >= idle_seconds_;
  }

  std::size_t max_entries_;
  std::int64_t idle_seconds_, touch_interval_seconds_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace trellis::auth
