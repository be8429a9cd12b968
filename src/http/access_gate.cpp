#include "trellis/http/access_gate.h"

#include "trellis/auth/password.h"
#include "trellis/auth/policy.h"
#include "trellis/core/error.h"

namespace trellis::http {
namespace {

std::string cookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    size_t start = part.find_first_not_of(' ');
    if (start != std::string::npos) part = part.substr(start);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

// "http://127.0.0.1:8080" → "127.0.0.1:8080"
std::string hostOfOrigin(const std::string& origin) {
  auto p = origin.find("://");
  return p == std::string::npos ? origin : origin.substr(p + 3);
}

}  // namespace

std::string sessionTokenOf(const Request& request, bool* bearer) {
  std::string auth = request.header("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    if (bearer) *bearer = true;
    return auth.substr(7);
  }
  if (bearer) *bearer = false;
  return cookieValue(request.header("Cookie"), kSessionCookie);
}

AccessPolicy makeAccessGate(auth::SessionManager& sessions, const service::AuditTrail& audit) {
  return [&sessions, &audit](Request& r, const Route& route) {
    r.caller.request_id = r.request_id;
    r.caller.client_address = r.client_address;
    if (auth::isPublic(route.action)) {  // A1
      r.caller.user = "anonymous";
      r.caller.role = "anonymous";
      return;
    }
    bool bearer = false;
    std::string token = sessionTokenOf(r, &bearer);
    auto principal = sessions.authenticate(token);
    if (!principal) throw Error::unauthenticated("sign in first (POST /api/v1/session)");  // A2
    r.caller.user_id = principal->user_id;
    r.caller.user = principal->login;
    r.caller.role = principal->role;
    r.caller.region_scope = principal->region_scope;
    r.caller.assigned_only = principal->role == "liaison";
    r.session_token_hash = principal->token_hash;
    r.csrf_token = principal->csrf_token;
    auto refuse = [&](const std::string& code, const std::string& message, const std::string& reason) {
      audit.recordRefusal(r.caller, "access.denied", service::AuditObject{"route", r.method + " " + route.pattern, ""},
                          "denied", reason);
      throw Error(ErrorKind::forbidden, code, message);
    };
    if (!auth::allows(principal->role, route.action))  // A3
      refuse("forbidden", "your role (" + principal->role + ") may not do this", "role may not " + route.action);
    bool write = r.method != "GET" && r.method != "HEAD";
    if (write && !bearer) {
      std::string origin = r.header("Origin");
      if (!origin.empty() && hostOfOrigin(origin) != r.header("Host"))  // A5
        refuse("cross_origin", "requests from another site are refused", "cross-origin write from " + origin);
      if (!auth::constantTimeEquals(r.header("X-CSRF-Token"), principal->csrf_token))  // A4
        refuse("csrf_token_missing", "send the X-CSRF-Token header from GET /api/v1/me with every change",
               "missing or wrong CSRF token");
    }
  };
}

}  // namespace trellis::http
