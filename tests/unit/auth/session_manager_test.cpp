// Sign-in, lockout, expiry and revocation (auth/session_manager.h cases S1–S6; RELIABILITY.md
// T17, T18). A ManualClock drives time; restart() checks the database, not the cache, decides.
#include "trellis/auth/session_manager.h"

#include <sodium.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "auth_fixture.h"
#include "trellis/store/user_repository.h"

namespace trellis::auth {
namespace {

using namespace std::chrono_literals;
using test::AuthWorld;
using test::kGoodPassword;

std::string storedHash(AuthWorld& w, const std::string& login) {
  std::optional<domain::User> u;
  w.db().read([&](store::Connection& c) { u = store::UserRepository::findByLogin(c, login); });
  REQUIRE(u);
  return u->password_hash;
}

service::Caller adminCaller() {
  service::Caller c;
  c.user = "root.admin";
  c.role = domain::Role::admin;
  c.request_id = "unit-admin";
  return c;
}

}  // namespace

TEST_CASE("auth sessions S1: unknown login and wrong password give the same error", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  Error unknown = Error(errc::internal, ""), wrong = Error(errc::internal, "");
  try {
    w.login("nobody.here", kGoodPassword);
  } catch (const Error& e) {
    unknown = e;
  }
  try {
    w.login("zhang.wei", "Wrong#Password9");
  } catch (const Error& e) {
    wrong = e;
  }
  CHECK(unknown.kind() == ErrorKind::unauthenticated);
  CHECK(unknown.code() == "invalid_credentials");
  CHECK(wrong.kind() == unknown.kind());
  CHECK(wrong.code() == unknown.code());
  CHECK(std::string(wrong.what()) == unknown.what());

  // Both are on the record, and the audit row does not say which login exists to the caller.
  auto rows = w.auditAfter(0);
  REQUIRE(rows.size() >= 3);  // user.create, two refusals
  auto a = rows[rows.size() - 2], b = rows.back();
  CHECK(a.action == "session.create");
  CHECK(a.outcome == "denied");
  CHECK(a.reason == "unknown login");
  CHECK(a.actor_login == "nobody.here");
  CHECK(b.outcome == "denied");
  CHECK(b.reason == "wrong password");
  CHECK(b.actor_login == "zhang.wei");
  CHECK(b.changes.find(kGoodPassword) == std::string::npos);
  CHECK(b.reason.find("Wrong#Password9") == std::string::npos);
}

TEST_CASE("auth sessions S2: five wrong passwords pause that login from that address, progressively", "[unit][auth]") {
  AuthWorld w;
  REQUIRE(w.settings.sessions.throttle.free_failures == 5);
  REQUIRE(w.settings.sessions.throttle.first_delay_seconds == 60);
  REQUIRE(w.settings.sessions.throttle.max_delay_seconds == 900);
  w.addUser("zhang.wei", "bureau");
  const std::string attacker = "203.0.113.9", own = "192.0.2.10";

  SECTION("four failures and a success reset the count") {
    for (int i = 0; i < 4; ++i) CHECK(w.loginError("zhang.wei", "Wrong#Password9", own) == "invalid_credentials");
    CHECK(w.loginError("zhang.wei", kGoodPassword, own) == "");
    for (int i = 0; i < 4; ++i) CHECK(w.loginError("zhang.wei", "Wrong#Password9", own) == "invalid_credentials");
    CHECK(w.loginError("zhang.wei", kGoodPassword, own) == "");
  }
  SECTION("the fifth failure pauses the pair, even the right password waits; the pause then doubles") {
    for (int i = 0; i < 5; ++i) CHECK(w.loginError("zhang.wei", "Wrong#Password9", attacker) == "invalid_credentials");
    CHECK(w.loginError("zhang.wei", kGoodPassword, attacker) == "account_locked");
    w.clock.advance(59s);
    CHECK(w.loginError("zhang.wei", kGoodPassword, attacker) == "account_locked");
    w.clock.advance(1s);
    CHECK(w.loginError("zhang.wei", "Wrong#Password9", attacker) == "invalid_credentials");  // the sixth: 120 s
    w.clock.advance(119s);
    CHECK(w.loginError("zhang.wei", kGoodPassword, attacker) == "account_locked");
    w.clock.advance(1s);
    CHECK(w.loginError("zhang.wei", kGoodPassword, attacker) == "");

    auto rows = w.auditAfter(0);
    int pausing = 0, paused = 0;
    for (const auto& r : rows) {
      if (r.reason.find("sign-in from this address paused for") != std::string::npos) ++pausing;
      if (r.reason == "sign-in paused") ++paused;
    }
    CHECK(pausing == 2);
    CHECK(paused == 3);
  }
  SECTION("the settings decide the number of failures and the delays") {
    AuthWorld w2([](app::Settings& s) {
      s.sessions.throttle.free_failures = 2;
      s.sessions.throttle.first_delay_seconds = 30;
    });
    w2.addUser("li.na", "county", "411002");
    CHECK(w2.loginError("li.na", "Wrong#Password9") == "invalid_credentials");
    CHECK(w2.loginError("li.na", "Wrong#Password9") == "invalid_credentials");
    CHECK(w2.loginError("li.na", kGoodPassword) == "account_locked");
    w2.clock.advance(30s);
    CHECK(w2.loginError("li.na", kGoodPassword) == "");
  }
}

TEST_CASE("auth sessions S2: five anonymous wrong passwords from elsewhere do not lock a user out of its own address",
          "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  for (int i = 0; i < 5; ++i) CHECK(w.loginError("zhang.wei", "Wrong#Password9", "203.0.113.9") == "invalid_credentials");
  CHECK(w.loginError("zhang.wei", kGoodPassword, "203.0.113.9") == "account_locked");
  CHECK(w.loginError("zhang.wei", kGoodPassword, "192.0.2.10") == "");
}

TEST_CASE("auth sessions S2: account_locked does not reveal that a login exists", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  Error known = Error(errc::internal, ""), unknown = Error(errc::internal, "");
  for (int i = 0; i < 5; ++i) {
    CHECK(w.loginError("zhang.wei", "Wrong#Password9", "203.0.113.9") == "invalid_credentials");
    CHECK(w.loginError("nobody.here", "Wrong#Password9", "203.0.113.9") == "invalid_credentials");
  }
  try {
    w.login("zhang.wei", kGoodPassword, "203.0.113.9");
  } catch (const Error& e) {
    known = e;
  }
  try {
    w.login("nobody.here", kGoodPassword, "203.0.113.9");
  } catch (const Error& e) {
    unknown = e;
  }
  CHECK(known.code() == "account_locked");
  CHECK(unknown.code() == known.code());
  CHECK(std::string(unknown.what()) == known.what());
  CHECK(unknown.detailsJson() == known.detailsJson());
}

TEST_CASE("auth sessions S2: failures running at once still pause after max_failures", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  // Two hashing slots: two wrong passwords run at once, as an attacker would send them.
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0}, locked{0};
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 4; ++i) {
        std::string code = w.loginError("zhang.wei", "Wrong#Password9", "192.0.2.20");
        if (code == "invalid_credentials") ++wrong;
        if (code == "account_locked") ++locked;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(wrong + locked == 8);
  // At most one guess per other hashing slot can be in flight when the pause falls.
  CHECK(wrong <= 5 + 1);
  CHECK(w.loginError("zhang.wei", kGoodPassword, "192.0.2.20") == "account_locked");
}

TEST_CASE("auth sessions S3: sign-in attempts are limited per client address", "[unit][auth]") {
  AuthWorld w([](app::Settings& s) { s.sessions.throttle.attempts_per_minute = 3; });
  w.addUser("zhang.wei", "bureau");
  w.clock.set(TimePoint(std::chrono::seconds(1740787200)));  // the start of a minute
  for (int i = 0; i < 3; ++i) CHECK(w.loginError("nobody.here", "Wrong#Password9", "198.51.100.7") == "invalid_credentials");
  CHECK(w.loginError("nobody.here", "Wrong#Password9", "198.51.100.7") == "too_many_attempts");
  // Even the right password from that address waits, and nothing was hashed or recorded for it.
  auto before = w.auditCount();
  try {
    w.login("zhang.wei", kGoodPassword, "198.51.100.7");
    FAIL("a fourth attempt in the minute was let through");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::too_many_requests);
  }
  CHECK(w.auditCount() == before);
  // Another address is not affected; the next minute the first one may try again.
  CHECK(w.loginError("zhang.wei", kGoodPassword, "198.51.100.8") == "");
  w.clock.advance(60s);
  CHECK(w.loginError("zhang.wei", kGoodPassword, "198.51.100.7") == "");
}

TEST_CASE("auth sessions S4: idle expiry after 30 minutes - also after a restart", "[unit][auth]") {
  AuthWorld w;
  REQUIRE(w.settings.sessions.idle_seconds == 1800);
  w.addUser("zhang.wei", "bureau");
  auto s = w.login("zhang.wei");
  REQUIRE(w.sessions().authenticate(s.token));

  SECTION("from the cache") {
    w.clock.advance(1799s);
    CHECK(w.sessions().authenticate(s.token));  // 29:59 idle: still valid, and refreshed
    w.clock.advance(1799s);
    CHECK(w.sessions().authenticate(s.token));
    w.clock.advance(1800s);
    CHECK_FALSE(w.sessions().authenticate(s.token));
    CHECK_FALSE(w.sessions().authenticate(s.token));  // and it stays ended
  }
  SECTION("from the database after a restart") {
    w.clock.advance(1799s);
    w.restart();
    auto p = w.sessions().authenticate(s.token);
    REQUIRE(p);
    CHECK(p->login == "zhang.wei");
    CHECK(p->role == "bureau");
    w.clock.advance(1799s);
    w.restart();  // the refresh above was written through (touch interval 60 s)
    CHECK(w.sessions().authenticate(s.token));
    w.clock.advance(1800s);
    w.restart();
    CHECK_FALSE(w.sessions().authenticate(s.token));
  }
}

TEST_CASE("auth sessions S4: absolute expiry after 12 hours however active - also after a restart", "[unit][auth]") {
  AuthWorld w;
  REQUIRE(w.settings.sessions.absolute_seconds == 43200);
  w.addUser("zhang.wei", "bureau");
  auto s = w.login("zhang.wei");
  CHECK(s.principal.absolute_expires_at - s.principal.idle_expires_at == 43200 - 1800);
  const bool restart = GENERATE(false, true);
  INFO("restart before each check: " << restart);
  // Active every 20 minutes up to 11:59:59.
  for (int i = 0; i < 35; ++i) {
    w.clock.advance(20min);
    if (restart) w.restart();
    REQUIRE(w.sessions().authenticate(s.token));
  }
  w.clock.advance(std::chrono::seconds(43200 - 35 * 20 * 60 - 1));
  if (restart) w.restart();
  CHECK(w.sessions().authenticate(s.token));
  w.clock.advance(1s);
  if (restart) w.restart();
  CHECK_FALSE(w.sessions().authenticate(s.token));
}

TEST_CASE("auth sessions: logout ends the session and a token is stored only as a hash", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  auto a = w.login("zhang.wei");
  auto b = w.login("zhang.wei");
  CHECK(a.token != b.token);
  CHECK(a.token.size() == 43);
  CHECK(a.principal.csrf_token != b.principal.csrf_token);
  std::optional<domain::Session> row;
  w.db().read([&](store::Connection& c) { row = store::SessionRepository::find(c, tokenHash(a.token)); });
  REQUIRE(row);
  CHECK(row->token_hash != a.token);
  CHECK(row->token_hash == tokenHash(a.token));

  auto before = w.auditCount();
  w.sessions().logout(*w.sessions().authenticate(a.token), {"192.0.2.10", "req-logout"});
  CHECK_FALSE(w.sessions().authenticate(a.token));
  CHECK(w.sessions().authenticate(b.token));  // only that session
  w.restart();
  CHECK_FALSE(w.sessions().authenticate(a.token));
  CHECK(w.sessions().authenticate(b.token));
  auto rows = w.auditAfter(before);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].action == "session.delete");
  CHECK(rows[0].request_id == "req-logout");
  // No token, hash or CSRF value reaches the audit trail.
  for (const auto& r : w.auditAfter(0)) {
    std::string all = r.changes + r.reason + r.object_id + r.actor_login;
    CHECK(all.find(a.token) == std::string::npos);
    CHECK(all.find(a.principal.token_hash) == std::string::npos);
  }
}

TEST_CASE("auth sessions: an older - weaker password hash is upgraded at sign-in", "[unit][auth]") {
  AuthWorld w;
  auto u = w.addUser("zhang.wei", "bureau");
  char weak[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str_alg(weak, kGoodPassword.data(), kGoodPassword.size(), 1, 8u * 1024u * 1024u,
                                crypto_pwhash_ALG_ARGON2ID13) == 0);
  u.password_hash = weak;
  w.db().write([&](store::Connection& c) { store::UserRepository::update(c, u); });
  REQUIRE(storedHash(w, "zhang.wei").rfind("$argon2id$v=19$m=8192,t=1,p=1$", 0) == 0);
  CHECK(w.loginError("zhang.wei", kGoodPassword) == "");
  CHECK(storedHash(w, "zhang.wei").rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  CHECK(w.loginError("zhang.wei", kGoodPassword) == "");
}

TEST_CASE("auth sessions S5: password - role - region change and deactivation end other sessions", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "county", "411002");
  w.addUser("li.na", "county", "411002");
  auto first = w.login("zhang.wei");
  auto second = w.login("zhang.wei");
  auto bystander = w.login("li.na");
  service::UserChange ch;
  bool ends = true;

  SECTION("display name only: nothing ends (the control case)") {
    ch.display_name = "张伟";
    ends = false;
  }
  SECTION("password set by an admin") { ch.password = "New#Password-42x"; }
  SECTION("role") { ch.role = "viewer"; }
  SECTION("region") { ch.region_scope = "411082"; }
  SECTION("deactivation") { ch.active = false; }

  w.users().change(adminCaller(), "zhang.wei", ch);
  CHECK(bool(w.sessions().authenticate(first.token)) == !ends);
  CHECK(bool(w.sessions().authenticate(second.token)) == !ends);
  CHECK(w.sessions().authenticate(bystander.token));
  w.restart();
  CHECK(bool(w.sessions().authenticate(first.token)) == !ends);
  CHECK(bool(w.sessions().authenticate(second.token)) == !ends);
  CHECK(w.sessions().authenticate(bystander.token));
  if (ch.active) CHECK(w.loginError("zhang.wei", kGoodPassword) == "invalid_credentials");
}

TEST_CASE("auth sessions S5: one's own password change keeps this session and ends the others", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  auto here = w.login("zhang.wei");
  auto elsewhere = w.login("zhang.wei");
  auto p = *w.sessions().authenticate(here.token);
  service::Caller me;
  me.user_id = p.user_id;
  me.user = p.login;
  me.role = *domain::parseRole(p.role);
  me.request_id = "req-passwd";

  CHECK_THROWS_AS(w.users().changeOwnPassword(me, "Not#The-Password1", "New#Password-42x", p.token_hash), Error);
  CHECK(w.sessions().authenticate(elsewhere.token));  // a refused change ends nothing

  w.users().changeOwnPassword(me, kGoodPassword, "New#Password-42x", p.token_hash);
  CHECK(w.sessions().authenticate(here.token));
  CHECK_FALSE(w.sessions().authenticate(elsewhere.token));
  w.restart();
  CHECK(w.sessions().authenticate(here.token));
  CHECK_FALSE(w.sessions().authenticate(elsewhere.token));
  CHECK(w.loginError("zhang.wei", kGoodPassword) == "invalid_credentials");
  CHECK(w.loginError("zhang.wei", "New#Password-42x") == "");
}

TEST_CASE("auth sessions S5: a change made by another process (the CLI) ends sessions the server has cached",
          "[unit][auth]") {
  // `trellis user disable` runs in its own process with its own SessionManager while `trellis
  // serve` keeps its cache: the server must still refuse the disabled user's token.
  AuthWorld server;
  server.addUser("zhang.wei", "bureau");
  auto s = server.login("zhang.wei");
  REQUIRE(server.sessions().authenticate(s.token));  // cached now

  SECTION("disable") {
    app::Runtime cli(server.settings, server.clock);
    service::UserChange ch;
    ch.active = false;
    cli.users().change(test::systemCaller(), "zhang.wei", ch);
  }
  SECTION("passwd") {
    app::Runtime cli(server.settings, server.clock);
    service::UserChange ch;
    ch.password = "New#Password-42x";
    cli.users().change(test::systemCaller(), "zhang.wei", ch);
  }
  CHECK_FALSE(server.sessions().authenticate(s.token));
}

TEST_CASE("auth sessions: guesses of the current password in a password change are throttled like sign-in",
          "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  auto here = w.login("zhang.wei", kGoodPassword, "203.0.113.9");
  service::Caller me;
  me.user_id = here.principal.user_id;
  me.user = "zhang.wei";
  me.role = domain::Role::bureau;
  me.client_address = "203.0.113.9";
  auto codeOf = [&](const std::string& current, const std::string& next) -> std::string {
    try {
      w.users().changeOwnPassword(me, current, next, here.principal.token_hash);
      return "";
    } catch (const Error& e) {
      return e.code();
    }
  };
  for (int i = 0; i < 5; ++i) CHECK(codeOf("Not#The-Password1", "New#Password-42x") == "wrong_password");
  CHECK(codeOf(kGoodPassword, "New#Password-42x") == "too_many_attempts");  // even the right one waits
  CHECK(w.loginError("zhang.wei", kGoodPassword, "203.0.113.9") == "account_locked");  // one throttle
  w.clock.advance(60s);
  CHECK(codeOf(kGoodPassword, "New#Password-42x") == "");
}

TEST_CASE("auth sessions: a new password equal to the current one or with NUL in it is refused", "[unit][auth]") {
  AuthWorld w;
  w.addUser("zhang.wei", "bureau");
  auto here = w.login("zhang.wei");
  service::Caller me;
  me.user_id = here.principal.user_id;
  me.user = "zhang.wei";
  me.role = domain::Role::bureau;
  auto errorOf = [&](const std::string& next) -> Error {
    try {
      w.users().changeOwnPassword(me, kGoodPassword, next, here.principal.token_hash);
    } catch (const Error& e) {
      return e;
    }
    return Error(errc::internal, "accepted");
  };
  Error same = errorOf(kGoodPassword);
  CHECK(same.kind() == ErrorKind::invalid);
  CHECK(same.code() == "password_unchanged");
  CHECK(same.field() == "new_password");
  for (std::string bad : {std::string("Vq8#tundra-\0Lamp2", 17), std::string("Vq8#tundra-\tLamp2"), std::string("Vq8#tundra-\x7fLamp2")}) {
    Error e = errorOf(bad);
    CHECK(e.code() == "control_character");
    CHECK(e.field() == "new_password");
  }
  CHECK(w.loginError("zhang.wei", kGoodPassword) == "");  // nothing changed
}

}  // namespace trellis::auth
