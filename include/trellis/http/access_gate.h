// The access gate run before every handler: who is asking (session cookie or Bearer token), may
// they perform the route's action (auth::allows), and, for writes authenticated by cookie, does
// the request carry the session's CSRF token and a same-origin Origin. Cases:
//   A1 action "public"                               → no session needed
//   A2 no or expired session                          → 401 unauthenticated
//   A3 role may not perform the action                → 403, audited as access.denied
//   A4 cookie-authenticated write without the token   → 403 csrf_token_missing, audited
//   A5 Origin header of another site                  → 403 cross_origin, audited
// Object-level scope is decided by the services from request.caller.
#pragma once
#include <string>

#include "trellis/auth/session_manager.h"
#include "trellis/http/server.h"
#include "trellis/service/audit_trail.h"

namespace trellis::http {

inline constexpr const char* kSessionCookie = "trellis_session";

AccessPolicy makeAccessGate(auth::SessionManager& sessions, const service::AuditTrail& audit);

// The session token from "Authorization: Bearer …" or the session cookie; empty when none.
// bearer is set when it came from the Authorization header.
std::string sessionTokenOf(const Request& request, bool* bearer = nullptr);

}  // namespace trellis::http
