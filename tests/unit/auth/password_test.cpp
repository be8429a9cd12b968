// Password policy and hashing (issue 3; RELIABILITY.md T16, T17; auth/password.h).
#include "trellis/auth/password.h"

#include <sodium.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <regex>
#include <set>

#include "auth_fixture.h"
#include "trellis/core/error.h"

namespace trellis::auth {
namespace {

PasswordPolicy shippedPolicy() {
  PasswordPolicy p;  // defaults = config/trellis.properties: 12..128, 3 classes
  p.deny_list = loadDenyList(test::sourceDir() + "/config/common_passwords.txt");
  return p;
}

// "" when the password is accepted, else the error code.
std::string verdict(const PasswordPolicy& p, const std::string& password, const std::string& login) {
  try {
    checkPassword(p, password, login);
    return "";
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.field() == "password");
    return e.code();
  }
}

// One process-wide hasher: each construction hashes a dummy password (~50 ms).
// An Argon2id PHC string at lower parameters (t=1, m=8 MiB), as an older release might have
// stored: made with libsodium directly, since PasswordHasher only hashes at the current ones.
std::string weakPhc(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  REQUIRE(sodium_init() >= 0);
  REQUIRE(crypto_pwhash_str_alg(out, password.data(), password.size(), 1, 8u * 1024u * 1024u,
                                crypto_pwhash_ALG_ARGON2ID13) == 0);
  return out;
}

PasswordHasher& hasher() {
  static PasswordHasher h(2, std::chrono::milliseconds(5000));
  return h;
}

}  // namespace

TEST_CASE("auth password policy: table of refused and accepted passwords", "[unit][auth]") {
  const PasswordPolicy policy = shippedPolicy();
  REQUIRE(policy.deny_list.size() >= 20);
  struct Row {
    const char* why;
    std::string password;
    const char* login;
    const char* code;  // "" = accepted
  };
  const std::vector<Row> rows = {
      {"empty", "", "zhang.wei", "password_too_short"},
      {"11 characters, 4 classes", "Ab1!Ab1!Ab1", "zhang.wei", "password_too_short"},
      {"12 characters, 4 classes (lower bound)", "Ab1!Ab1!Ab1!", "zhang.wei", ""},
      {"11 Chinese characters count as 11, not 33 bytes", "许昌科技局创新企业培育", "zhang.wei", "password_too_short"},
      {"128 characters (upper bound)", std::string(126, 'a') + "B1", "zhang.wei", ""},
      {"129 characters", std::string(127, 'a') + "B1", "zhang.wei", "password_too_long"},
      {"only lower-case", "abcdefghijklmnop", "zhang.wei", "password_too_simple"},
      {"two classes: lower and digits", "abcdefgh12345678", "zhang.wei", "password_too_simple"},
      {"two classes: upper and other", "ABCDEFGH-+-+-+-+", "zhang.wei", "password_too_simple"},
      {"three classes: lower, upper, digit", "Tundra7Lamp9Kite", "zhang.wei", ""},
      {"three classes: lower, digit, other", "tundra7-lamp9-kite", "zhang.wei", ""},
      {"deny list, exact", "Xuchang@1234", "zhang.wei", "password_common"},
      {"deny list, other case", "xUCHANG@1234", "zhang.wei", "password_common"},
      {"deny list, another entry", "P@ssw0rd1234", "zhang.wei", "password_common"},
      {"contains the login", "Zhang.Wei-2025!", "zhang.wei", "password_common"},
      {"contains the login in other case", "xxZHANG.WEIxx#9", "zhang.wei", "password_common"},
      {"good", "Vq8#tundra-Lamp", "zhang.wei", ""},
      {"good, Chinese and ASCII", "许昌Tundra-Lamp9", "zhang.wei", ""},
  };
  for (const auto& row : rows) {
    INFO(row.why << ": '" << row.password << "'");
    CHECK(verdict(policy, row.password, row.login) == row.code);
  }
}

TEST_CASE("auth password policy: invalid UTF-8 is refused", "[unit][auth]") {
  CHECK(verdict(shippedPolicy(), std::string("Ab1!Ab1!Ab1!\xff\xfe"), "zhang.wei") == "invalid_utf8");
}

TEST_CASE("auth password policy: the deny list file is read without comments or blanks", "[unit][auth]") {
  auto list = loadDenyList(test::sourceDir() + "/config/common_passwords.txt");
  for (const auto& p : list) {
    CHECK_FALSE(p.empty());
    CHECK(p[0] != '#');
  }
  CHECK(std::find(list.begin(), list.end(), "Xuchang@1234") != list.end());
  CHECK_THROWS_AS(loadDenyList("/nonexistent/common_passwords.txt"), Error);
}

TEST_CASE("auth password hashing: Argon2id PHC string at OWASP parameters - unique salts", "[unit][auth]") {
  static const std::regex kPhc(R"(^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$)");
  std::string a = hasher().hash("Vq8#tundra-Lamp");
  std::string b = hasher().hash("Vq8#tundra-Lamp");
  std::smatch ma, mb;
  REQUIRE(std::regex_match(a, ma, kPhc));
  REQUIRE(std::regex_match(b, mb, kPhc));
  CHECK(a != b);              // same password, different hashes
  CHECK(ma[1] != mb[1]);      // because the salts differ
  CHECK(ma[1].length() >= 22);  // ≥ 16 bytes of salt in unpadded base64
  CHECK(a.find("Vq8#tundra-Lamp") == std::string::npos);
}

TEST_CASE("auth password hashing: verify and needs_rehash", "[unit][auth]") {
  std::string phc = hasher().hash("Vq8#tundra-Lamp");
  bool rehash = true;
  CHECK(hasher().verify("Vq8#tundra-Lamp", phc, &rehash));
  CHECK_FALSE(rehash);
  CHECK_FALSE(hasher().verify("Vq8#tundra-Lamq", phc));
  CHECK_FALSE(hasher().verify("", phc));
  CHECK_FALSE(hasher().verify("Vq8#tundra-Lamp", "not a phc string"));

  SECTION("a hash at weaker parameters verifies and asks to be rehashed") {
    std::string weak = weakPhc("Vq8#tundra-Lamp");
    REQUIRE(weak.rfind("$argon2id$v=19$m=8192,t=1,p=1$", 0) == 0);
    bool flag = false;
    CHECK(hasher().verify("Vq8#tundra-Lamp", weak, &flag));
    CHECK(flag);
    flag = true;
    CHECK_FALSE(hasher().verify("wrong password!", weak, &flag));
    CHECK(flag);  // left alone when the password is wrong
  }
}

TEST_CASE("auth password hashing: concurrent hashes are capped", "[unit][auth]") {
  // One slot and no patience: while a hash runs, a second one is refused as unavailable.
  PasswordHasher one(1, std::chrono::milliseconds(1));
  std::atomic<bool> started{false};
  std::atomic<int> refused{0}, done{0};
  auto hashSome = [&](int times) {
    for (int i = 0; i < times; ++i) {
      try {
        one.hash("Vq8#tundra-Lamp");
        ++done;
      } catch (const Error& e) {
        if (e.kind() == ErrorKind::unavailable) ++refused;
      }
    }
  };
  std::thread t([&] {
    started = true;
    hashSome(6);
  });
  while (!started) std::this_thread::yield();
  hashSome(6);
  t.join();
  CHECK(done + refused == 12);
  CHECK(done >= 1);
  CHECK(refused > 0);
}

TEST_CASE("auth tokens: 256-bit random - base64url - only a SHA-256 is stored", "[unit][auth]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string t = randomToken(32);
    CHECK(t.size() == 43);  // 32 bytes in unpadded base64url
    CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 1000);
  std::string h = tokenHash("abc");
  CHECK(h == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2 "abc"
  CHECK(constantTimeEquals("same", "same"));
  CHECK_FALSE(constantTimeEquals("same", "sama"));
  CHECK_FALSE(constantTimeEquals("same", "same!"));
  CHECK_FALSE(constantTimeEquals("", "x"));
}

}  // namespace trellis::auth
