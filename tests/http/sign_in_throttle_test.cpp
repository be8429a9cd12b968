// Sign-in throttling, password change and the Origin check (issue 8 §4), against the real
// `trellis serve`. The server is told that 127.0.0.1 is a trusted proxy where a test needs
// several client addresses, which it then names in X-Forwarded-For as nginx would.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "auth_harness.h"

namespace trellis::authtest {
namespace {

std::string loginBody(const std::string& login, const std::string& password) {
  return nlohmann::json({{"login", login}, {"password", password}, {"bearer", true}}).dump();
}

std::string withoutRequestId(const Reply& r) {
  nlohmann::json j = r.json;
  if (j.is_object() && j.contains("error")) j["error"].erase("request_id");
  return j.dump();
}

Reply signIn(AuthServer& s, const std::string& login, const std::string& password, const std::string& from = "") {
  Headers h;
  if (!from.empty()) h.emplace_back("X-Forwarded-For", from);
  return s.request("POST", "/api/v1/session", loginBody(login, password), h);
}

const Properties kBehindProxy = {{"trellis.http.trusted_proxies", "127.0.0.1"},
                                 {"trellis.login.attempts_per_minute", "1000"}};

}  // namespace

TEST_CASE("sign-in http: five anonymous wrong passwords locked the victim out of its own address", "[http][auth][throttle]") {
  AuthServer server(kBehindProxy);
  auto users = server.demoUsers();
  for (int i = 0; i < 5; ++i) CHECK(signIn(server, "weidu", "Wrong#Password9", "203.0.113.9").errorCode() == "invalid_credentials");
  auto attacker = signIn(server, "weidu", users["weidu"], "203.0.113.9");
  CHECK(attacker.status == 401);
  CHECK(attacker.errorCode() == "account_locked");
  CHECK(attacker.json["error"]["retry_after_seconds"].get<int>() > 50);  // 60 s, less the time since
  CHECK(attacker.json["error"]["retry_after_seconds"].get<int>() <= 60);
  CHECK(signIn(server, "weidu", users["weidu"], "192.0.2.10").status == 201);  // the victim's own address
  // The audit trail names the forwarded client, not the proxy.
  auto rows = auditRowsAfter(server.dbPath(), 0);
  bool attributed = false;
  for (const auto& r : rows) attributed = attributed || r["client_address"] == "203.0.113.9";
  CHECK(attributed);
}

TEST_CASE("sign-in http: X-Forwarded-For from a peer that is no trusted proxy was believed", "[http][auth][throttle]") {
  AuthServer server(Properties{{"trellis.login.attempts_per_minute", "1000"}});  // no trusted proxy (the default)
  auto users = server.demoUsers();
  for (int i = 0; i < 5; ++i) signIn(server, "weidu", "Wrong#Password9", "203.0.113." + std::to_string(i));
  // Every attempt came from 127.0.0.1 whatever the header said: that pair is paused.
  CHECK(signIn(server, "weidu", users["weidu"], "192.0.2.10").errorCode() == "account_locked");
}

TEST_CASE("sign-in http: account_locked told a known login from an unknown one", "[http][auth][throttle]") {
  AuthServer server(Properties{{"trellis.login.attempts_per_minute", "1000"}});
  auto users = server.demoUsers();
  for (int i = 0; i < 5; ++i) {
    CHECK(signIn(server, "viewer", "Wrong#Password9").errorCode() == "invalid_credentials");
    CHECK(signIn(server, "no.such.user", "Wrong#Password9").errorCode() == "invalid_credentials");
  }
  auto known = signIn(server, "viewer", users["viewer"]);
  auto unknown = signIn(server, "no.such.user", users["viewer"]);
  CHECK(known.status == 401);
  CHECK(known.errorCode() == "account_locked");
  CHECK(unknown.status == known.status);
  // The two pauses began one request apart, so the seconds left may differ by one tick of the
  // clock; everything else must be the same bytes.
  auto seconds = [](const Reply& r) { return r.json["error"]["retry_after_seconds"].get<int>(); };
  CHECK(std::abs(seconds(unknown) - seconds(known)) <= 1);
  auto sameShape = [&](const Reply& r) {
    nlohmann::json j = nlohmann::json::parse(withoutRequestId(r));
    j["error"].erase("retry_after_seconds");
    return j.dump();
  };
  CHECK(sameShape(unknown) == sameShape(known));
}

TEST_CASE("sign-in http: the per-login ceiling blocks every address and shows as locked", "[http][auth][throttle]") {
  Properties p = kBehindProxy;
  p["trellis.login.max_failures_per_login"] = "12";
  AuthServer server(p);
  auto users = server.demoUsers();
  for (int a = 0; a < 3; ++a)
    for (int i = 0; i < 4; ++i) signIn(server, "weidu", "Wrong#Password9", "198.51.100." + std::to_string(a));
  CHECK(signIn(server, "weidu", users["weidu"], "192.0.2.10").errorCode() == "account_locked");
  auto admin = server.signInBearer("admin", users["admin"]);
  CHECK(server.request("GET", "/api/v1/users/weidu", "", {bearer(admin)}).json["locked"] == true);
  // An administrator's new password lifts it.
  auto reset = server.request("PATCH", "/api/v1/users/weidu", R"({"password":"Reset#Password-2030"})", {bearer(admin)});
  REQUIRE(reset.status == 200);
  CHECK(reset.json["locked"] == false);
  CHECK(signIn(server, "weidu", "Reset#Password-2030", "192.0.2.10").status == 201);
}

TEST_CASE("password http: PUT /me/password allowed unlimited guesses of the current password", "[http][auth][throttle]") {
  AuthServer server(Properties{{"trellis.login.attempts_per_minute", "1000"}});
  auto users = server.demoUsers();
  auto token = server.signInBearer("weidu", users["weidu"]);
  auto change = [&](const std::string& current) {
    return server.request("PUT", "/api/v1/me/password",
                          nlohmann::json({{"current_password", current}, {"new_password", "Brand#New-Pass-77"}}).dump(),
                          {bearer(token)});
  };
  for (int i = 0; i < 5; ++i) CHECK(change("Guess#Number-" + std::to_string(i)).errorCode() == "wrong_password");
  auto paused = change(users["weidu"]);
  CHECK(paused.status == 429);
  CHECK(paused.errorCode() == "too_many_attempts");
  CHECK(paused.json["error"]["field"] == "current_password");
}

TEST_CASE("password http: a new password equal to the current one or with NUL in it was accepted", "[http][auth]") {
  AuthServer server(Properties{{"trellis.login.attempts_per_minute", "1000"}});
  auto users = server.demoUsers();
  auto token = server.signInBearer("weidu", users["weidu"]);
  auto change = [&](const std::string& next) {
    return server.request("PUT", "/api/v1/me/password",
                          nlohmann::json({{"current_password", users["weidu"]}, {"new_password", next}}).dump(),
                          {bearer(token)});
  };
  auto same = change(users["weidu"]);
  CHECK(same.status == 422);
  CHECK(same.errorCode() == "password_unchanged");
  CHECK(same.json["error"]["field"] == "new_password");
  for (std::string bad : {std::string("Brand#New\0Pass-77", 17), std::string("Brand#New\x01Pass-77")}) {
    auto r = change(bad);
    CHECK(r.status == 422);
    CHECK(r.errorCode() == "control_character");
    CHECK(r.json["error"]["field"] == "new_password");
  }
  CHECK(server.signInBearer("weidu", users["weidu"]).size() > 0);  // unchanged
}

TEST_CASE("origin http: the Origin check ignored the scheme", "[http][auth]") {
  AuthServer server;
  auto users = server.demoUsers();
  auto in = server.request("POST", "/api/v1/session",
                           nlohmann::json({{"login", "weidu"}, {"password", users["weidu"]}}).dump());
  REQUIRE(in.status == 201);
  std::string sc = in.header("Set-Cookie");
  std::string cookie = sc.substr(0, sc.find(';'));
  std::string csrf = in.json["csrf_token"];
  std::string host = "127.0.0.1:" + std::to_string(server.port());
  auto logout = [&](const std::string& origin) {
    return server.request("DELETE", "/api/v1/session", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", origin}});
  };
  for (const std::string& other : {"https://" + host, "ftp://" + host, "http://" + host + "/x", "HTTPS://" + host}) {
    INFO(other);
    auto r = logout(other);
    CHECK(r.status == 403);
    CHECK(r.errorCode() == "cross_origin");
  }
  CHECK(logout("http://" + host).status == 204);  // the same scheme, host and port
}

}  // namespace trellis::authtest
