// The ONE mapping from error kind to HTTP status, and the ONE rendering of the error body
// {"error":{"code","message","field","request_id", …details}}.
#pragma once
#include <string>

#include "trellis/core/error.h"
#include "trellis/http/request.h"

namespace trellis::http {

int statusOf(ErrorKind kind);
Response errorResponse(const Error& error, const std::string& request_id);

}  // namespace trellis::http
