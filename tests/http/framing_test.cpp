// Request framing and smuggling probes on raw sockets (RELIABILITY.md §2.3, T10, T11): every
// ambiguous or refused framing gets 400/411/413/501 and a closed connection, never a 2xx, and a
// request hidden in a body is never executed.
#include <catch2/catch.hpp>
#include <thread>

#include "test_server.h"

namespace trellis::test {
namespace {

// Host and JSON content type, plus the server's sign-in so a request that passes the guard
// reaches the handler.
std::string head(const TestServer& server) {
  return "Host: 127.0.0.1\r\nContent-Type: application/json\r\n" + server.authHeader();
}

std::string chunked(const std::string& data, size_t piece) {
  std::string out;
  char size[32];
  for (size_t i = 0; i < data.size(); i += piece) {
    std::string part = data.substr(i, piece);
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    out += size + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

}  // namespace

TEST_CASE("ambiguous or refused framing is answered and the connection closed", "[http]") {
  TestServer server;
  const std::string body = enterpriseBody(validUscc("411002", 71));
  const std::string cl = std::to_string(body.size());

  struct Probe {
    const char* what;
    std::string bytes;
    int status;
    std::string code;
  };
  std::vector<Probe> probes = {
      {"POST with neither Content-Length nor Transfer-Encoding", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "\r\n" + body,
       411, "length_required"},
      {"PATCH with neither", "PATCH /api/v1/enterprises/x HTTP/1.1\r\n" + head(server) + "\r\n", 411, "length_required"},
      {"Content-Length and Transfer-Encoding", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: " + cl +
       "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 1000), 400, "bad_framing"},
      {"two Content-Length values", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: 5\r\nContent-Length: 50\r\n\r\n" + body,
       400, "bad_framing"},
      {"two equal Content-Length values", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: " + cl +
       "\r\nContent-Length: " + cl + "\r\n\r\n" + body, 400, "bad_framing"},
      {"Content-Length -1", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: -1\r\n\r\n" + body, 400, "bad_framing"},
      {"Content-Length +5", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: +5\r\n\r\n{}   ", 400, "bad_framing"},
      {"Content-Length '5, 5'", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: 5, 5\r\n\r\n{}   ", 400, "bad_framing"},
      {"Content-Length in hex", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: 0x10\r\n\r\n{}", 400, "bad_framing"},
      {"Transfer-Encoding gzip, chunked", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) +
       "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked(body, 1000), 501, "unsupported_transfer_encoding"},
      {"Transfer-Encoding identity", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: identity\r\n\r\n" + body,
       501, "unsupported_transfer_encoding"},
      {"two Transfer-Encoding headers", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) +
       "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body, 1000), 400, "bad_framing"},
      {"Transfer-Encoding on HTTP/1.0", "POST /api/v1/enterprises HTTP/1.0\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n" +
       chunked(body, 1000), 400, "bad_framing"},
      {"header name with a space (Transfer-Encoding : chunked) plus Content-Length", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) +
       "Transfer-Encoding : chunked\r\nContent-Length: " + cl + "\r\n\r\n" + body, 400, "bad_framing"},
      {"header name with a space on a GET", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX Forwarded: 1\r\n\r\n", 400, "bad_framing"},
      {"Content-Length over the limit: refused without reading the body",
       "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: 2097152\r\n\r\n", 413, "body_too_large"},
  };
  for (const auto& p : probes) {
    INFO(p.what);
    auto r = server.raw(p.bytes);
    INFO("read: " << r.bytes);
    CHECK(r.closed);
    CHECK(r.response.status == p.status);
    if (r.response.json.is_object()) CHECK(r.response.json["error"]["code"] == p.code);
    else FAIL_CHECK("no JSON error body");
    CHECK(Catch::toLower(r.response.header("Connection")) == "close");
    REQUIRE(server.healthy());
  }
  // None of the bodies above registered anything.
  CHECK(server.get("/api/v1/enterprises?total=true&include_archived=true").json["total"] == 0);
  CHECK(server.stop() == 0);
}

TEST_CASE("well-framed bodies are accepted: Content-Length, chunked, and pipelined requests", "[http]") {
  TestServer server;
  SECTION("chunked body in small pieces") {
    std::string body = enterpriseBody(validUscc("411003", 81));
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n" + chunked(body, 7), false,
                        300ms);
    INFO(r.bytes);
    CHECK(r.response.status == 201);
    CHECK(r.response.json["uscc"] == validUscc("411003", 81));
    CHECK_FALSE(r.closed);  // a fully read body keeps the connection
  }
  SECTION("two pipelined requests on one connection are both answered (keep-alive works)") {
    RawConnection c(server.port());
    c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/regions HTTP/1.1\r\nHost: x\r\n" + server.authHeader() + "\r\n");
    auto a = c.readResponse(), b = c.readResponse();
    CHECK(a.status == 200);
    CHECK(a.json["status"] == "ok");
    CHECK(b.status == 200);
    CHECK(b.json["items"].size() == 11);
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("a body shorter than its framing never reaches a handler", "[http]") {
  // A 1 s receive timeout keeps the stalled variants short.
  TestServer server(ServerOptions{{{"trellis.http.receive_timeout_s", "1"}}, 0, 0});
  const std::string code = validUscc("411024", 91);
  const std::string body = enterpriseBody(code);

  SECTION("Content-Length larger than the bytes sent, then the client half-closes") {
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: " + std::to_string(body.size() + 40) +
                            "\r\n\r\n" + body,
                        true);
    INFO(r.bytes);
    CHECK((r.response.status == 400 || r.response.status == 0));
    if (r.response.status == 400) CHECK(r.response.json["error"]["code"] == "incomplete_body");
    CHECK(r.closed);
  }
  SECTION("Content-Length larger than the bytes sent, then the client stalls") {
    auto started = std::chrono::steady_clock::now();
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: " + std::to_string(body.size() + 40) +
                            "\r\n\r\n" + body,
                        false, 3000ms);
    INFO(r.bytes);
    CHECK((r.response.status == 400 || r.response.status == 0));
    CHECK(r.closed);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
  }
  SECTION("a chunk cut short, then the client stalls") {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", body.size() + 40);
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n" + size + body, false,
                        3000ms);
    INFO(r.bytes);
    CHECK((r.response.status == 400 || r.response.status == 0));
    CHECK(r.closed);
  }
  SECTION("a complete chunk without the last chunk, then the client stalls") {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", body.size());
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n" + size + body + "\r\n",
                        false, 3000ms);
    INFO(r.bytes);
    CHECK((r.response.status == 400 || r.response.status == 0));
    CHECK(r.closed);
  }
  SECTION("a chunked body cut inside the JSON, then the client half-closes") {
    std::string cut = body.substr(0, body.size() / 2);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", body.size());
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n" + size + cut, true);
    INFO(r.bytes);
    CHECK((r.response.status == 400 || r.response.status == 0));
    CHECK(r.closed);
  }
  SECTION("an oversize chunk-size field") {
    auto r = server.raw("POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n1000000000\r\n" + body,
                        true);
    INFO(r.bytes);
    CHECK(r.response.status != 201);
    CHECK((r.response.status == 0 || r.response.status >= 400));
    CHECK(r.closed);
  }
  // Whatever happened, nothing was registered and the server still answers.
  REQUIRE(server.healthy());
  CHECK(server.get("/api/v1/enterprises/" + code).status == 404);
  CHECK(server.stop() == 0);
}

TEST_CASE("a request hidden in the body of an early-exit request is never executed", "[http]") {
  TestServer server;
  const std::string hidden_code = validUscc("411025", 101);
  // The hidden request is signed in: were it executed, it would register the enterprise.
  const std::string hidden = rawJsonPost("/api/v1/enterprises", enterpriseBody(hidden_code), server.authHeader());
  const std::string auth = server.authHeader();

  struct Carrier {
    const char* what;
    std::string head;  // request line and headers up to (not including) Content-Length
    int status;
  };
  std::vector<Carrier> carriers = {
      {"404 unknown path", "POST /api/v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth, 404},
      {"405 wrong method", "PUT /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth, 405},
      {"415 not JSON", "POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" + auth, 415},
      {"400 invalid JSON", "POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth, 400},
      {"404 GET with a body", "GET /api/v1/enterprises/" + hidden_code + " HTTP/1.1\r\nHost: x\r\n" + auth, 404},
      {"200 GET with a body", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", 200},
  };
  for (const auto& c : carriers) {
    INFO(c.what);
    RawConnection conn(server.port());
    conn.send(c.head + "Content-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" + hidden);
    auto r = conn.readResponse();
    CHECK(r.status == c.status);
    // Either the body was consumed (keep-alive, no second response) or the connection closes.
    conn.closedByPeer(500ms);
    INFO("after the response: " << conn.extra());
    CHECK(conn.extra().find("HTTP/1.1") == std::string::npos);
    REQUIRE(server.healthy());
    CHECK(server.get("/api/v1/enterprises/" + hidden_code).status == 404);
  }
  SECTION("413: the body is not read, the connection is closed, the hidden request never runs") {
    RawConnection conn(server.port());
    conn.send("POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n" +
              hidden);
    auto r = conn.readResponse();
    CHECK((r.status == 413 || r.status == 0));
    CHECK(conn.closedByPeer(2000ms));
    CHECK(conn.extra().find("HTTP/1.1") == std::string::npos);
  }
  SECTION("411: a POST without framing is answered and closed; what follows is not a request") {
    RawConnection conn(server.port());
    conn.send("POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n" + hidden);
    auto r = conn.readResponse();
    CHECK(r.status == 411);
    CHECK(conn.closedByPeer(2000ms));
    CHECK(conn.extra().find("HTTP/1.1") == std::string::npos);
  }
  REQUIRE(server.healthy());
  CHECK(server.get("/api/v1/enterprises/" + hidden_code).status == 404);
  CHECK(server.get("/api/v1/enterprises?total=true").json["total"] == 0);
  CHECK(server.stop() == 0);
}

// ---- issue 8 §2: Poco's parser and chunked stream replaced by Trellis's own -------------------

namespace {

// The security headers every answer carries, refusals of unparseable requests included.
void checkSecurityHeaders(const HttpResponse& r) {
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK(r.header("X-Frame-Options") == "DENY");
  CHECK(r.header("Referrer-Policy") == "no-referrer");
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(r.header("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'");
  CHECK_FALSE(r.header("X-Request-Id").empty());
}

const std::string kSmuggled = "XGET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Request-Id: SMUGGLED\r\n\r\n";

}  // namespace

// Regression: Poco 1.11 read an invalid chunk size as 0, took it for the end of the body, answered
// 400 empty_body on a kept-alive connection and then served the request hidden in the "chunk".
TEST_CASE("an invalid chunk size was taken as the end of the body and the smuggled request served", "[http]") {
  TestServer server;
  const std::vector<std::string> sizes = {"zz", "-1", "10000000000000000" /* 2^64 */, "0x1c", "00000000000000001c" /* overlong */,
                                          " 1c", "1c ", "+1c", "1c\t", "", "1 c"};
  for (const auto& size : sizes) {
    INFO("chunk size '" << size << "'");
    RawConnection conn(server.port());
    conn.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
              size + "\r\n" + kSmuggled);
    auto r = conn.readResponse();
    CHECK(r.status == 400);
    CHECK(r.json["error"]["code"] == "bad_framing");
    CHECK(Catch::toLower(r.header("Connection")) == "close");
    CHECK(conn.closedByPeer(2000ms));
    INFO("everything read: " << conn.bytesRead());
    CHECK(conn.bytesRead().find("SMUGGLED") == std::string::npos);  // the hidden request was never answered
    CHECK(conn.extra().find("HTTP/1.1") == std::string::npos);
  }
  SECTION("the same with the smuggled request after a proper last chunk is still one request, refused whole") {
    RawConnection conn(server.port());
    conn.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              "zz\r\n0\r\n\r\n" + kSmuggled);
    auto r = conn.readResponse();
    CHECK(r.status == 400);
    CHECK(conn.closedByPeer(2000ms));
    CHECK(conn.bytesRead().find("SMUGGLED") == std::string::npos);
  }
  REQUIRE(server.healthy());
  CHECK(server.stop() == 0);
}

// The whole class: any byte sequence where the chunk framing is not exactly right is refused and
// closes the connection; nothing after it is read as a request.
TEST_CASE("chunk framing that is not exactly size CRLF data CRLF … 0 CRLF CRLF is refused and closes", "[http]") {
  TestServer server;
  const std::string json = R"({"login":"nobody","password":"x"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", json.size());
  const std::string hs(size);
  struct Case {
    const char* what;
    std::string chunks;
  };
  std::vector<Case> cases = {
      {"chunk data longer than its size", hs + "\r\n" + json + "xx\r\n0\r\n\r\n"},
      {"chunk data not followed by CRLF", hs + "\r\n" + json + "0\r\n\r\n"},
      {"chunk size line ended by a bare LF", hs + "\n" + json + "\r\n0\r\n\r\n"},
      {"last chunk followed by a malformed trailer", hs + "\r\n" + json + "\r\n0\r\nnot a trailer\r\n\r\n"},
      {"chunk extension with a control character", hs + ";a=\x01\r\n" + json + "\r\n0\r\n\r\n"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    RawConnection conn(server.port());
    conn.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
              c.chunks + kSmuggled);
    auto r = conn.readResponse();
    CHECK(r.status == 400);
    CHECK(r.json["error"]["code"] == "bad_framing");
    CHECK(conn.closedByPeer(2000ms));
    CHECK(conn.bytesRead().find("SMUGGLED") == std::string::npos);
  }
  SECTION("a chunk extension and a trailer field are accepted") {
    RawConnection conn(server.port());
    conn.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + hs +
              ";name=value\r\n" + json + "\r\n0\r\nX-Trailer: 1\r\n\r\n");
    auto r = conn.readResponse();
    CHECK(r.status == 401);  // the body was read and parsed: the login is unknown
  }
  REQUIRE(server.healthy());
  CHECK(server.stop() == 0);
}

// Regression: Poco parsed Content-Length itself and dropped the connection without any answer
// when it was not a number; README promises 400 bad_framing.
TEST_CASE("a non-numeric Content-Length closed the connection without an answer", "[http]") {
  TestServer server;
  const std::vector<std::string> values = {"abc", "0x1c", "28.0", " 28 x", "28, 28", "28,28", "12345678901234567890", "1e3",
                                           "28 28", "", "-0", "+28", "\xef\xbc\x92\xef\xbc\x98" /* full-width 28 */};
  for (const auto& v : values) {
    INFO("Content-Length: '" << v << "'");
    auto r = server.raw("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + v +
                        "\r\n\r\n{\"login\":\"a\",\"password\":\"b\"}");
    INFO(r.bytes);
    CHECK(r.response.status == 400);
    CHECK(r.response.json["error"]["code"] == "bad_framing");
    checkSecurityHeaders(r.response);
    CHECK(r.closed);
  }
  REQUIRE(server.healthy());
  CHECK(server.stop() == 0);
}

// Regression: a chunked body whose client shut its side before the last chunk was executed, as
// Poco 1.11's chunked stream takes EOF for the end of the body.
TEST_CASE("a chunked body cut off by the client's shutdown was executed", "[http]") {
  TestServer server;
  const std::string code = validUscc("411002", 8801);
  const std::string body = enterpriseBody(code);
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", body.size());
  char half[32];
  std::snprintf(half, sizeof half, "%zx\r\n", body.size() / 2);
  const std::string start = "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Transfer-Encoding: chunked\r\n\r\n";
  struct Cut {
    const char* what;
    std::string bytes;
  };
  std::vector<Cut> cuts = {
      {"after the whole chunk and its CRLF, no last chunk", start + size + body + "\r\n"},
      {"after the chunk data, before its CRLF", start + size + body},
      {"after the last chunk's size line, without the final CRLF", start + size + body + "\r\n0\r\n"},
      {"inside the last chunk's size line", start + size + body + "\r\n0"},
      {"after the first of two chunks", start + half + body.substr(0, body.size() / 2) + "\r\n"},
      {"inside a chunk-size line", start + std::string(size, 1)},
  };
  for (const auto& c : cuts) {
    INFO(c.what);
    auto r = server.raw(c.bytes, /*shutdown_write=*/true);
    INFO(r.bytes);
    CHECK(r.response.status == 400);
    CHECK(r.response.json["error"]["code"] == "incomplete_body");
    CHECK(r.closed);
    REQUIRE(server.healthy());
    CHECK(server.get("/api/v1/enterprises/" + code).status == 404);  // never executed
  }
  SECTION("the complete body is executed") {
    auto r = server.raw(start + chunked(body, 50), true);
    CHECK(r.response.status == 201);
    CHECK(server.get("/api/v1/enterprises/" + code).status == 200);
  }
  CHECK(server.stop() == 0);
}

// Regression: Poco answered any version, "HTTP/9.9 200 OK", and its own answers (400 for a bad
// request line, …) carried none of the security headers.
TEST_CASE("HTTP/9.9 was answered as HTTP/9.9 200 OK, and Poco's own answers carried no security headers", "[http]") {
  TestServer server;
  struct Probe {
    const char* what;
    std::string bytes;
    std::string code;
  };
  std::vector<Probe> probes = {
      {"HTTP/9.9", "GET /api/v1/health HTTP/9.9\r\nHost: x\r\n\r\n", "unsupported_http_version"},
      {"HTTP/2.0", "GET /api/v1/health HTTP/2.0\r\nHost: x\r\n\r\n", "unsupported_http_version"},
      {"HTTP/1.2", "GET /api/v1/health HTTP/1.2\r\nHost: x\r\n\r\n", "unsupported_http_version"},
      {"HTTP/0.9", "GET /api/v1/health HTTP/0.9\r\nHost: x\r\n\r\n", "unsupported_http_version"},
      {"lower-case http/1.1", "GET /api/v1/health http/1.1\r\nHost: x\r\n\r\n", "bad_framing"},
      {"HTTP/1.10", "GET /api/v1/health HTTP/1.10\r\nHost: x\r\n\r\n", "bad_framing"},
      {"no version", "GET /api/v1/health\r\nHost: x\r\n\r\n", "bad_framing"},
      {"two spaces in the request line", "GET  /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", "bad_framing"},
      {"lines ended by bare LF", "GET /api/v1/health HTTP/1.1\nHost: x\n\r\n\r\n", "bad_framing"},
      {"a bare CR inside a header", "GET /api/v1/health HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", "bad_framing"},
      {"a folded header line", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n", "bad_framing"},
      {"a header line without a colon", "GET /api/v1/health HTTP/1.1\r\nHost x\r\n\r\n", "bad_framing"},
      {"a NUL in a header value", std::string("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a") + '\0' + "b\r\n\r\n", "bad_framing"},
      {"a method that is not a token", "G(T /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", "bad_framing"},
      {"101 header fields", "GET /api/v1/health HTTP/1.1\r\n" + [] {
         std::string h;
         for (int i = 0; i < 101; ++i) h += "X-" + std::to_string(i) + ": 1\r\n";
         return h;
       }() + "\r\n", "header_too_large"},
      {"a 20 KB header", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n", "header_too_large"},
  };
  for (const auto& p : probes) {
    INFO(p.what);
    auto r = server.raw(p.bytes);
    INFO(r.bytes);
    CHECK(r.bytes.rfind("HTTP/1.1 400 ", 0) == 0);
    CHECK(r.response.status == 400);
    CHECK(r.response.json["error"]["code"] == p.code);
    checkSecurityHeaders(r.response);
    CHECK(Catch::toLower(r.response.header("Connection")) == "close");
    CHECK(r.closed);
  }
  SECTION("HTTP/1.0 is served, without keep-alive unless asked for") {
    auto r = server.raw("GET /api/v1/health HTTP/1.0\r\n\r\n");
    CHECK(r.response.status == 200);
    CHECK(r.closed);
    RawConnection c(server.port());
    c.send("GET /api/v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /api/v1/health HTTP/1.0\r\n\r\n");
    CHECK(c.readResponse().status == 200);
    CHECK(c.readResponse().status == 200);
    CHECK(c.closedByPeer(2000ms));
  }
  SECTION("Expect: 100-continue gets 100 Continue before the body is sent") {
    RawConnection c(server.port());
    std::string json = R"({"login":"nobody","password":"x"})";
    c.send("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
           std::to_string(json.size()) + "\r\n\r\n");
    auto cont = c.readResponse();
    CHECK(cont.status == 100);
    c.send(json);
    CHECK(c.readResponse().status == 401);
  }
  REQUIRE(server.healthy());
  CHECK(server.stop() == 0);
}

}  // namespace trellis::test
