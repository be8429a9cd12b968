// The registry of error codes (issue 9): each code is declared once, in error_code_list.h, with
// its kind and its Chinese message; code everywhere names it as errc::<name>, so a misspelt or
// unregistered code does not compile.
#pragma once
#include <string_view>
#include <vector>

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

struct ErrorCode {
  std::string_view name;        // stable, machine-readable: the API's "code"
  ErrorKind kind;
  std::string_view message_zh;  // what the UI shows a user
};

namespace errc {
#define TRELLIS_ERROR(name, kind, message_zh) extern const ErrorCode name;
#include "trellis/core/error_code_list.h"
#undef TRELLIS_ERROR
}  // namespace errc

// Every registered code, in the order of error_code_list.h.
const std::vector<const ErrorCode*>& allErrorCodes();
// The registered code of that name; nullptr when there is none.
const ErrorCode* findErrorCode(std::string_view name);

}  // namespace trellis
