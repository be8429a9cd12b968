// The one request-body guard in front of every handler (RELIABILITY.md §2.3–2.4). Poco 1.11 reads
// a body without framing until the connection closes, accepts Content-Length together with
// chunked, uses the first of two Content-Lengths, and leaves an unread body on a kept-alive
// connection to be parsed as the next request. Cases:
//   G1 a header name with white space (e.g. "Transfer-Encoding : chunked")   → 400
//   G2 two Content-Length or two Transfer-Encoding headers                   → 400
//   G3 Content-Length together with Transfer-Encoding                        → 400
//   G4 Content-Length that is not plain digits (-1, +5, "5, 5")              → 400
//   G5 Transfer-Encoding other than exactly "chunked"                        → 501
//   G6 Transfer-Encoding on HTTP/1.0                                         → 400
//   G7 POST/PUT/PATCH with neither Content-Length nor chunked                → 411
//   G8 Content-Length over the limit                                         → 413 (not read)
//   G9 a chunked body growing over the limit                                 → 413
//   G10 fewer body bytes than Content-Length (client stalled or hung up)     → 400
// Every refusal closes the connection: bytes that were not read must never be taken for a request.
#pragma once
#include <cstddef>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace trellis::http {

// Reads the whole body into `body`, or throws Error (bad_request, length_required,
// payload_too_large, not_implemented). The caller closes the connection on any throw.
void readGuardedBody(Poco::Net::HTTPServerRequest& request, std::size_t max_body_bytes, std::string& body);

}  // namespace trellis::http
