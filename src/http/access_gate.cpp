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

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool looksLikeAddress(const std::string& a) {
  return !a.empty() && a.size() <= 45 && a.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  for (const auto& x : list)
    if (x == item) return true;
  return false;
}

// "example.org:443" for https → "example.org": the default port may be written or left out.
std::string withoutDefaultPort(const std::string& host_port, const std::string& scheme) {
  const std::string port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
  if (!port.empty() && host_port.size() > port.size() && host_port.ends_with(port) && host_port.back() != ']')
    return host_port.substr(0, host_port.size() - port.size());
  return host_port;
}

// The session user's role: app_user.role holds one of the six user roles (a CHECK constraint).
domain::Role principalRole(const auth::Principal& p) {
  auto role = domain::parseUserRole(p.role);
  if (!role) throw Error(errc::internal, "the session's user has an unknown role '" + p.role + "'");
  return *role;
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

std::string clientAddressOf(const std::string& peer, const std::string& forwarded,
                            const std::vector<std::string>& trusted_proxies) {
  if (!contains(trusted_proxies, peer)) return peer;
  // Right to left: each proxy appends the address it received from; the first one that is not
  // a trusted proxy is the client. Entries further left are the client's own claims.
  std::size_t end = forwarded.size();
  while (end > 0) {
    std::size_t comma = forwarded.rfind(',', end - 1);
    std::size_t start = comma == std::string::npos ? 0 : comma + 1;
    std::string item = trim(forwarded.substr(start, end - start));
    if (!looksLikeAddress(item)) break;
    if (!contains(trusted_proxies, item)) return item;
    if (comma == std::string::npos) break;
    end = comma;
  }
  return peer;
}

bool sameOrigin(const std::string& origin, const std::string& expected_scheme, const std::string& host) {
  auto p = origin.find("://");
  if (p == std::string::npos) return false;
  std::string scheme = lower(origin.substr(0, p));
  std::string rest = lower(origin.substr(p + 3));
  if (rest.empty() || rest.find_first_of("/?#@") != std::string::npos) return false;
  return scheme == expected_scheme && withoutDefaultPort(rest, scheme) == withoutDefaultPort(lower(host), scheme);
}

AccessPolicy makeAccessGate(auth::SessionManager& sessions, const service::AuditTrail& audit, GateOptions options) {
  return [&sessions, &audit, options](Request& r, const Route& route) {
    bool via_proxy = contains(options.trusted_proxies, r.client_address);
    if (via_proxy) r.client_address = clientAddressOf(r.client_address, r.header("X-Forwarded-For"), options.trusted_proxies);  // A6
    std::string scheme = options.https ? "https" : "http";
    if (via_proxy) {
      std::string proto = lower(trim(r.header("X-Forwarded-Proto")));
      if (proto == "http" || proto == "https") scheme = proto;
    }
    r.caller.request_id = r.request_id;
    r.caller.client_address = r.client_address;
    if (auth::isPublic(route.action)) {  // A1
      r.caller.user = "anonymous";
      r.caller.role = domain::Role::anonymous;
      return;
    }
    bool bearer = false;
    std::string token = sessionTokenOf(r, &bearer);
    auto principal = sessions.authenticate(token);
    if (!principal) throw Error(errc::unauthenticated, "sign in first (POST /api/v1/session)");  // A2
    r.caller.user_id = principal->user_id;
    r.caller.user = principal->login;
    r.caller.role = principalRole(*principal);
    r.caller.region_scope = principal->region_scope;
    r.session_token_hash = principal->token_hash;
    r.csrf_token = principal->csrf_token;
    auto refuse = [&](const ErrorCode& code, const std::string& message, const std::string& reason) {
      audit.recordRefusal(r.caller, "access.denied", service::AuditObject{"route", r.method + " " + route.pattern, ""},
                          "denied", reason);
      throw Error(code, message);
    };
    if (!auth::allows(r.caller.role, route.action))  // A3
      refuse(errc::forbidden, "your role (" + principal->role + ") may not do this", "role may not " + route.action);
    bool write = r.method != "GET" && r.method != "HEAD";
    if (write && !bearer) {
      std::string origin = r.header("Origin");
      if (!origin.empty() && !sameOrigin(origin, scheme, r.header("Host")))  // A5
        refuse(errc::cross_origin, "requests from another site are refused", "cross-origin write from " + origin);
      if (!auth::constantTimeEquals(r.header("X-CSRF-Token"), principal->csrf_token))  // A4
        refuse(errc::csrf_token_missing, "send the X-CSRF-Token header from GET /api/v1/me with every change",
               "missing or wrong CSRF token");
    }
  };
}

}  // namespace trellis::http
