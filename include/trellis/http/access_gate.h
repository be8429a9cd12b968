// The access gate run before every handler: who is asking (session cookie or Bearer token), may
// they perform the route's action (auth::allows), and, for writes authenticated by cookie, does
// the request carry the session's CSRF token and a same-origin Origin. Cases:
//   A1 action "public"                               → no session needed
//   A2 no or expired session                          → 401 unauthenticated
//   A3 role may not perform the action                → 403, audited as access.denied
//   A4 cookie-authenticated write without the token   → 403 csrf_token_missing, audited
//   A5 Origin header of another origin: scheme, host or port differs → 403 cross_origin, audited
//   A6 the client address is the peer's, or — only when the peer is a configured trusted proxy —
//      the right-most X-Forwarded-For entry that is not itself a trusted proxy; the expected
//      scheme is https when the cookie is Secure, or a trusted proxy's X-Forwarded-Proto.
// Object-level scope is decided by the services from request.caller.
#pragma once
#include <string>
#include <vector>

#include "trellis/auth/session_manager.h"
#include "trellis/http/server.h"
#include "trellis/service/audit_trail.h"

namespace trellis::http {

inline constexpr const char* kSessionCookie = "trellis_session";

struct GateOptions {
  std::vector<std::string> trusted_proxies;  // trellis.http.trusted_proxies
  bool https = false;                        // served over TLS (trellis.session.secure_cookie)
};

AccessPolicy makeAccessGate(auth::SessionManager& sessions, const service::AuditTrail& audit, GateOptions options);

// A6: the address a request from peer with this X-Forwarded-For is attributed to (rate limits,
// audit trail).
std::string clientAddressOf(const std::string& peer, const std::string& forwarded_for,
                            const std::vector<std::string>& trusted_proxies);
// A5: true when origin ("https://host:port") has the expected scheme and the Host header's host and port.
bool sameOrigin(const std::string& origin, const std::string& expected_scheme, const std::string& host);

// The session token from "Authorization: Bearer …" or the session cookie; empty when none.
// bearer is set when it came from the Authorization header.
std::string sessionTokenOf(const Request& request, bool* bearer = nullptr);

}  // namespace trellis::http
