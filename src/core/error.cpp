#include "trellis/core/error.h"

#include <utility>

namespace trellis {

const char* kindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::bad_request: return "bad_request";
    case ErrorKind::invalid: return "invalid";
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::forbidden: return "forbidden";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::method_not_allowed: return "method_not_allowed";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::failed_precondition: return "failed_precondition";
    case ErrorKind::length_required: return "length_required";
    case ErrorKind::precondition_required: return "precondition_required";
    case ErrorKind::payload_too_large: return "payload_too_large";
    case ErrorKind::unsupported_media: return "unsupported_media_type";
    case ErrorKind::too_many_requests: return "too_many_requests";
    case ErrorKind::not_implemented: return "not_implemented";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

Error::Error(ErrorKind kind, std::string code, std::string message, std::string field)
    : std::runtime_error(std::move(message)),
      kind_(kind),
      code_(code.empty() ? kindName(kind) : std::move(code)),
      field_(std::move(field)) {}

Error Error::badRequest(std::string code, std::string message, std::string field) {
  return Error(ErrorKind::bad_request, std::move(code), std::move(message), std::move(field));
}
Error Error::invalid(std::string field, std::string code, std::string message) {
  return Error(ErrorKind::invalid, std::move(code), std::move(message), std::move(field));
}
Error Error::notFound(std::string what, std::string message) {
  return Error(ErrorKind::not_found, what + "_not_found", std::move(message));
}
Error Error::conflict(std::string code, std::string message, std::string field) {
  return Error(ErrorKind::conflict, std::move(code), std::move(message), std::move(field));
}
Error Error::failedPrecondition(std::string code, std::string message, std::string field) {
  return Error(ErrorKind::failed_precondition, std::move(code), std::move(message), std::move(field));
}
Error Error::unauthenticated(std::string message) {
  return Error(ErrorKind::unauthenticated, "unauthenticated", std::move(message));
}
Error Error::forbidden(std::string message) {
  return Error(ErrorKind::forbidden, "forbidden", std::move(message));
}
Error Error::unavailable(std::string message) {
  return Error(ErrorKind::unavailable, "unavailable", std::move(message));
}
Error Error::internal(std::string message) {
  return Error(ErrorKind::internal, "internal", std::move(message));
}

Error&& Error::withDetails(std::string details_json) && {
  details_json_ = std::move(details_json);
  return std::move(*this);
}

}  // namespace trellis
