// SHA-256 (FIPS 180-4) in plain C++, for the audit hash chain: store/ hashes rows without
// depending on a crypto library, and `audit verify` recomputes the same digests.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace trellis {

// The digest of data given in pieces (an uploaded file as it is read, issue 12).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // Lower-case hex digest of everything given; call once.
  std::string hexDigest();

 private:
  std::array<std::uint32_t, 8> h_;
  std::string pending_;  // fewer than 64 bytes not yet compressed
  std::uint64_t bytes_ = 0;
};

// Lower-case hex digest of data.
std::string sha256Hex(std::string_view data);

}  // namespace trellis
