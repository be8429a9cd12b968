// Slow clients (issue 8 §2): connections that send nothing, or a header byte every few seconds,
// used to hold every worker (64) for as long as they lasted. With the per-address cap, the
// request-head deadline and the watchdog, another client is answered within 2 s while 150 such
// connections are open. The slow connections come from other loopback addresses (127.0.0.2 …;
// the whole 127/8 is local), so that the test's own client (127.0.0.1) has its own cap.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "test_server.h"

namespace trellis::test {
namespace {

using Clock = std::chrono::steady_clock;

// A raw TCP connection to the server from a chosen loopback source address.
class SlowClient {
 public:
  SlowClient(const std::string& source, int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  }
  ~SlowClient() { ::close(fd_); }
  SlowClient(const SlowClient&) = delete;
  SlowClient& operator=(const SlowClient&) = delete;

  bool send(std::string_view bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT) > 0; }
  // Bytes the server sent within `wait`, and whether it closed the connection meanwhile.
  std::string read(std::chrono::milliseconds wait, bool* closed = nullptr) {
    std::string got;
    auto deadline = Clock::now() + wait;
    if (closed) *closed = false;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return got;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) return got;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        return got;
      }
      got.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
};

using Clients = std::vector<std::unique_ptr<SlowClient>>;

Clients openFrom(const std::vector<std::string>& sources, int port) {
  Clients out;
  for (const auto& s : sources) out.push_back(std::make_unique<SlowClient>(s, port));
  return out;
}

std::vector<std::string> repeat(const std::string& address, int n) { return std::vector<std::string>(static_cast<size_t>(n), address); }

// GET /api/v1/health from 127.0.0.1; the time it took.
std::chrono::milliseconds timedHealth(TestServer& server, int& status) {
  auto started = Clock::now();
  status = server.get("/api/v1/health").status;
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
}

}  // namespace

// Regression: 84 connections that sent nothing held every worker (64) until their receive
// timeout, and nobody else was served.
TEST_CASE("150 idle connections from one address starved every worker", "[http][slow]") {
  TestServer server;
  Clients slow = openFrom(repeat("127.0.0.2", 150), server.port());
  std::this_thread::sleep_for(300ms);
  int status = 0;
  auto took = timedHealth(server, status);
  CHECK(status == 200);
  CHECK(took < 2000ms);
  // Over the per-address cap (32), connections are answered 429 at once, without a worker.
  int refused = 0;
  for (auto& c : slow) refused += c->read(10ms).find("HTTP/1.1 429 ") == 0 ? 1 : 0;
  CHECK(refused == 150 - 32);
  CHECK(server.stop() == 0);
}

// Regression: a client sending its head one byte every few seconds was never cut off (only each
// recv() had a timeout), so such connections held their workers indefinitely.
TEST_CASE("150 connections sending a header byte every few seconds starved every worker", "[http][slow]") {
  TestServer server(ServerOptions{{{"trellis.http.header_timeout_s", "4"}}, 0, 0});
  Clients slow = openFrom(repeat("127.0.0.3", 150), server.port());
  const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  std::atomic<bool> done{false};
  std::thread dripper([&] {
    for (size_t i = 0; i < head.size() && !done; ++i) {
      for (auto& c : slow) c->send(std::string_view(&head[i], 1));
      for (int t = 0; t < 20 && !done; ++t) std::this_thread::sleep_for(100ms);  // a byte every 2 s
    }
  });
  auto started = Clock::now();
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(800ms);
    int status = 0;
    auto took = timedHealth(server, status);
    INFO("round " << round);
    CHECK(status == 200);
    CHECK(took < 2000ms);
  }
  // The head deadline (4 s from accept): every connection the server took is closed by then,
  // without an answer (the 118 over the cap were answered 429 and closed at once).
  std::this_thread::sleep_for(std::max(0ms, 5500ms - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)));
  int closed_silently = 0, refused = 0;
  for (auto& c : slow) {
    bool closed = false;
    std::string got = c->read(50ms, &closed);
    if (got.find("HTTP/1.1 429 ") == 0) ++refused;
    else if (closed && got.empty()) ++closed_silently;
  }
  done = true;
  dripper.join();
  CHECK(refused == 150 - 32);
  CHECK(closed_silently == 32);
  CHECK(server.healthy());
  CHECK(server.stop() == 0);
}

// The per-address cap alone cannot help when every slow connection has its own address: the
// watchdog then cuts heads slower than busy_header_grace_ms while others wait for a worker.
TEST_CASE("150 slow connections from 150 addresses took every worker", "[http][slow]") {
  TestServer server;
  std::vector<std::string> sources;
  for (int i = 1; i <= 150; ++i) sources.push_back("127.0.1." + std::to_string(i));
  Clients slow = openFrom(sources, server.port());
  for (auto& c : slow) c->send("GET /api/v1/health HTTP/1.1\r\n");  // a head begun, never finished
  std::this_thread::sleep_for(200ms);
  int status = 0;
  auto took = timedHealth(server, status);
  CHECK(status == 200);
  CHECK(took < 2000ms);
  std::this_thread::sleep_for(300ms);
  auto again = timedHealth(server, status);
  CHECK(status == 200);
  CHECK(again < 2000ms);
  CHECK(server.stop() == 0);
}

TEST_CASE("a request head not complete within the head deadline is closed without an answer", "[http][slow]") {
  TestServer server(ServerOptions{{{"trellis.http.header_timeout_s", "2"}, {"trellis.http.receive_timeout_s", "30"}}, 0, 0});
  SlowClient silent("127.0.0.4", server.port());
  SlowClient partial("127.0.0.4", server.port());
  partial.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");  // no blank line
  SlowClient dripping("127.0.0.4", server.port());
  auto started = Clock::now();
  std::string drip = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  bool dripping_closed = false;
  for (size_t i = 0; i < drip.size() && !dripping_closed; ++i) {
    if (!dripping.send(std::string_view(&drip[i], 1))) break;
    std::string got = dripping.read(300ms, &dripping_closed);  // 300 ms a byte: 13 s for the head
    CHECK(got.empty());
  }
  auto dripping_after = Clock::now() - started;
  CHECK(dripping_closed);
  CHECK(dripping_after < 3500ms);  // 2 s deadline, not 30 s receive timeout nor 13 s of bytes
  for (SlowClient* c : {&silent, &partial}) {
    bool closed = false;
    std::string got = c->read(std::max(0ms, 3500ms - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)), &closed);
    CHECK(closed);
    CHECK(got.empty());
  }
  CHECK(server.healthy());
  CHECK(server.stop() == 0);
}

TEST_CASE("the per-address cap is configured, answered 429 with the security headers, and an exempt address has none", "[http][slow]") {
  TestServer server(ServerOptions{{{"trellis.http.max_connections_per_address", "2"},
                                   {"trellis.http.connection_cap_exempt", "127.0.0.9, 127.0.0.6"}},
                                  0,
                                  0});
  SlowClient a("127.0.0.5", server.port()), b("127.0.0.5", server.port());
  std::this_thread::sleep_for(500ms);  // generous: the accept thread may be starved on a loaded machine
  SlowClient c("127.0.0.5", server.port());
  bool closed = false;
  std::string got = c.read(5000ms, &closed);
  INFO(got);
  CHECK(got.rfind("HTTP/1.1 429 ", 0) == 0);
  CHECK(got.find("\"code\":\"too_many_connections\"") != std::string::npos);
  CHECK(got.find("X-Content-Type-Options: nosniff") != std::string::npos);
  CHECK(got.find("Retry-After: 1") != std::string::npos);
  CHECK(closed);
  // A connection closed frees its place.
  a.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(a.read(5000ms).rfind("HTTP/1.1 200 ", 0) == 0);
  std::this_thread::sleep_for(500ms);  // generous: the accept thread may be starved on a loaded machine
  SlowClient d("127.0.0.5", server.port());
  d.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(d.read(5000ms).rfind("HTTP/1.1 200 ", 0) == 0);

  Clients exempt = openFrom(repeat("127.0.0.6", 5), server.port());
  for (auto& e : exempt) e->send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  for (auto& e : exempt) CHECK(e->read(5000ms).rfind("HTTP/1.1 200 ", 0) == 0);
  CHECK(server.stop() == 0);
}

}  // namespace trellis::test
