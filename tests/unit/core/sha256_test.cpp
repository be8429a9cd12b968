// SHA-256: FIPS 180-4 test vectors, and the digest of data given in pieces (an upload as it is
// read) equal to the digest of the whole.
#include <catch2/catch.hpp>
#include <string>

#include "trellis/core/sha256.h"

using namespace trellis;

TEST_CASE("sha256 matches the FIPS 180-4 examples", "[unit][core]") {
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 of data given in pieces equals the digest of the whole", "[unit][core]") {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>((i * 37 + 11) % 256);
  for (std::size_t piece : {1u, 3u, 63u, 64u, 65u, 127u, 500u, 1000u}) {
    Sha256 h;
    for (std::size_t off = 0; off < data.size(); off += piece) h.update(std::string_view(data).substr(off, piece));
    INFO("piece " << piece);
    CHECK(h.hexDigest() == sha256Hex(data));
  }
  Sha256 million;
  std::string a(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.update(a);
  CHECK(million.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
