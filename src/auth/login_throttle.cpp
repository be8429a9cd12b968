#include "trellis/auth/login_throttle.h"

#include <algorithm>
#include <iostream>
#include <vector>

#include "trellis/core/error.h"

namespace trellis::auth {

LoginThrottle::LoginThrottle(ThrottleSettings settings, const Clock& clock) : settings_(settings), clock_(clock) {}

std::int64_t LoginThrottle::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

// Logins are a-z, 0-9, '.', '_', '-': case is folded so "Zhang.Wei" and "zhang.wei" share counts.
std::string LoginThrottle::key(const std::string& login) {
  std::string k = login.substr(0, 64);
  for (char& c : k)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return k;
}

// T4: stale entries go first; when the table is still full the oldest tenth is evicted, counted
// and logged (an eviction forgets failures, so it must be visible to the operator).
template <class Map, class Stale, class Age>
void LoginThrottle::makeRoom(Map& map, Stale stale, Age age) {
  if (map.size() < settings_.max_tracked) return;
  for (auto it = map.begin(); it != map.end();) it = stale(it->second) ? map.erase(it) : std::next(it);
  if (map.size() < settings_.max_tracked) return;
  std::vector<std::int64_t> ages;
  ages.reserve(map.size());
  for (const auto& [k, v] : map) ages.push_back(age(v));
  std::size_t n = std::max<std::size_t>(1, map.size() / 10);
  std::nth_element(ages.begin(), ages.begin() + static_cast<std::ptrdiff_t>(n - 1), ages.end());
  std::int64_t cut = ages[n - 1];
  std::size_t evicted = 0;
  for (bool ties : {false, true})  // strictly older first, then as many of the same age as needed
    for (auto it = map.begin(); it != map.end() && evicted < n;) {
      std::int64_t a = age(it->second);
      if (a < cut || (ties && a == cut)) {
        it = map.erase(it);
        ++evicted;
      } else {
        ++it;
      }
    }
  evictions_ += evicted;
  std::cerr << "sign-in throttle full (" << settings_.max_tracked << " entries): evicted " << evicted
            << " oldest, " << evictions_ << " in all" << std::endl;
}

void LoginThrottle::admit(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t minute = now() / 60;
  makeRoom(
      addresses_, [&](const Address& a) { return a.minute < minute; }, [](const Address& a) { return a.minute; });
  Address& a = addresses_[address];
  if (a.minute != minute) a = Address{minute, 0};
  if (++a.count > settings_.attempts_per_minute)
    throw Error(errc::too_many_attempts, "too many sign-in attempts; wait a minute");
}

std::int64_t LoginThrottle::blockedFor(const std::string& login, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t t = now(), wait = 0;
  std::string k = key(login);
  if (auto it = pairs_.find(k + '\n' + address); it != pairs_.end()) wait = std::max(wait, it->second.blocked_until - t);
  if (auto it = logins_.find(k); it != logins_.end()) wait = std::max(wait, it->second.blocked_until - t);
  return std::max<std::int64_t>(wait, 0);
}

std::int64_t LoginThrottle::failure(const std::string& login, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t t = now();
  const std::int64_t cap = settings_.max_delay_seconds;
  std::string k = key(login);

  makeRoom(
      logins_, [&](const Login& l) { return t >= l.blocked_until && t - l.window_start >= cap; },
      [](const Login& l) { return std::max(l.window_start, l.blocked_until); });
  Login& l = logins_[k];
  if (t - l.window_start >= cap && t >= l.blocked_until) l = Login{0, t, 0};
  if (++l.failures >= settings_.login_max_failures) {  // T3
    l.blocked_until = t + cap;
    l.failures = 0;
    l.window_start = l.blocked_until;
  }

  makeRoom(
      pairs_, [&](const Pair& p) { return t >= p.blocked_until && t - p.last_failure >= settings_.memory_seconds; },
      [](const Pair& p) { return p.last_failure; });
  Pair& p = pairs_[k + '\n' + address];
  if (t - p.last_failure >= settings_.memory_seconds) p = Pair{};
  p.failures += 1;
  p.last_failure = t;
  std::int64_t delay = 0;
  if (p.failures >= settings_.free_failures) {  // T2: first_delay · 2^(failures − free), capped
    int doublings = std::min(p.failures - settings_.free_failures, 30);
    delay = std::min<std::int64_t>(settings_.first_delay_seconds << doublings, cap);
    p.blocked_until = t + delay;
  }
  return std::max(delay, l.blocked_until - t);
}

void LoginThrottle::success(const std::string& login, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  pairs_.erase(key(login) + '\n' + address);
}

void LoginThrottle::forget(const std::string& login) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string k = key(login);
  logins_.erase(k);
  std::string prefix = k + '\n';
  for (auto it = pairs_.begin(); it != pairs_.end();) it = it->first.rfind(prefix, 0) == 0 ? pairs_.erase(it) : std::next(it);
}

bool LoginThrottle::loginBlocked(const std::string& login) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = logins_.find(key(login));
  return it != logins_.end() && it->second.blocked_until > now();
}

std::uint64_t LoginThrottle::evictions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return evictions_;
}

}  // namespace trellis::auth
