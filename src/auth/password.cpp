#include "trellis/auth/password.h"

#include <sodium.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "trellis/core/error.h"
#include "trellis/core/sha256.h"
#include "trellis/core/text.h"

namespace trellis::auth {
namespace {

constexpr unsigned long long kOpsLimit = 2;                  // t = 2
constexpr std::size_t kMemLimit = 19u * 1024u * 1024u;       // m = 19 MiB

void initSodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw Error(errc::internal, "libsodium could not be initialised");
}

std::string lower(std::string_view s) { return text::foldCase(s); }

}  // namespace

void checkPassword(const PasswordPolicy& policy, std::string_view password, std::string_view login,
                   const std::string& field) {
  if (!text::isValidUtf8(password)) throw Error(errc::invalid_utf8, field + " is not valid UTF-8", field);
  // A NUL ends the password in many clients and tools, so it could never be typed again.
  if (text::hasControlCharacter(password))
    throw Error(errc::control_character, field + " must not contain NUL or other control characters", field);
  auto n = static_cast<int>(text::length(password));
  if (n < policy.min_length)
    throw Error(errc::password_too_short, field + " needs at least " + std::to_string(policy.min_length) + " characters", field);
  if (n > policy.max_length)
    throw Error(errc::password_too_long, field + " may have at most " + std::to_string(policy.max_length) + " characters", field);
  bool lower_c = false, upper_c = false, digit = false, other = false;
  for (unsigned char ch : password) {
    if (ch >= 'a' && ch <= 'z') lower_c = true;
    else if (ch >= 'A' && ch <= 'Z') upper_c = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else other = true;
  }
  int classes = lower_c + upper_c + digit + other;
  if (classes < policy.min_character_classes)
    throw Error(errc::password_too_simple, field + " needs " + std::to_string(policy.min_character_classes) +
                             " of: lower-case, upper-case, digits, other characters", field);
  std::string folded = lower(password);
  if (!login.empty() && folded.find(lower(login)) != std::string::npos)
    throw Error(errc::password_common, field + " must not contain the login", field);
  for (const auto& common : policy.deny_list)
    if (folded == lower(common))
      throw Error(errc::password_common, field + " is on the list of common passwords", field);
}

std::vector<std::string> loadDenyList(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(errc::config_missing, "cannot read " + path, path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    auto t = std::string(text::trim(line));
    if (!t.empty() && t[0] != '#') out.push_back(t);
  }
  return out;
}

struct PasswordHasher::Slots {
  std::mutex m;
  std::condition_variable cv;
  int free;
  std::chrono::milliseconds max_wait;
};

PasswordHasher::PasswordHasher(int max_concurrent_hashes, std::chrono::milliseconds max_wait)
    : slots_(std::make_unique<Slots>()) {
  initSodium();
  slots_->free = max_concurrent_hashes;
  slots_->max_wait = max_wait;
  dummy_hash_ = hash(randomToken(18));
}

PasswordHasher::~PasswordHasher() = default;

namespace {

// Holds one hashing slot for its lifetime.
class SlotGuard {
 public:
  SlotGuard(std::mutex& m, std::condition_variable& cv, int& free, std::chrono::milliseconds wait)
      : m_(m), cv_(cv), free_(free) {
    std::unique_lock<std::mutex> lock(m_);
    if (!cv_.wait_for(lock, wait, [&] { return free_ > 0; }))
      throw Error(errc::unavailable, "too many logins at once; retry in a moment");
    --free_;
  }
  ~SlotGuard() {
    {
      std::lock_guard<std::mutex> lock(m_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex& m_;
  std::condition_variable& cv_;
  int& free_;
};

}  // namespace

std::string PasswordHasher::hash(std::string_view password) {
  SlotGuard slot(slots_->m, slots_->cv, slots_->free, slots_->max_wait);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error(errc::unavailable, "out of memory while hashing a password");
  return out;
}

bool PasswordHasher::verify(std::string_view password, const std::string& phc, bool* needs_rehash) {
  SlotGuard slot(slots_->m, slots_->cv, slots_->free, slots_->max_wait);
  bool ok = crypto_pwhash_str_verify(phc.c_str(), password.data(), password.size()) == 0;
  if (ok && needs_rehash) *needs_rehash = crypto_pwhash_str_needs_rehash(phc.c_str(), kOpsLimit, kMemLimit) != 0;
  return ok;
}

void PasswordHasher::verifyDummy(std::string_view password) { verify(password, dummy_hash_); }

std::string randomToken(std::size_t bytes) {
  initSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string tokenHash(std::string_view token) { return sha256Hex(token); }

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace trellis::auth
