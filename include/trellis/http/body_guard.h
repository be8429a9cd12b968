// The one request-body guard in front of every handler (RELIABILITY.md §2.3–2.4). Trellis reads
// the body itself from the connection (Poco 1.11's streams take a bad chunk size for the end of
// the body and a chunked body cut off by EOF for a complete one). Cases:
//   G1 a header name with white space (e.g. "Transfer-Encoding : chunked")   → 400 (request_head.h)
//   G2 two Content-Length or two Transfer-Encoding headers                   → 400
//   G3 Content-Length together with Transfer-Encoding                        → 400
//   G4 Content-Length that is not 1–18 plain digits (-1, +5, "5, 5", 0x1c,
//      28.0, "28 x", 20 digits)                                              → 400 bad_framing
//   G5 Transfer-Encoding other than exactly "chunked"                        → 501
//   G6 Transfer-Encoding on HTTP/1.0                                         → 400
//   G7 POST/PUT/PATCH with neither Content-Length nor chunked                → 411
//   G8 Content-Length over the limit                                         → 413 (not read)
//   G9 a chunked body growing over the limit                                 → 413
//   G10 fewer body bytes than the framing says (client stalled, timed out or hung up), or a
//       chunked body without its last chunk (0 CRLF … CRLF)                  → 400 incomplete_body
//   G11 a chunk-size line that is not 1–16 hex digits, optionally followed by ";extension"
//       (zz, -1, 0x1c, 2^64, " 1c"), or chunk data not followed by CRLF      → 400 bad_framing
// Every refusal closes the connection: bytes that were not read must never be taken for a request.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "trellis/http/request_head.h"
#include "trellis/http/socket_reader.h"

namespace trellis::http {

struct BodyLimits {
  std::uint64_t max_body_bytes = 1 << 20;
  Clock::time_point deadline;                   // the whole body by then
  std::chrono::milliseconds per_recv{10000};    // and no wait for one recv() longer than this
};

// Checks the framing headers (G1–G8) before any body byte is read; throws Error.
// Returns true when the request has a body to read (Content-Length > 0 or chunked).
bool checkFraming(const RequestHead& head, const BodyLimits& limits);
// Reads the whole body into `body` (G9–G11), or throws Error (bad_request, payload_too_large).
// The caller closes the connection on any throw.
void readGuardedBody(const RequestHead& head, SocketReader& in, const BodyLimits& limits, std::string& body);
// The same guard, the body handed to sink in pieces of at most 64 KiB as it arrives (uploads
// streamed to disk); the limit is checked before each piece is handed over.
void streamGuardedBody(const RequestHead& head, SocketReader& in, const BodyLimits& limits,
                       const std::function<void(std::string_view)>& sink);

}  // namespace trellis::http
