// SHA-256 (FIPS 180-4) in plain C++, for the audit hash chain: store/ hashes rows without
// depending on a crypto library, and `audit verify` recomputes the same digests.
#pragma once
#include <string>
#include <string_view>

namespace trellis {

// Lower-case hex digest of data.
std::string sha256Hex(std::string_view data);

}  // namespace trellis
