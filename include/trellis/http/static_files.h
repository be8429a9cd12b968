// The web UI's static files (src/web), served with content types, revalidation and a strict CSP
// (no inline script). Paths with "..", hidden segments or NUL bytes are never resolved (404).
#pragma once
#include <string>

#include "trellis/http/request.h"

namespace trellis::http {

// "/" serves index.html. Throws Error not_found for anything not under web_root.
Response serveStatic(const std::string& web_root, const Request& request);

}  // namespace trellis::http
