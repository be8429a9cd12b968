// The access gate's pure parts (http/access_gate.h A5, A6): which address a request is attributed
// to behind a trusted proxy, and what counts as the same origin.
#include "trellis/http/access_gate.h"

#include <catch2/catch.hpp>

namespace trellis::http {

TEST_CASE("access gate A6: X-Forwarded-For is believed only from a trusted proxy", "[unit][http]") {
  const std::vector<std::string> none, nginx = {"10.0.0.2"}, two = {"10.0.0.2", "10.0.0.3"};
  // From an untrusted peer the header is the client's own claim: ignored.
  CHECK(clientAddressOf("198.51.100.7", "203.0.113.9", none) == "198.51.100.7");
  CHECK(clientAddressOf("198.51.100.7", "203.0.113.9", nginx) == "198.51.100.7");
  // From nginx: the right-most entry, the one nginx appended; entries left of it are claims.
  CHECK(clientAddressOf("10.0.0.2", "203.0.113.9", nginx) == "203.0.113.9");
  CHECK(clientAddressOf("10.0.0.2", "1.2.3.4, 203.0.113.9", nginx) == "203.0.113.9");
  // Through two trusted hops the first untrusted one from the right is the client.
  CHECK(clientAddressOf("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.3", two) == "203.0.113.9");
  CHECK(clientAddressOf("10.0.0.2", "2001:db8::1", nginx) == "2001:db8::1");
  // Missing or malformed: the peer.
  CHECK(clientAddressOf("10.0.0.2", "", nginx) == "10.0.0.2");
  CHECK(clientAddressOf("10.0.0.2", "unknown", nginx) == "10.0.0.2");
  CHECK(clientAddressOf("10.0.0.2", "203.0.113.9; rm -rf", nginx) == "10.0.0.2");
}

TEST_CASE("access gate A5: the same origin means the same scheme, host and port", "[unit][http]") {
  CHECK(sameOrigin("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
  CHECK(sameOrigin("https://trellis.example", "https", "trellis.example"));
  CHECK(sameOrigin("https://trellis.example:443", "https", "trellis.example"));  // the default port
  CHECK(sameOrigin("HTTPS://Trellis.Example", "https", "trellis.example"));      // case-insensitive
  CHECK_FALSE(sameOrigin("https://127.0.0.1:8080", "http", "127.0.0.1:8080"));   // the scheme differs
  CHECK_FALSE(sameOrigin("http://trellis.example", "https", "trellis.example"));
  CHECK_FALSE(sameOrigin("http://127.0.0.1:1", "http", "127.0.0.1:8080"));
  CHECK_FALSE(sameOrigin("http://127.0.0.1.evil.example:8080", "http", "127.0.0.1:8080"));
  CHECK_FALSE(sameOrigin("null", "http", "127.0.0.1:8080"));
  CHECK_FALSE(sameOrigin("http://127.0.0.1:8080/x", "http", "127.0.0.1:8080"));
  CHECK_FALSE(sameOrigin("http://user@127.0.0.1:8080", "http", "127.0.0.1:8080"));
}

}  // namespace trellis::http
