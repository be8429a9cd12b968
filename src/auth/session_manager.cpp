#include "trellis/auth/session_manager.h"

#include "trellis/core/error.h"
#include "trellis/domain/audit.h"
#include "trellis/store/audit_repository.h"
#include "trellis/store/user_repository.h"

namespace trellis::auth {
namespace {

constexpr std::size_t kMaxTrackedAddresses = 10000;
constexpr std::size_t kMaxCachedSessions = 10000;
constexpr std::size_t kMaxLoginBytes = 64, kMaxPasswordBytes = 1024;

domain::AuditEntry entryFor(const Clock& clock, const RequestOrigin& origin, const std::string& action,
                            const std::string& outcome) {
  domain::AuditEntry e;
  e.ts = formatTimestamp(clock.now());
  e.request_id = origin.request_id;
  e.client_address = origin.client_address;
  e.action = action;
  e.outcome = outcome;
  return e;
}

void setActor(domain::AuditEntry& e, const domain::User& u) {
  e.actor_id = u.id;
  e.actor_login = u.login;
  e.actor_role = u.role;
  e.actor_region = u.region_scope;
  e.object_type = "user";
  e.object_id = u.login;
}

// A login name as it may appear in the audit trail: bounded, without control characters.
std::string printableLogin(const std::string& login) {
  std::string out;
  for (char c : login.substr(0, kMaxLoginBytes)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return out;
}

}  // namespace

SessionManager::SessionManager(store::Database& db, PasswordHasher& hasher, SessionSettings settings,
                               const Clock& clock)
    : db_(db), hasher_(hasher), settings_(settings), clock_(clock) {}

std::int64_t SessionManager::nowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

void SessionManager::checkRate(const std::string& address, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t minute = now / 60;
  if (attempts_.size() > kMaxTrackedAddresses) {
    for (auto it = attempts_.begin(); it != attempts_.end();) it = it->second.first < minute ? attempts_.erase(it) : std::next(it);
  }
  auto& [at, count] = attempts_[address];
  if (at != minute) {
    at = minute;
    count = 0;
  }
  if (++count > settings_.attempts_per_minute)
    throw Error(ErrorKind::too_many_requests, "too_many_attempts", "too many sign-in attempts; wait a minute");
}

SessionManager::SignIn SessionManager::login(const std::string& login, const std::string& password,
                                             const RequestOrigin& origin) {
  std::int64_t now = nowSeconds();
  checkRate(origin.client_address, now);  // S3
  if (login.empty() || login.size() > kMaxLoginBytes) throw Error::invalid("login", "invalid_login", "login is required (at most 64 characters)");
  if (password.empty() || password.size() > kMaxPasswordBytes)
    throw Error::invalid("password", "invalid_password", "password is required (at most 1024 bytes)");

  std::optional<domain::User> user;
  db_.read([&](store::Connection& c) { user = store::UserRepository::findByLogin(c, login); });

  auto refuse = [&](const std::string& code, const std::string& message, const std::string& reason,
                    const std::function<void(store::Connection&)>& also) {
    db_.write([&](store::Connection& c) {
      if (also) also(c);
      auto e = entryFor(clock_, origin, "session.create", "denied");
      if (user) setActor(e, *user);
      else {
        e.actor_login = printableLogin(login);
        e.actor_role = "unknown";
      }
      e.reason = reason;
      store::AuditRepository::append(c, e);
    });
    throw Error(ErrorKind::unauthenticated, code, message);
  };

  if (!user || !user->active) {  // S1
    hasher_.verifyDummy(password);
    refuse("invalid_credentials", "wrong login or password", user ? "account disabled" : "unknown login", nullptr);
  }
  if (user->locked_until > now) {  // S2
    hasher_.verifyDummy(password);
    refuse("account_locked",
           "account locked after repeated wrong passwords; try again in " +
               std::to_string((user->locked_until - now + 59) / 60) + " minutes",
           "account locked", nullptr);
  }
  bool needs_rehash = false;
  if (!hasher_.verify(password, user->password_hash, &needs_rehash)) {
    // Counted on the row as it is inside the write transaction: failures verified at the same
    // time (one per hashing slot) must not overwrite each other's count (S2).
    bool locking = false;
    auto count_failure = [&](store::Connection& c) {
      domain::User u = store::UserRepository::findById(c, user->id).value_or(*user);
      u.failed_logins += 1;
      locking = u.failed_logins >= settings_.max_failures;
      if (locking) {
        u.locked_until = now + settings_.lock_seconds;
        u.failed_logins = 0;
      }
      u.updated_at = formatTimestamp(clock_.now());
      store::UserRepository::update(c, u);
    };
    db_.write([&](store::Connection& c) {
      count_failure(c);
      auto e = entryFor(clock_, origin, "session.create", "denied");
      setActor(e, *user);
      e.reason = locking ? "wrong password; account locked for " + std::to_string(settings_.lock_seconds / 60) + " minutes"
                         : "wrong password";
      store::AuditRepository::append(c, e);
    });
    throw Error(ErrorKind::unauthenticated, "invalid_credentials", "wrong login or password");
  }

  SignIn result;
  result.token = randomToken(32);  // S6: 256 bits
  domain::Session s;
  s.token_hash = tokenHash(result.token);
  s.user_id = user->id;
  s.csrf_token = randomToken(32);
  s.created_at = s.last_seen_at = now;
  s.expires_at = now + settings_.absolute_seconds;
  s.client_address = origin.client_address;
  std::string new_hash = needs_rehash ? hasher_.hash(password) : std::string();
  db_.write([&](store::Connection& c) {
    domain::User u = *user;
    u.failed_logins = 0;
    u.locked_until = 0;
    if (!new_hash.empty()) u.password_hash = new_hash;
    u.updated_at = formatTimestamp(clock_.now());
    store::UserRepository::update(c, u);
    store::SessionRepository::removeExpired(c, now, settings_.idle_seconds);
    store::SessionRepository::insert(c, s);
    auto e = entryFor(clock_, origin, "session.create", "success");
    setActor(e, u);
    store::AuditRepository::append(c, e);
  });
  Principal p{user->id, user->login, user->display_name, user->role, user->region_scope, s.token_hash, s.csrf_token,
              s.expires_at, now + settings_.idle_seconds};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Expired entries otherwise leave the cache only when their token is presented again.
    if (cache_.size() >= kMaxCachedSessions) {
      for (auto it = cache_.begin(); it != cache_.end();)
        it = (now >= it->second.principal.absolute_expires_at || now - it->second.last_seen >= settings_.idle_seconds)
                 ? cache_.erase(it)
                 : std::next(it);
    }
    cache_[s.token_hash] = Cached{p, now, now};
  }
  result.principal = p;
  return result;
}

std::optional<Principal> SessionManager::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  std::string hash = tokenHash(token);
  std::int64_t now = nowSeconds();
  bool persist = false;
  Principal p;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      auto& cached = it->second;
      if (now >= cached.principal.absolute_expires_at || now - cached.last_seen >= settings_.idle_seconds) {
        cache_.erase(it);  // S4; the row is removed by the next sign-in's sweep
        return std::nullopt;
      }
      cached.last_seen = now;
      cached.principal.idle_expires_at = now + settings_.idle_seconds;
      persist = now - cached.persisted_last_seen >= settings_.touch_interval_seconds;
      if (persist) cached.persisted_last_seen = now;
      p = cached.principal;
    }
  }
  if (!p.token_hash.empty()) {
    // Another process (`trellis user disable` or `passwd`) may have ended the session (S5), so
    // whether it still exists and its user is active is read again — but only when something
    // was committed since the last check, which keeps the read path free of it.
    // Any commit moves data_version; only a change to a user or the end of a session moves
    // auth_epoch (sql/006); only then are the session and its user read again.
    std::int64_t data_version = db_.dataVersion();
    std::int64_t known_epoch = -1;
    bool commit_seen = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = cache_.find(hash);
      commit_seen = it == cache_.end() || it->second.validated_data_version != data_version;
      if (it != cache_.end()) known_epoch = it->second.validated_auth_epoch;
    }
    if (commit_seen) {
      std::int64_t epoch = 0;
      db_.readAutocommit([&](store::Connection& c) { epoch = store::SessionRepository::authEpoch(c); });
      bool alive = true;
      if (epoch != known_epoch) {
        db_.read([&](store::Connection& c) {
          auto row = store::SessionRepository::find(c, hash);
          auto u = row ? store::UserRepository::findById(c, row->user_id) : std::nullopt;
          alive = u && u->active;
        });
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (!alive) {
        cache_.erase(hash);
        return std::nullopt;
      }
      if (auto it = cache_.find(hash); it != cache_.end()) {
        it->second.validated_data_version = data_version;
        it->second.validated_auth_epoch = epoch;
      }
    }
    if (persist) db_.write([&](store::Connection& c) { store::SessionRepository::touch(c, hash, now); });
    return p;
  }
  // Not cached (e.g. after a restart): the database is the truth.
  std::optional<domain::Session> s;
  std::optional<domain::User> u;
  db_.read([&](store::Connection& c) {
    s = store::SessionRepository::find(c, hash);
    if (s) u = store::UserRepository::findById(c, s->user_id);
  });
  if (!s || !u || !u->active || now >= s->expires_at || now - s->last_seen_at >= settings_.idle_seconds) return std::nullopt;
  p = Principal{u->id, u->login, u->display_name, u->role, u->region_scope, hash, s->csrf_token, s->expires_at,
                now + settings_.idle_seconds};
  // This request's activity is written like any other (else a restart soon after it loses it).
  std::int64_t persisted = s->last_seen_at;
  if (now - persisted >= settings_.touch_interval_seconds) {
    db_.write([&](store::Connection& c) { store::SessionRepository::touch(c, hash, now); });
    persisted = now;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  cache_[hash] = Cached{p, now, persisted};
  return p;
}

void SessionManager::logout(const Principal& who, const RequestOrigin& origin) {
  db_.write([&](store::Connection& c) {
    store::SessionRepository::remove(c, who.token_hash);
    auto e = entryFor(clock_, origin, "session.delete", "success");
    e.actor_id = who.user_id;
    e.actor_login = who.login;
    e.actor_role = who.role;
    e.actor_region = who.region_scope;
    e.object_type = "user";
    e.object_id = who.login;
    store::AuditRepository::append(c, e);
  });
  std::lock_guard<std::mutex> lock(mutex_);
  cache_.erase(who.token_hash);
}

void SessionManager::forgetUserSessions(std::int64_t user_id, const std::string& keep_token_hash) {
  db_.write([&](store::Connection& c) { store::SessionRepository::removeForUser(c, user_id, keep_token_hash); });
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = cache_.begin(); it != cache_.end();)
    it = (it->second.principal.user_id == user_id && it->first != keep_token_hash) ? cache_.erase(it) : std::next(it);
}

}  // namespace trellis::auth
