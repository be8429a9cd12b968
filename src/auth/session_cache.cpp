#include "trellis/auth/session_cache.h"

namespace trellis::auth {

std::optional<Principal> SessionCache::touch(const std::string& token_hash, std::int64_t now, bool* persist) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  Entry& e = it->second;
  if (expired(e, now)) {
    entries_.erase(it);  // S4; the row is removed by the next sign-in's sweep
    return std::nullopt;
  }
  e.last_seen = now;
  e.principal.idle_expires_at = now + idle_seconds_;
  *persist = now - e.persisted_last_seen >= touch_interval_seconds_;
  if (*persist) e.persisted_last_seen = now;
  return e.principal;
}

bool SessionCache::needsCheck(const std::string& token_hash, std::int64_t data_version, std::int64_t* known_epoch) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token_hash);
  *known_epoch = it == entries_.end() ? -1 : it->second.validated_auth_epoch;
  return it == entries_.end() || it->second.validated_data_version != data_version;
}

void SessionCache::checked(const std::string& token_hash, std::int64_t data_version, std::int64_t auth_epoch) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(token_hash); it != entries_.end()) {
    it->second.validated_data_version = data_version;
    it->second.validated_auth_epoch = auth_epoch;
  }
}

void SessionCache::put(const Principal& principal, std::int64_t now, std::int64_t persisted_last_seen) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Expired entries otherwise leave the cache only when their token is presented again.
  if (entries_.size() >= max_entries_)
    for (auto it = entries_.begin(); it != entries_.end();) it = expired(it->second, now) ? entries_.erase(it) : std::next(it);
  entries_[principal.token_hash] = Entry{principal, now, persisted_last_seen};
}

void SessionCache::erase(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(token_hash);
}

void SessionCache::eraseUser(std::int64_t user_id, const std::string& keep_token_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();)
    it = (it->second.principal.user_id == user_id && it->first != keep_token_hash) ? entries_.erase(it) : std::next(it);
}

}  // namespace trellis::auth
