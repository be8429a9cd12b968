// The request line and header fields of one HTTP/1.x request, parsed strictly by Trellis itself
// (not by Poco, whose parser drops a connection without an answer on a bad Content-Length and
// answers any version, e.g. "HTTP/9.9 200 OK"). Refused, each as Error bad_request:
//   H1 a request line that is not exactly "METHOD SP target SP HTTP/1.0|HTTP/1.1"  → bad_framing,
//      or unsupported_http_version for any other version (HTTP/9.9, HTTP/2.0, HTTP/1.2)
//   H2 a line ended by a bare CR or LF, or a CR/LF/NUL/control character inside a line
//   H3 a header line that folds (starts with SP/HT), has no colon, or whose name is not a token
//      (so "Transfer-Encoding : chunked" is refused)
//   H4 more header fields than the limit
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::http {

struct RequestHead {
  std::string method;
  std::string target;
  int minor_version = 1;  // HTTP/1.<minor_version>: 0 or 1
  std::vector<std::pair<std::string, std::string>> headers;  // in order; values without OWS

  // The first value of a header (case-insensitive name), empty when absent.
  std::string header(std::string_view name) const;
  // How many fields carry this name.
  int count(std::string_view name) const;
};

inline constexpr std::size_t kMaxHeaderFields = 100;

// `head` is everything up to and including the blank line (CRLF CRLF); leading empty lines
// (CRLF) before the request line are skipped, as RFC 9112 §2.2 allows.
RequestHead parseRequestHead(std::string_view head);

bool iequals(std::string_view a, std::string_view b);

}  // namespace trellis::http
