#include "trellis/http/error_response.h"

#include <nlohmann/json.hpp>

namespace trellis::http {

int statusOf(ErrorKind kind) {
  // No default: a new kind without a status is a compiler warning, not a silent 500.
  switch (kind) {
    case ErrorKind::bad_request: return 400;
    case ErrorKind::invalid: return 422;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::method_not_allowed: return 405;
    case ErrorKind::conflict: return 409;
    case ErrorKind::failed_precondition: return 409;
    case ErrorKind::length_required: return 411;
    case ErrorKind::precondition_required: return 428;
    case ErrorKind::payload_too_large: return 413;
    case ErrorKind::unsupported_media: return 415;
    case ErrorKind::too_many_requests: return 429;
    case ErrorKind::not_implemented: return 501;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

Response errorResponse(const Error& error, const std::string& request_id) {
  nlohmann::json body = {
      {"code", error.code()},
      {"message", error.what()},
      {"message_zh", std::string(error.errorCode().message_zh)},
      {"field", error.field().empty() ? nlohmann::json(nullptr) : nlohmann::json(error.field())},
      {"request_id", request_id},
  };
  if (!error.detailsJson().empty()) {
    auto details = nlohmann::json::parse(error.detailsJson(), nullptr, false);
    if (details.is_object())
      for (auto& [k, v] : details.items())
        if (!body.contains(k)) body[k] = v;
  }
  Response r = Response::json(statusOf(error.kind()), {{"error", body}});
  if (error.kind() == ErrorKind::unavailable) r.with("Retry-After", "1");
  return r;
}

}  // namespace trellis::http
