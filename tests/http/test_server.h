// The HTTP test harness: the real `trellis serve` binary as a child process on a free loopback
// port, with its own temp dir and SQLite file, and two clients — a Poco HTTP client for ordinary
// requests and a raw socket for exact bytes (framing, smuggling, keep-alive probes).
//
//   trellis::test::TestServer server;                       // starts, waits for /api/v1/health
//   auto r = server.post("/api/v1/enterprises", R"({...})");
//   CHECK(r.status == 201);
//   CHECK(r.json["uscc"] == "...");
//   auto raw = server.raw("POST /api/v1/enterprises HTTP/1.1\r\nHost: t\r\n\r\n");
//   CHECK(raw.response.status == 411);
//   CHECK(raw.closed);
//   CHECK(server.stop() == 0);                              // SIGTERM, clean exit (also in dtor)
//
// Every TestServer has its own temp dir (removed at the end) and binds port 0, so test cases may
// run in parallel. A server that dies or never answers fails the test with its stderr.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::test {

using namespace std::chrono_literals;

// A response as the tests see it. json is null when the body is not JSON.
struct HttpResponse {
  int status = 0;                                            // 0: no status line arrived
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;
  nlohmann::json json;

  // The first header with this name (case-insensitive), "" when absent.
  std::string header(std::string_view name) const;
  bool hasHeader(std::string_view name) const;
};

// What the raw helpers saw: the first response (if any) and whether the server closed the
// connection (EOF or reset) within the wait after it.
struct RawResult {
  HttpResponse response;
  bool closed = false;
  std::string bytes;  // every byte read, for diagnostics
};

struct ServerOptions {
  // Properties written over a copy of config/trellis.properties (e.g. {"trellis.http.max_threads",
  // "4"}). config_dir and web root always point at the source tree.
  std::map<std::string, std::string> properties;
  std::size_t demo_count = 0;      // > 0: `trellis demo --count N --seed S` before serving
  std::uint64_t demo_seed = 20221;
  // Signs in a user of this role (login "tester") and sends its Bearer token with every
  // request(); empty = anonymous. Skipped when the binary has no `trellis user` command.
  std::string role = "bureau";
  std::string region;              // for county and liaison users
};

// A connection that sends exact bytes and reads HTTP/1.1 responses (Content-Length or chunked).
class RawConnection {
 public:
  explicit RawConnection(int port, std::chrono::milliseconds timeout = 3000ms);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all bytes; errors (the server closed early) are ignored and reported as false.
  bool send(std::string_view bytes);
  // Closes our write side (the server sees EOF after what was sent).
  void shutdownWrite();
  // Reads one response; status 0 when the connection closed or timed out first.
  HttpResponse readResponse();
  // True when the server closes the connection (EOF/reset) within `wait`; bytes that arrive
  // meanwhile are appended to extra() (a second response there means a smuggled request ran).
  bool closedByPeer(std::chrono::milliseconds wait = 2000ms);
  const std::string& extra() const { return extra_; }
  const std::string& bytesRead() const { return all_; }

 private:
  int recvSome(std::chrono::milliseconds wait);  // >0 bytes, 0 EOF/reset, -1 timeout
  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string buffer_;  // read but not yet consumed
  std::string extra_;
  std::string all_;
};

class TestServer {
 public:
  explicit TestServer(ServerOptions options = {});
  // SIGTERM and wait if still running (a test that cares asserts stop() == 0 itself).
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }  // this server's temp dir
  std::string dbPath() const { return dir_ + "/t.db"; }
  std::string stderrText() const;                  // what the server wrote to stderr so far

  // Users and sessions. addUser runs `trellis user add` on this server's database (false when
  // the binary has no users); signIn returns a Bearer token (FAILs unless 201). request() sends
  // token() as "Authorization: Bearer …" unless the call passes its own Authorization header.
  bool addUser(const std::string& login, const std::string& role, const std::string& region,
               const std::string& password);
  std::string signIn(const std::string& login, const std::string& password);
  void setToken(std::string token) { token_ = std::move(token); }
  const std::string& token() const { return token_; }
  // "Authorization: Bearer …\r\n" for raw requests, "" when anonymous.
  std::string authHeader() const { return token_.empty() ? "" : "Authorization: Bearer " + token_ + "\r\n"; }

  // One request on a fresh connection. content_type is sent only with a body.
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                       const std::string& content_type = "application/json");
  HttpResponse get(const std::string& path) { return request("GET", path); }
  HttpResponse post(const std::string& path, const std::string& body) { return request("POST", path, body); }
  HttpResponse patch(const std::string& path, const std::string& body,
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return request("PATCH", path, body, headers);
  }
  HttpResponse del(const std::string& path) { return request("DELETE", path); }

  // Connects, sends bytes (then shuts the write side when asked), reads one response and waits
  // up to close_wait for the server to close the connection.
  RawResult raw(std::string_view bytes, bool shutdown_write = false, std::chrono::milliseconds close_wait = 2000ms);

  // True while the process runs and GET /api/v1/health answers 200.
  bool healthy();
  bool running();
  // SIGTERM, then waits up to `wait`; returns the exit status, or -1 (killed with SIGKILL, or
  // ended by a signal). Idempotent.
  // The server's 10 s shutdown grace and a margin: a request still in flight may use the grace,
  // but a shutdown that hangs beyond it (a worker asleep in Poco's dispatcher once made every
  // SIGTERM under churn take 60 s) fails every test that checks stop() == 0.
  int stop(std::chrono::milliseconds wait = 15000ms);

 private:
  std::string dir_;
  std::string config_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
  std::string token_;
};

// Checks (Catch CHECK) that every action and object type the audit trail in db_path recorded has
// a Chinese name in domain/audit_actions, so the auditor never reads an internal key. Both server
// harnesses call it when their server stops: every HTTP test checks the paths it drove. Skipped
// while a failed REQUIRE unwinds (the test already failed).
void checkAuditNames(const std::string& db_path);

// The complete raw request text for a JSON POST (HTTP/1.1, Content-Length framing);
// extra_headers are whole lines ("Name: value\r\n"), e.g. server.authHeader().
std::string rawJsonPost(const std::string& path, const std::string& json_body, const std::string& extra_headers = "");

// A valid 统一社会信用代码 made from a 6-digit division and a serial (the demo generator's).
std::string validUscc(const std::string& division, std::uint64_t serial);

// A minimal valid POST body for an enterprise with this code.
std::string enterpriseBody(const std::string& uscc, const std::string& name = "许昌测试电气有限公司",
                           const std::string& region = "411002", const std::string& industry = "power_equipment");

}  // namespace trellis::test
