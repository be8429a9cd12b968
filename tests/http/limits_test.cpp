// Size and shape limits (RELIABILITY.md T12), the thread pool against kept-alive clients
// (issue 2 §6), and a clean SIGTERM with a request in flight.
#include <signal.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <future>
#include <thread>

#include "test_server.h"
#include "trellis/store/database.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::test {

TEST_CASE("deep JSON is refused cleanly and does not crash the process", "[http]") {
  TestServer server;
  auto nested = [](size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };

  std::string deep_member;  // {"name":{"a":{"a":…1}}}: 34 containers
  for (int i = 0; i < 33; ++i) deep_member += R"({"a":)";
  deep_member = R"({"name":)" + deep_member + "1" + std::string(33, '}') + "}";
  struct Case {
    const char* what;
    std::string body;
    std::string code;
  };
  for (const auto& c : std::vector<Case>{{"depth 32 passes the depth check (then is not an object)", nested(32), "not_an_object"},
                                         {"depth 34 arrays", nested(34), "json_too_deep"},
                                         {"depth 34 inside an object member", deep_member, "json_too_deep"}}) {
    INFO(c.what);
    auto r = server.post("/api/v1/enterprises", c.body);
    CHECK(r.status == 400);
    CHECK(r.json["error"]["code"] == c.code);
  }
  SECTION("depth 100000 (200 KB) → 400, and the process is still alive") {
    auto r = server.post("/api/v1/enterprises", nested(100000));
    CHECK(r.status == 400);
    CHECK(r.json["error"]["code"] == "json_too_deep");
    auto o = server.request("PATCH", "/api/v1/enterprises/" + validUscc("411002", 1),
                            std::string(100000, '[') + std::string(100000, ']'));
    CHECK(o.status == 400);
  }
  CHECK(server.running());
  CHECK(server.healthy());
  CHECK(server.stop() == 0);
}

// Regression: nlohmann's callback depth is 0 at the outermost container, so the check was off by
// one and 33 nested containers passed a limit of 32 (RELIABILITY.md T12 wants 33 refused).
TEST_CASE("JSON nested 33 deep is refused with json_too_deep, 32 deep is parsed", "[http]") {
  TestServer server;
  auto deep = server.post("/api/v1/enterprises", std::string(33, '[') + std::string(33, ']'));
  CHECK(deep.status == 400);
  CHECK(deep.json["error"]["code"] == "json_too_deep");
  auto fits = server.post("/api/v1/enterprises", std::string(32, '[') + std::string(32, ']'));
  CHECK(fits.status == 400);
  CHECK(fits.json["error"]["code"] == "not_an_object");
}

TEST_CASE("the body limit is exactly the configured size", "[http]") {
  TestServer server;
  const std::size_t limit = 1 << 20;
  // A JSON object of exactly n bytes whose only member is unknown: the guard passes it, the
  // handler refuses the field (422), which proves the body was read and parsed.
  auto sized = [](std::size_t n) {
    std::string head = R"({"padding":")", tail = R"("})";
    return head + std::string(n - head.size() - tail.size(), 'x') + tail;
  };

  SECTION("1 MiB exactly is read") {
    auto r = server.post("/api/v1/enterprises", sized(limit));
    CHECK(r.status == 422);
    CHECK(r.json["error"]["code"] == "unknown_field");
    CHECK(r.json["error"]["field"] == "padding");
  }
  SECTION("just under 1 MiB is read") {
    auto r = server.post("/api/v1/enterprises", sized(limit - 100));
    CHECK(r.status == 422);
    CHECK(r.json["error"]["code"] == "unknown_field");
  }
  SECTION("one byte over 1 MiB → 413 and the connection closes") {
    RawConnection c(server.port());
    std::string body = sized(limit + 1);
    c.send("POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n");
    auto r = c.readResponse();  // answered before any body byte was sent
    CHECK(r.status == 413);
    CHECK(r.json["error"]["code"] == "body_too_large");
    CHECK(Catch::toLower(r.header("Connection")) == "close");
    CHECK(c.closedByPeer());
  }
  SECTION("a chunked body growing over 1 MiB → 413") {
    RawConnection c(server.port(), 5000ms);
    c.send("POST /api/v1/enterprises HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";  // 64 KiB
    // The server stops reading once over the limit; sends may then fail, which is fine.
    std::thread writer([&c, chunk] {
      for (int i = 0; i < 20; ++i)
        if (!c.send(chunk)) return;
      c.send("0\r\n\r\n");
    });
    auto r = c.readResponse();
    writer.join();
    INFO(c.bytesRead());
    CHECK((r.status == 413 || r.status == 0));
    if (r.status == 413) CHECK(r.json["error"]["code"] == "body_too_large");
    CHECK(c.closedByPeer());
  }
  REQUIRE(server.healthy());
  CHECK(server.stop() == 0);
}

TEST_CASE("maxThreads + 1 concurrent keep-alive clients all get answers", "[http]") {
  TestServer server(ServerOptions{{{"trellis.http.max_threads", "4"},
                                   {"trellis.http.min_threads", "2"},
                                   {"trellis.http.keep_alive_timeout_s", "2"}},
                                  0,
                                  0});
  constexpr int kClients = 5;
  std::vector<std::unique_ptr<RawConnection>> conns;
  for (int i = 0; i < kClients; ++i) conns.push_back(std::make_unique<RawConnection>(server.port(), 4000ms));

  auto started = std::chrono::steady_clock::now();
  std::vector<std::future<HttpResponse>> answers;
  for (auto& c : conns) {
    RawConnection* conn = c.get();
    answers.push_back(std::async(std::launch::async, [conn] {
      conn->send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive (HTTP/1.1 default)
      return conn->readResponse();
    }));
  }
  int answered = 0;
  for (auto& a : answers) {
    auto r = a.get();
    CHECK(r.status == 200);
    CHECK(r.json["status"] == "ok");
    answered += r.status == 200;
  }
  auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(answered == kClients);
  // Within the 2 s keep-alive timeout plus slack: the fifth client did not wait for a timeout chain.
  CHECK(elapsed < 3500ms);

  SECTION("the connections stay usable, and a sixth client is still served") {
    auto r = server.get("/api/v1/regions");
    CHECK(r.status == 200);
    CHECK(r.json["items"].size() == 11);
  }
  conns.clear();
  CHECK(server.stop() == 0);
}

TEST_CASE("SIGTERM lets the request in flight finish and exits 0", "[http]") {
  TestServer server;
  const std::string code = validUscc("411081", 301);
  const std::string body = enterpriseBody(code);
  RawConnection c(server.port(), 5000ms);
  // Send everything but the last body byte, so the request is in flight inside the server.
  std::string request = rawJsonPost("/api/v1/enterprises", body, server.authHeader());
  c.send(request.substr(0, request.size() - 1));
  std::this_thread::sleep_for(200ms);
  REQUIRE(::kill(server.pid(), SIGTERM) == 0);
  std::this_thread::sleep_for(200ms);
  CHECK(server.running());  // still finishing the request
  c.send(request.substr(request.size() - 1));
  auto r = c.readResponse();
  INFO(r.body << " / " << server.stderrText());
  CHECK(r.status == 201);
  CHECK(r.json["uscc"] == code);
  CHECK(server.stop() == 0);

  // The write was committed: the database file (kept until the TestServer goes) holds it.
  store::Database db(store::DatabaseOptions{server.dbPath()});
  std::optional<domain::Enterprise> stored;
  db.read([&](store::Connection& conn) { stored = store::EnterpriseRepository::findByUscc(conn, code); });
  REQUIRE(stored);
  CHECK(stored->version == 1);
}

TEST_CASE("SIGTERM while clients open and close connections exits within 3 s, every time", "[http][slow]") {
  // A worker finishing a connection as the server stops once slept a whole dispatcher idle time
  // (60 s) before the process could exit; it showed as a rare stop() == -1 anywhere in the suite.
  // Eight stops, each under connections that come and go, each timed.
  for (int run = 0; run < 8; ++run) {
    TestServer server(ServerOptions{{}, 0, 20221, ""});
    std::atomic<bool> hammering{true};
    std::vector<std::thread> clients;
    for (int k = 0; k < 6; ++k)
      clients.emplace_back([&] {
        while (hammering.load()) {
          try {
            RawConnection c(server.port(), 1000ms);
            c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            c.readResponse();
          } catch (const std::runtime_error&) {
            // connect refused: the server has stopped listening, which is what is under test
            std::this_thread::sleep_for(5ms);
          }
        }
      });
    std::this_thread::sleep_for(300ms);
    auto started = std::chrono::steady_clock::now();
    int status = server.stop(15000ms);
    auto took = std::chrono::steady_clock::now() - started;
    hammering.store(false);
    for (auto& t : clients) t.join();
    INFO("run " << run << ": exit took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                << " ms; " << server.stderrText());
    CHECK(status == 0);
    CHECK(took < 3s);  // no request is in flight for long: nothing to wait for but the workers
  }
}

}  // namespace trellis::test
