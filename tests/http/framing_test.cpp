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
      // Poco parses Content-Length itself before any handler and drops the connection without an
      // answer when it is not a number ("5, 5", hex): closed, never 2xx (status 0 here).
      {"Content-Length '5, 5'", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: 5, 5\r\n\r\n{}   ", 400, "poco_drops"},
      {"Content-Length in hex", "POST /api/v1/enterprises HTTP/1.1\r\n" + head(server) + "Content-Length: 0x10\r\n\r\n{}", 400, "poco_drops"},
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
    bool dropped_by_poco = r.response.status == 0 && p.code == "poco_drops";
    if (dropped_by_poco) {
      CHECK(r.bytes.empty());
    } else {
      CHECK(r.response.status == p.status);
      std::string code = p.code == "poco_drops" ? "bad_framing" : p.code;
      if (r.response.json.is_object()) CHECK(r.response.json["error"]["code"] == code);
      else FAIL_CHECK("no JSON error body");
      CHECK(Catch::toLower(r.response.header("Connection")) == "close");
    }
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

}  // namespace trellis::test
