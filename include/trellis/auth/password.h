// Password hashing and policy (RELIABILITY.md §3.3, §4.4; OWASP Password Storage Cheat Sheet).
// Argon2id through libsodium at OWASP's minimum (m=19 MiB, t=2, p=1), stored as a PHC string so
// parameters can rise later. At most `max_concurrent_hashes` run at once, so a login flood
// cannot take every core.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::auth {

struct PasswordPolicy {
  int min_length = 12;                  // code points (ASVS 2.1.1)
  int max_length = 128;                 // ASVS 2.1.2
  int min_character_classes = 3;        // of lower, upper, digit, other (MLPS 8.1.4.1 a)
  std::vector<std::string> deny_list;   // common passwords, compared case-insensitively
};

// Throws Error invalid naming field with code control_character (NUL or another control
// character), password_too_short, password_too_long, password_too_simple or password_common.
void checkPassword(const PasswordPolicy& policy, std::string_view password, std::string_view login,
                   const std::string& field = "password");

// Reads one password a line (comments with #) — config/common_passwords.txt.
std::vector<std::string> loadDenyList(const std::string& path);

class PasswordHasher {
 public:
  PasswordHasher(int max_concurrent_hashes, std::chrono::milliseconds max_wait);
  ~PasswordHasher();

  // PHC string "$argon2id$v=19$m=19456,t=2,p=1$…". Error unavailable when the hashing slots stay
  // busy longer than max_wait.
  std::string hash(std::string_view password);
  // Constant-time comparison inside libsodium. needs_rehash is set when the parameters rose.
  bool verify(std::string_view password, const std::string& phc, bool* needs_rehash = nullptr);
  // Burns the time of one verification, so an unknown login answers as slowly as a wrong password.
  void verifyDummy(std::string_view password);

 private:
  struct Slots;
  std::unique_ptr<Slots> slots_;
  std::string dummy_hash_;
};

// Random bytes from the OS (libsodium), base64url without padding.
std::string randomToken(std::size_t bytes);
// SHA-256 hex of a session token: what the session table stores.
std::string tokenHash(std::string_view token);
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace trellis::auth
