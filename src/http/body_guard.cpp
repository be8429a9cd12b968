#include "trellis/http/body_guard.h"

#include <Poco/Net/HTTPServerRequest.h>

#include <istream>

#include "trellis/core/error.h"

namespace trellis::http {
namespace {

bool iequals(const std::string& a, const char* b) {
  size_t n = std::char_traits<char>::length(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

Error framing(const std::string& message) { return Error::badRequest("bad_framing", message); }

}  // namespace

void readGuardedBody(Poco::Net::HTTPServerRequest& request, std::size_t max_body_bytes, std::string& body) {
  int content_lengths = 0, transfer_encodings = 0;
  std::string cl_value, te_value;
  for (const auto& [name, value] : request) {
    if (name.find_first_of(" \t") != std::string::npos) throw framing("header name with white space");  // G1
    if (iequals(name, "Content-Length")) {
      ++content_lengths;
      cl_value = value;
    } else if (iequals(name, "Transfer-Encoding")) {
      ++transfer_encodings;
      te_value = value;
    }
  }
  if (content_lengths > 1) throw framing("more than one Content-Length");           // G2
  if (transfer_encodings > 1) throw framing("more than one Transfer-Encoding");     // G2
  if (content_lengths && transfer_encodings) throw framing("both Content-Length and Transfer-Encoding");  // G3

  const std::string& method = request.getMethod();
  bool body_method = method == "POST" || method == "PUT" || method == "PATCH";

  if (transfer_encodings) {
    if (request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_0) throw framing("Transfer-Encoding on HTTP/1.0");  // G6
    if (!iequals(te_value, "chunked"))
      throw Error(ErrorKind::not_implemented, "unsupported_transfer_encoding",
                  "only Transfer-Encoding: chunked is supported");  // G5
    std::istream& in = request.stream();
    char buf[8192];
    while (in) {
      in.read(buf, sizeof buf);
      auto got = static_cast<std::size_t>(in.gcount());
      if (body.size() + got > max_body_bytes)
        throw Error(ErrorKind::payload_too_large, "body_too_large",
                    "request body is larger than " + std::to_string(max_body_bytes) + " bytes");  // G9
      body.append(buf, got);
    }
    // A receive timeout or a broken chunk inside Poco's chunked stream only sets badbit (istream
    // swallows the exception), which would hand the handler a truncated body on a kept-alive
    // connection. (A body cut off by EOF still looks complete in Poco 1.11: #5032.)
    if (in.bad())
      throw Error::badRequest("incomplete_body", "the chunked body ended before its last chunk arrived");  // G10
    return;
  }
  if (!content_lengths) {
    if (body_method)
      throw Error(ErrorKind::length_required, "length_required", "send Content-Length (or chunked) with a body");  // G7
    return;
  }
  if (cl_value.empty() || cl_value.size() > 18 || cl_value.find_first_not_of("0123456789") != std::string::npos)
    throw framing("Content-Length must be a plain decimal number");  // G4
  std::size_t length = std::stoull(cl_value);
  if (length > max_body_bytes)
    throw Error(ErrorKind::payload_too_large, "body_too_large",
                "request body is larger than " + std::to_string(max_body_bytes) + " bytes");  // G8
  body.resize(length);
  std::istream& in = request.stream();
  in.read(body.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::size_t>(in.gcount()) != length)
    throw Error::badRequest("incomplete_body", "the body ended before Content-Length bytes arrived");  // G10
}

}  // namespace trellis::http
