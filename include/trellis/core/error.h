// The one error type of Trellis. Every layer throws it; http/ maps its kind to a status in one
// switch and renders it at one catch site. Kinds follow Abseil's status.h meanings.
#pragma once
#include <stdexcept>
#include <string>

namespace trellis {

enum class ErrorKind {
  bad_request,          // the request itself is malformed (framing, JSON syntax, cursor) → 400
  invalid,              // well-formed, but a field's value is not acceptable → 422
  unauthenticated,      // no valid session or token → 401
  forbidden,            // authenticated, but this action is not allowed → 403
  not_found,            // no such object (or not visible to the caller) → 404
  method_not_allowed,   // the path exists, the method does not → 405
  conflict,             // duplicate, or a stale version → 409
  failed_precondition,  // the object's state does not allow this (illegal transition) → 409
  length_required,      // a body without Content-Length or chunked framing → 411
  precondition_required,// a write without the version it started from → 428
  payload_too_large,    // over a configured size limit → 413
  unsupported_media,    // a body that is not JSON → 415
  too_many_requests,    // rate limited → 429
  not_implemented,      // a framing or feature we refuse to support → 501
  unavailable,          // busy database, shutting down; retry later → 503
  internal,             // a bug or an unexpected failure; details are logged, not sent → 500
};

// Stable name of a kind, e.g. "not_found"; used when an error has no more specific code.
const char* kindName(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  // code: a stable machine-readable name (e.g. "uscc_checksum"); field: the input field at fault,
  // empty when none. details_json: a JSON object text with extra members for the error body.
  Error(ErrorKind kind, std::string code, std::string message, std::string field = {});

  static Error badRequest(std::string code, std::string message, std::string field = {});
  static Error invalid(std::string field, std::string code, std::string message);
  static Error notFound(std::string what, std::string message);
  static Error conflict(std::string code, std::string message, std::string field = {});
  static Error failedPrecondition(std::string code, std::string message, std::string field = {});
  static Error unauthenticated(std::string message);
  static Error forbidden(std::string message);
  static Error unavailable(std::string message);
  static Error internal(std::string message);

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  // Extra members merged into the rendered error object, as a JSON object text ("{...}").
  const std::string& detailsJson() const { return details_json_; }
  Error&& withDetails(std::string details_json) &&;

 private:
  ErrorKind kind_;
  std::string code_;
  std::string field_;
  std::string details_json_;
};

}  // namespace trellis
