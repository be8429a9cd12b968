#include "trellis/http/body_guard.h"

#include <algorithm>

#include "trellis/core/error.h"

namespace trellis::http {
namespace {

Error framing(const std::string& message) { return Error(errc::bad_framing, message); }
Error incomplete(const std::string& message) { return Error(errc::incomplete_body, message); }
Error tooLarge(std::uint64_t limit) {
  return Error(errc::body_too_large, 
               "request body is larger than " + std::to_string(limit) + " bytes");
}

constexpr std::size_t kMaxChunkLine = 1024;      // size, extensions
constexpr std::size_t kMaxTrailerBytes = 8192;   // all trailer lines together
constexpr std::size_t kMaxChunkSizeDigits = 16;  // more is overlong (2^64 and up, or zero-padded)

// Content-Length: 1–18 decimal digits and nothing else (G4).
std::size_t contentLength(const std::string& value) {
  if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)
    throw framing("Content-Length must be a plain decimal number of at most 18 digits");
  return static_cast<std::size_t>(std::stoull(value));
}

// "1c" or "1c;name=value": the size in hex, strictly (G11).
std::size_t chunkSize(const std::string& line) {
  std::size_t end = line.find(';');
  std::string digits = line.substr(0, end);
  if (digits.empty() || digits.size() > kMaxChunkSizeDigits || digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    throw framing("invalid chunk size: must be 1 to 16 hex digits");
  if (end != std::string::npos) {
    for (char c : line.substr(end))
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) throw framing("control character in a chunk extension");
  }
  return static_cast<std::size_t>(std::stoull(digits, nullptr, 16));
}

void expect(SocketReader::Status s, const char* what) {
  switch (s) {
    case SocketReader::Status::ok: return;
    case SocketReader::Status::too_large: throw framing(std::string(what) + " is too long");
    case SocketReader::Status::timed_out: throw incomplete(std::string("the body stalled: ") + what + " did not arrive in time");
    case SocketReader::Status::closed: throw incomplete(std::string("the connection ended before ") + what);
  }
}

// Hands the body to take(n, what) piece by piece: take reads exactly n bytes from the socket.
using Take = std::function<void(std::size_t n, const char* what)>;

void readChunked(SocketReader& in, const BodyLimits& limits, const Take& take) {
  std::string line;
  std::uint64_t received = 0;
  for (;;) {
    expect(in.readLine(line, kMaxChunkLine, limits.deadline, limits.per_recv), "the chunk-size line");
    std::size_t size = chunkSize(line);
    if (size == 0) break;
    if (size > limits.max_body_bytes - received) throw tooLarge(limits.max_body_bytes);  // G9
    received += size;
    take(size, "the end of a chunk");
    expect(in.readLine(line, 0, limits.deadline, limits.per_recv), "the CRLF after a chunk");
    if (!line.empty()) throw framing("chunk data is longer than its chunk size");
  }
  // The trailer section: fields (ignored) up to an empty line (G10: required).
  std::size_t trailer = 0;
  for (;;) {
    expect(in.readLine(line, kMaxChunkLine, limits.deadline, limits.per_recv), "the end of the chunked body");
    if (line.empty()) return;
    trailer += line.size();
    if (trailer > kMaxTrailerBytes) throw framing("the chunked trailer is too long");
    if (line.find(':') == std::string::npos || line.front() == ' ' || line.front() == '\t' ||
        line.find_first_of("\r\n") != std::string::npos)
      throw framing("a malformed trailer line after the last chunk");
  }
}

void readBody(const RequestHead& head, SocketReader& in, const BodyLimits& limits, const Take& take) {
  if (!checkFraming(head, limits)) return;
  if (head.count("Transfer-Encoding")) {
    readChunked(in, limits, take);
    return;
  }
  take(contentLength(head.header("Content-Length")), "Content-Length bytes arrived");  // G10
}

}  // namespace

bool checkFraming(const RequestHead& head, const BodyLimits& limits) {
  int content_lengths = head.count("Content-Length"), transfer_encodings = head.count("Transfer-Encoding");
  if (content_lengths > 1) throw framing("more than one Content-Length");            // G2
  if (transfer_encodings > 1) throw framing("more than one Transfer-Encoding");      // G2
  if (content_lengths && transfer_encodings) throw framing("both Content-Length and Transfer-Encoding");  // G3
  bool body_method = head.method == "POST" || head.method == "PUT" || head.method == "PATCH";
  if (transfer_encodings) {
    if (head.minor_version == 0) throw framing("Transfer-Encoding on HTTP/1.0");    // G6
    if (!iequals(head.header("Transfer-Encoding"), "chunked"))
      throw Error(errc::unsupported_transfer_encoding, 
                  "only Transfer-Encoding: chunked is supported");                   // G5
    return true;
  }
  if (!content_lengths) {
    if (body_method)
      throw Error(errc::length_required, "send Content-Length (or chunked) with a body");  // G7
    return false;
  }
  std::size_t length = contentLength(head.header("Content-Length"));                 // G4
  if (length > limits.max_body_bytes) throw tooLarge(limits.max_body_bytes);         // G8
  return length > 0;
}

void readGuardedBody(const RequestHead& head, SocketReader& in, const BodyLimits& limits, std::string& body) {
  body.clear();
  readBody(head, in, limits, [&](std::size_t n, const char* what) {
    body.reserve(body.size() + n);
    expect(in.readExact(body, n, limits.deadline, limits.per_recv), what);
  });
}

void streamGuardedBody(const RequestHead& head, SocketReader& in, const BodyLimits& limits,
                       const std::function<void(std::string_view)>& sink) {
  constexpr std::size_t kPiece = 64 * 1024;
  std::string piece;
  readBody(head, in, limits, [&](std::size_t n, const char* what) {
    while (n > 0) {
      std::size_t k = std::min(n, kPiece);
      piece.clear();
      expect(in.readExact(piece, k, limits.deadline, limits.per_recv), what);
      sink(piece);
      n -= k;
    }
  });
}

}  // namespace trellis::http
