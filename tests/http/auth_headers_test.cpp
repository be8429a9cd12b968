// Browser-facing controls (issue 3 "The web UI shell"; RELIABILITY.md T19, §3.4): security headers
// on API responses (success and error, signed in or not) and on the UI's static files, no server
// version, and static path traversal refused with 404.
#include <catch2/catch.hpp>

#include "auth_harness.h"

namespace trellis::authtest {
namespace {

void checkCommonHeaders(const Reply& r) {
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.header("X-Frame-Options") == "DENY");
  CHECK(r.header("Referrer-Policy") == "no-referrer");
  // No software version in Server (ASVS 14.3.3), nor a framework banner.
  CHECK(r.header("Server").find_first_of("0123456789") == std::string::npos);
  CHECK(r.header("Server").find("POCO") == std::string::npos);
  CHECK_FALSE(r.has("X-Powered-By"));
  CHECK(r.header("Access-Control-Allow-Origin").empty());
}

}  // namespace

TEST_CASE("auth http headers: API responses carry no-store - nosniff and frame-ancestors 'none'", "[http][auth]") {
  AuthServer server;
  auto users = server.demoUsers();
  auto token = server.signInBearer("bureau", users["bureau"]);
  struct Probe {
    const char* method;
    const char* path;
    bool signed_in;
    int status;
  };
  const std::vector<Probe> probes = {
      {"GET", "/api/v1/health", false, 200},      {"GET", "/api/v1/me", true, 200},
      {"GET", "/api/v1/me", false, 401},          {"GET", "/api/v1/enterprises", true, 200},
      {"GET", "/api/v1/users", true, 403},        {"GET", "/api/v1/enterprises/91411002MA0000000X", true, 404},
      {"GET", "/api/v1/no-such-route", true, 404}, {"PUT", "/api/v1/enterprises", true, 405},
  };
  for (const auto& p : probes) {
    INFO(p.method << " " << p.path);
    Headers h;
    if (p.signed_in) h.push_back(bearer(token));
    auto r = server.request(p.method, p.path, "", h);
    CHECK(r.status == p.status);
    checkCommonHeaders(r);
    CHECK(r.header("Cache-Control") == "no-store");
    CHECK(r.header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(r.header("Content-Type").find("application/json") == 0);
    CHECK(r.header("Content-Type").find("charset=utf-8") != std::string::npos);
  }
  // The sign-in answer, which carries the CSRF token, is never cached either.
  auto in = server.request("POST", "/api/v1/session",
                           nlohmann::json{{"login", "viewer"}, {"password", users["viewer"]}}.dump());
  CHECK(in.status == 201);
  CHECK(in.header("Cache-Control") == "no-store");
}

TEST_CASE("auth http headers: UI static files have a CSP without 'unsafe-inline' and the right types",
          "[http][auth]") {
  AuthServer server;
  struct File {
    const char* path;
    const char* type;
  };
  for (const File& f : {File{"/", "text/html"}, File{"/index.html", "text/html"}, File{"/js/app.js", "text/javascript"},
                        File{"/css/app.css", "text/css"}, File{"/favicon.svg", "image/svg+xml"}}) {
    INFO(f.path);
    auto r = server.request("GET", f.path);
    REQUIRE(r.status == 200);
    checkCommonHeaders(r);
    CHECK(r.header("Content-Type").rfind(f.type, 0) == 0);
    std::string csp = r.header("Content-Security-Policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("object-src 'none'") != std::string::npos);
    CHECK(csp.find("base-uri 'none'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(csp.find("unsafe-eval") == std::string::npos);
  }
  // The page itself has no inline script for the CSP to forbid.
  auto index = server.request("GET", "/index.html");
  std::string html = index.body;
  for (size_t p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1)) {
    auto close = html.find('>', p);
    std::string tag = html.substr(p, close - p);
    INFO(tag);
    CHECK(tag.find("src=") != std::string::npos);
    CHECK(html.compare(close + 1, 9, "</script>") == 0);
  }
  CHECK(html.find(" onclick=") == std::string::npos);
  CHECK(html.find(" onload=") == std::string::npos);
}

TEST_CASE("auth http headers: static path traversal is 404", "[http][auth]") {
  AuthServer server;
  for (const char* target :
       {"/../config/trellis.properties", "/js/../../config/trellis.properties", "/%2e%2e/config/trellis.properties",
        "/js/%2e%2e/%2e%2e/config/trellis.properties", "/%2E%2E/%2E%2E/etc/passwd", "/%252e%252e/config/trellis.properties",
        "/..%2fconfig/trellis.properties", "/js%2f..%2f..%2fconfig%2ftrellis.properties", "/.git/config",
        "/..\\config\\trellis.properties", "/js/..%5c..%5cconfig/trellis.properties", "/%00/index.html",
        "/index.html%00.js", "//etc/passwd", "/../../../../../../etc/passwd"}) {
    INFO(target);
    auto r = server.raw(std::string("GET ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK((r.status == 404 || r.status == 400));
    CHECK(r.body.find("trellis.http") == std::string::npos);
    CHECK(r.body.find("root:") == std::string::npos);
  }
  // The UI is served, and a plain miss is a 404 as well.
  CHECK(server.raw("GET /js/app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status == 200);
  CHECK(server.raw("GET /no-such-file.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status == 404);
  // Writes to the UI paths are refused.
  CHECK(server.raw("POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .status == 404);
}

}  // namespace trellis::authtest
