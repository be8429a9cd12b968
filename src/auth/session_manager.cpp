#include "trellis/auth/session_manager.h"

#include "trellis/core/error.h"
#include "trellis/domain/audit.h"
#include "trellis/store/audit_repository.h"
#include "trellis/store/user_repository.h"

namespace trellis::auth {
namespace {

constexpr std::size_t kMaxCachedSessions = 10000;
constexpr std::size_t kMaxLoginBytes = 64, kMaxPasswordBytes = 1024;

// A login name as it may appear in the audit trail: bounded, without control characters.
std::string printableLogin(const std::string& login) {
  std::string out;
  for (char c : login.substr(0, kMaxLoginBytes)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return out;
}

domain::AuditActor actorOf(const domain::User& u) { return {u.id, u.login, u.role, u.region_scope}; }

std::string minutes(std::int64_t seconds) { return std::to_string((seconds + 59) / 60); }

// The answer while sign-in is paused: the same for a login that exists and one that does not.
Error paused(std::int64_t wait) {
  return Error(errc::account_locked, 
               "sign-in for this login from your address is paused after repeated wrong passwords; try again in " +
                   minutes(wait) + " minutes")
      .withDetails("{\"retry_after_seconds\":" + std::to_string(wait) + "}");
}

}  // namespace

SessionManager::SessionManager(store::Database& db, PasswordHasher& hasher, SessionSettings settings,
                               const Clock& clock)
    : db_(db),
      hasher_(hasher),
      settings_(settings),
      clock_(clock),
      throttle_(settings.throttle, clock),
      cache_(kMaxCachedSessions, settings.idle_seconds, settings.touch_interval_seconds) {}

std::int64_t SessionManager::nowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

SessionManager::SignIn SessionManager::login(const std::string& login, const std::string& password,
                                             const RequestOrigin& origin) {
  std::int64_t now = nowSeconds();
  throttle_.admit(origin.client_address);  // S3
  if (login.empty() || login.size() > kMaxLoginBytes) throw Error(errc::invalid_login, "login is required (at most 64 characters)", "login");
  if (password.empty() || password.size() > kMaxPasswordBytes)
    throw Error(errc::invalid_password, "password is required (at most 1024 bytes)", "password");

  std::optional<domain::User> user;
  db_.read([&](store::Connection& c) { user = store::UserRepository::findByLogin(c, login); });

  // A refusal on the record: the actor is the user when the login exists, else the text typed.
  auto record = [&](const std::string& reason) {
    domain::AuditActor actor = user ? actorOf(*user) : domain::AuditActor{0, printableLogin(login), "unknown", ""};
    auto e = domain::auditEntry(formatTimestamp(clock_.now()), origin.request_id, origin.client_address, actor,
                                "session.create", domain::AuditObject{"user", actor.login, ""}, "denied");
    e.reason = reason;
    db_.write([&](store::Connection& c) { store::AuditRepository::append(c, e); });
  };
  auto fail = [&](const std::string& reason) {
    std::int64_t wait = throttle_.failure(login, origin.client_address);
    record(wait > 0 ? reason + "; sign-in from this address paused for " + std::to_string(wait) + " s" : reason);
    throw Error(errc::invalid_credentials, "wrong login or password");
  };

  if (std::int64_t wait = throttle_.blockedFor(login, origin.client_address); wait > 0) {  // S2
    hasher_.verifyDummy(password);
    record("sign-in paused");
    throw paused(wait);
  }
  if (!user || !user->active) {  // S1
    hasher_.verifyDummy(password);
    fail(user ? "account disabled" : "unknown login");
  }
  bool needs_rehash = false;
  if (!hasher_.verify(password, user->password_hash, &needs_rehash)) fail("wrong password");
  throttle_.success(login, origin.client_address);

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
    if (!new_hash.empty()) {
      domain::User u = *user;
      u.password_hash = new_hash;
      u.updated_at = formatTimestamp(clock_.now());
      store::UserRepository::update(c, u);
    }
    store::SessionRepository::removeExpired(c, now, settings_.idle_seconds);
    store::SessionRepository::insert(c, s);
    auto e = domain::auditEntry(formatTimestamp(clock_.now()), origin.request_id, origin.client_address, actorOf(*user),
                                "session.create", domain::AuditObject{"user", user->login, ""}, "success");
    store::AuditRepository::append(c, e);
  });
  Principal p{user->id, user->login, user->display_name, user->role, user->region_scope, s.token_hash, s.csrf_token,
              s.expires_at, now + settings_.idle_seconds};
  cache_.put(p, now, now);
  result.principal = p;
  return result;
}

bool SessionManager::verifyCurrentPassword(const domain::User& user, const std::string& password,
                                           const std::string& address) {
  if (std::int64_t wait = throttle_.blockedFor(user.login, address); wait > 0)
    throw Error(errc::too_many_attempts, 
                "too many wrong passwords; try again in " + minutes(wait) + " minutes", "current_password")
        .withDetails("{\"retry_after_seconds\":" + std::to_string(wait) + "}");
  if (password.size() > kMaxPasswordBytes) return false;
  if (!hasher_.verify(password, user.password_hash)) {
    throttle_.failure(user.login, address);
    return false;
  }
  throttle_.success(user.login, address);
  return true;
}

std::optional<Principal> SessionManager::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  std::string hash = tokenHash(token);
  std::int64_t now = nowSeconds();
  bool persist = false;
  if (auto p = cache_.touch(hash, now, &persist)) {
    // Another process (`trellis user disable` or `passwd`) may have ended the session (S5), so
    // whether it still exists and its user is active is read again — but only when something
    // was committed since the last check, which keeps the read path free of it.
    // Any commit moves data_version; only a change to a user or the end of a session moves
    // auth_epoch (sql/006); only then are the session and its user read again.
    std::int64_t data_version = db_.dataVersion();
    std::int64_t known_epoch = -1;
    if (cache_.needsCheck(hash, data_version, &known_epoch)) {
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
      if (!alive) {
        cache_.erase(hash);
        return std::nullopt;
      }
      cache_.checked(hash, data_version, epoch);
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
  Principal p{u->id, u->login, u->display_name, u->role, u->region_scope, hash, s->csrf_token, s->expires_at,
              now + settings_.idle_seconds};
  // This request's activity is written like any other (else a restart soon after it loses it).
  std::int64_t persisted = s->last_seen_at;
  if (now - persisted >= settings_.touch_interval_seconds) {
    db_.write([&](store::Connection& c) { store::SessionRepository::touch(c, hash, now); });
    persisted = now;
  }
  cache_.put(p, now, persisted);
  return p;
}

void SessionManager::logout(const Principal& who, const RequestOrigin& origin) {
  db_.write([&](store::Connection& c) {
    store::SessionRepository::remove(c, who.token_hash);
    auto e = domain::auditEntry(formatTimestamp(clock_.now()), origin.request_id, origin.client_address,
                                domain::AuditActor{who.user_id, who.login, who.role, who.region_scope}, "session.delete",
                                domain::AuditObject{"user", who.login, ""}, "success");
    store::AuditRepository::append(c, e);
  });
  cache_.erase(who.token_hash);
}

void SessionManager::forgetUserSessions(std::int64_t user_id, const std::string& keep_token_hash) {
  db_.write([&](store::Connection& c) { store::SessionRepository::removeForUser(c, user_id, keep_token_hash); });
  cache_.eraseUser(user_id, keep_token_hash);
}

}  // namespace trellis::auth
