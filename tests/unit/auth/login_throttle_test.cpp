// The sign-in throttle on its own (auth/login_throttle.h cases T1–T4), time under a ManualClock.
#include "trellis/auth/login_throttle.h"

#include <catch2/catch.hpp>

#include "trellis/core/error.h"

namespace trellis::auth {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart = TimePoint(std::chrono::seconds(1740787200));  // the start of a minute

ThrottleSettings defaults() { return ThrottleSettings{}; }

// Wrong passwords from address until the pair is paused; the number it took.
int failUntilPaused(LoginThrottle& t, const std::string& login, const std::string& address) {
  for (int i = 1; i <= 100; ++i)
    if (t.failure(login, address) > 0) return i;
  return -1;
}

}  // namespace

TEST_CASE("login throttle T2: five guesses from another address do not lock the user out of its own", "[unit][auth]") {
  ManualClock clock(kStart);
  LoginThrottle t(defaults(), clock);
  CHECK(failUntilPaused(t, "zhang.wei", "203.0.113.9") == 5);
  CHECK(t.blockedFor("zhang.wei", "203.0.113.9") == 60);
  CHECK(t.blockedFor("zhang.wei", "192.0.2.10") == 0);  // the victim's own address
  CHECK(t.blockedFor("li.na", "203.0.113.9") == 0);      // another login from the attacker's address
  CHECK_FALSE(t.loginBlocked("zhang.wei"));
}

TEST_CASE("login throttle T2: the pause doubles with each further failure up to the cap", "[unit][auth]") {
  ManualClock clock(kStart);
  LoginThrottle t(defaults(), clock);
  const std::string a = "203.0.113.9";
  for (int i = 0; i < 4; ++i) CHECK(t.failure("zhang.wei", a) == 0);
  std::int64_t expected[] = {60, 120, 240, 480, 900, 900};
  for (std::int64_t e : expected) {
    CHECK(t.failure("zhang.wei", a) == e);
    CHECK(t.blockedFor("zhang.wei", a) == e);
    clock.advance(std::chrono::seconds(e - 1));
    CHECK(t.blockedFor("zhang.wei", a) == 1);
    clock.advance(1s);
    CHECK(t.blockedFor("zhang.wei", a) == 0);
  }
}

TEST_CASE("login throttle T2: a success clears the pair and a quiet day forgets it", "[unit][auth]") {
  ManualClock clock(kStart);
  LoginThrottle t(defaults(), clock);
  const std::string a = "192.0.2.10";
  for (int i = 0; i < 4; ++i) t.failure("zhang.wei", a);
  t.success("zhang.wei", a);
  CHECK(failUntilPaused(t, "zhang.wei", a) == 5);  // counted from zero again

  ManualClock clock2(kStart);
  LoginThrottle u(defaults(), clock2);
  for (int i = 0; i < 4; ++i) u.failure("zhang.wei", a);
  clock2.advance(std::chrono::seconds(defaults().memory_seconds));
  CHECK(failUntilPaused(u, "zhang.wei", a) == 5);
}

TEST_CASE("login throttle: a login that exists and one that does not are throttled alike", "[unit][auth]") {
  // The throttle never asks whether a login exists: its answers cannot reveal it.
  ManualClock clock(kStart);
  LoginThrottle t(defaults(), clock);
  CHECK(failUntilPaused(t, "nobody.here", "203.0.113.9") == failUntilPaused(t, "zhang.wei", "203.0.113.9"));
  CHECK(t.blockedFor("nobody.here", "203.0.113.9") == t.blockedFor("zhang.wei", "203.0.113.9"));
  // Case does not buy more guesses.
  CHECK(t.blockedFor("Zhang.Wei", "203.0.113.9") == 60);
}

TEST_CASE("login throttle T3: the per-login ceiling blocks every address, then lifts", "[unit][auth]") {
  ManualClock clock(kStart);
  ThrottleSettings s = defaults();
  s.login_max_failures = 20;
  LoginThrottle t(s, clock);
  // Four guesses from each of five addresses: no pair is paused, the login has 20 failures.
  for (int a = 0; a < 5; ++a)
    for (int i = 0; i < 4; ++i) t.failure("zhang.wei", "198.51.100." + std::to_string(a));
  CHECK(t.loginBlocked("zhang.wei"));
  CHECK(t.blockedFor("zhang.wei", "192.0.2.10") == 900);  // even the user's own address
  CHECK(t.blockedFor("li.na", "192.0.2.10") == 0);
  clock.advance(900s);
  CHECK_FALSE(t.loginBlocked("zhang.wei"));
  CHECK(t.blockedFor("zhang.wei", "192.0.2.10") == 0);

  SECTION("failures spread over more than the window do not add up") {
    ManualClock c2(kStart);
    LoginThrottle u(s, c2);
    for (int i = 0; i < 19; ++i) u.failure("zhang.wei", "198.51.100." + std::to_string(i % 4));
    c2.advance(900s);
    u.failure("zhang.wei", "198.51.100.9");
    CHECK_FALSE(u.loginBlocked("zhang.wei"));
  }
  SECTION("an administrator's password reset forgets everything") {
    for (int a = 0; a < 5; ++a)
      for (int i = 0; i < 4; ++i) t.failure("zhang.wei", "198.51.100." + std::to_string(a));
    CHECK(t.loginBlocked("zhang.wei"));
    t.forget("zhang.wei");
    CHECK_FALSE(t.loginBlocked("zhang.wei"));
    CHECK(t.blockedFor("zhang.wei", "198.51.100.0") == 0);
  }
}

TEST_CASE("login throttle T1: attempts per minute per address", "[unit][auth]") {
  ManualClock clock(kStart);
  ThrottleSettings s = defaults();
  s.attempts_per_minute = 3;
  LoginThrottle t(s, clock);
  for (int i = 0; i < 3; ++i) CHECK_NOTHROW(t.admit("198.51.100.7"));
  try {
    t.admit("198.51.100.7");
    FAIL("a fourth attempt in the minute was admitted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::too_many_requests);
    CHECK(e.code() == "too_many_attempts");
  }
  CHECK_NOTHROW(t.admit("198.51.100.8"));
  clock.advance(60s);
  CHECK_NOTHROW(t.admit("198.51.100.7"));
}

TEST_CASE("login throttle T4: a full table evicts the oldest entries and counts them", "[unit][auth]") {
  ManualClock clock(kStart);
  ThrottleSettings s = defaults();
  s.max_tracked = 100;
  LoginThrottle t(s, clock);
  const std::string victim_address = "192.0.2.10";
  for (int i = 0; i < 4; ++i) t.failure("zhang.wei", victim_address);  // the oldest entry
  clock.advance(1s);
  for (int i = 0; i < 150; ++i) t.failure("user" + std::to_string(i), "203.0.113.9");
  CHECK(t.evictions() > 0);
  // The oldest pair was evicted: its count starts again (bounded memory, visibly traded).
  CHECK(failUntilPaused(t, "zhang.wei", victim_address) == 5);
}

}  // namespace trellis::auth
