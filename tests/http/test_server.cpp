#include "test_server.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "process_util.h"
#include "trellis/app/demo_data.h"
#include "trellis/domain/audit_actions.h"

#ifndef TRELLIS_BINARY
#error "TRELLIS_BINARY must name the trellis executable"
#endif
#ifndef TRELLIS_SOURCE_DIR
#error "TRELLIS_SOURCE_DIR must point at the source tree"
#endif

extern char** environ;

namespace trellis::test {
namespace {

namespace fs = std::filesystem;

using testutil::iequals;
using testutil::readFile;

// Runs argv to completion with stdout/stderr into files; returns the exit status (-1 on signal).
int runToCompletion(const std::vector<std::string>& args, const std::string& out, const std::string& err,
                    const std::string& in = "/dev/null") {
  return testutil::waitExit(testutil::spawnProcess(args, in, out, err));
}

// Splits "HTTP/1.1 200 OK\r\nA: b\r\n..." (without the blank line) into status and headers.
void parseHead(const std::string& head, HttpResponse& r) {
  std::istringstream in(head);
  std::string line;
  std::getline(in, line);
  if (line.rfind("HTTP/", 0) == 0 && line.size() >= 12) r.status = std::atoi(line.c_str() + 9);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers.emplace_back(line.substr(0, colon), value);
  }
}

void parseJson(HttpResponse& r) { r.json = nlohmann::json::parse(r.body, nullptr, false); if (r.json.is_discarded()) r.json = nullptr; }

}  // namespace

// ---- HttpResponse -------------------------------------------------------------------------

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

bool HttpResponse::hasHeader(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return true;
  return false;
}

// ---- RawConnection ------------------------------------------------------------------------

RawConnection::RawConnection(int port, std::chrono::milliseconds timeout) : timeout_(timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("connect to port " + std::to_string(port) + " failed");
  // A send that the server no longer reads must not hang the test.
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void RawConnection::shutdownWrite() { ::shutdown(fd_, SHUT_WR); }

int RawConnection::recvSome(std::chrono::milliseconds wait) {
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
  if (ready == 0) return -1;
  char buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return 0;  // EOF or reset: the server closed the connection
  buffer_.append(buf, static_cast<size_t>(n));
  all_.append(buf, static_cast<size_t>(n));
  return static_cast<int>(n);
}

HttpResponse RawConnection::readResponse() {
  HttpResponse r;
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  auto left = [&] {
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
  };
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (recvSome(left()) <= 0) return r;
  std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  HttpResponse parsed;
  parseHead(head, parsed);
  std::string cl = parsed.header("Content-Length");
  if (iequals(parsed.header("Transfer-Encoding"), "chunked")) {
    // Chunked response: size line, data, CRLF … 0 CRLF CRLF.
    for (;;) {
      size_t eol;
      while ((eol = buffer_.find("\r\n")) == std::string::npos)
        if (recvSome(left()) <= 0) return r;
      size_t size = std::stoul(buffer_.substr(0, eol), nullptr, 16);
      while (buffer_.size() < eol + 2 + size + 2)
        if (recvSome(left()) <= 0) return r;
      parsed.body += buffer_.substr(eol + 2, size);
      buffer_.erase(0, eol + 2 + size + 2);
      if (size == 0) break;
    }
  } else {
    size_t length = cl.empty() ? 0 : std::stoul(cl);
    while (buffer_.size() < length)
      if (recvSome(left()) <= 0) return r;
    parsed.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
  }
  parseJson(parsed);
  return parsed;
}

bool RawConnection::closedByPeer(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  extra_ += buffer_;
  buffer_.clear();
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    int n = recvSome(left);
    if (n == 0) return true;
    if (n < 0) return false;
    extra_ += buffer_;
    buffer_.clear();
  }
}

// ---- TestServer ---------------------------------------------------------------------------

TestServer::TestServer(ServerOptions options) {
  dir_ = testutil::makeTempDir("trellis-http");
  // A private copy of the shipped properties, with absolute paths and the test's overrides.
  std::string src = std::string(TRELLIS_SOURCE_DIR);
  std::string props = readFile(src + "/config/trellis.properties");
  props += "\n# test overrides\ntrellis.config_dir = " + src + "/config\n";
  props += "trellis.web.root = " + src + "/src/web\n";
  // A connection handed back with a busy statement or open transaction answers 500 (issue 8).
  props += "trellis.db.fail_on_dirty_connection = true\n";
  for (const auto& [k, v] : options.properties) props += k + " = " + v + "\n";
  fs::create_directories(dir_ + "/config");
  std::string config = dir_ + "/config/trellis.properties";
  std::ofstream(config) << props;

  std::string out = dir_ + "/stdout.log", err = dir_ + "/stderr.log";
  config_ = config;
  const std::string password = "Qz7-harness-Kw4!";
  bool signed_up = !options.role.empty() && addUser("tester", options.role, options.region, password);
  if (options.demo_count > 0) {
    int rc = runToCompletion({TRELLIS_BINARY, "demo", "--config", config, "--db", dbPath(), "--count",
                              std::to_string(options.demo_count), "--seed", std::to_string(options.demo_seed)},
                             dir_ + "/demo.log", err);
    if (rc != 0) FAIL("trellis demo exited " << rc << ": " << readFile(err));
  }

  std::vector<std::string> args = {TRELLIS_BINARY, "serve", "--config", config, "--db", dbPath(), "--port", "0"};
  pid_ = testutil::spawnProcess(args, "/dev/null", out, err, true);

  // "trellis 0.1.0 serving http://127.0.0.1:PORT/ ..." once listening.
  static const std::regex kServing(R"(serving http://127\.0\.0\.1:(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + 15s;
  std::smatch m;
  for (;;) {
    std::string text = readFile(out);
    if (std::regex_search(text, m, kServing)) {
      port_ = std::stoi(m[1]);
      break;
    }
    if (!running()) FAIL("trellis serve exited " << exit_status_ << " before listening: " << stderrText());
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      FAIL("trellis serve did not print its URL within 15 s: " << stderrText());
    }
    std::this_thread::sleep_for(10ms);
  }
  while (!healthy()) {
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      FAIL("trellis serve did not answer /api/v1/health within 15 s: " << stderrText());
    }
    std::this_thread::sleep_for(10ms);
  }
  if (signed_up) token_ = signIn("tester", password);
}

bool TestServer::addUser(const std::string& login, const std::string& role, const std::string& region,
                         const std::string& password) {
  std::string in = dir_ + "/password.txt";
  std::ofstream(in, std::ios::trunc) << password << "\n";
  std::vector<std::string> args = {TRELLIS_BINARY, "user", "add", "--config", config_, "--db", dbPath(),
                                   "--login", login, "--name", "测试用户", "--role", role};
  if (!region.empty()) args.insert(args.end(), {"--region", region});
  std::string log = dir_ + "/user.log";
  int rc = runToCompletion(args, log, log, in);
  fs::remove(in);
  if (rc == 2 && readFile(log).find("unknown command 'user'") != std::string::npos) return false;  // no users yet
  if (rc != 0) FAIL("trellis user add " << login << " exited " << rc << ": " << readFile(log));
  return true;
}

std::string TestServer::signIn(const std::string& login, const std::string& password) {
  nlohmann::json body = {{"login", login}, {"password", password}, {"bearer", true}};
  auto r = request("POST", "/api/v1/session", body.dump(), {{"Authorization", ""}});
  if (r.status != 201 || !r.json.contains("token")) FAIL("sign-in as " << login << " failed: " << r.status << " " << r.body);
  return r.json["token"].get<std::string>();
}

void checkAuditNames(const std::string& db_path) {
  if (std::uncaught_exceptions() > 0 || !fs::exists(db_path)) return;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return;
  }
  sqlite3_stmt* st = nullptr;
  const char* sql = "SELECT DISTINCT 'action', action FROM audit_log UNION SELECT DISTINCT 'type', object_type FROM audit_log";
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string what = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      const unsigned char* key_text = sqlite3_column_text(st, 1);
      std::string key = key_text ? reinterpret_cast<const char*>(key_text) : "";
      bool named = what == "action" ? !domain::auditActionName(key).empty()
                                    : key.empty() || !domain::auditObjectTypeName(key).empty();
      INFO("the audit trail recorded " << what << " '" << key << "', which domain/audit_actions.cpp does not name");
      CHECK(named);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TestServer::~TestServer() {
  stop();
  checkAuditNames(dbPath());
  std::error_code ec;
  if (!std::getenv("TRELLIS_KEEP_TEST_DIRS")) fs::remove_all(dir_, ec);
}

std::string TestServer::stderrText() const { return readFile(dir_ + "/stderr.log"); }

bool TestServer::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  if (r == pid_) exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return false;
}

bool TestServer::healthy() {
  if (!running() || port_ == 0) return false;
  try {
    return get("/api/v1/health").status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

int TestServer::stop(std::chrono::milliseconds wait) {
  if (pid_ <= 0) return exit_status_;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
      exit_status_ = -1;
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  return exit_status_;
}

HttpResponse TestServer::request(const std::string& method, const std::string& path, const std::string& body,
                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                 const std::string& content_type) {
  std::vector<std::pair<std::string, std::string>> sent;
  bool own_auth = false;
  for (const auto& [n, v] : headers) {
    if (iequals(n, "Authorization")) {
      own_auth = true;
      if (v.empty()) continue;  // an empty value means "send none"
    }
    sent.emplace_back(n, v);
  }
  if (!own_auth && !token_.empty()) sent.emplace_back("Authorization", "Bearer " + token_);
  auto x = testutil::exchange(port_, method, path, body, sent, content_type, 10);
  HttpResponse r;
  r.status = x.status;
  r.headers = std::move(x.headers);
  r.body = std::move(x.body);
  parseJson(r);
  return r;
}

RawResult TestServer::raw(std::string_view bytes, bool shutdown_write, std::chrono::milliseconds close_wait) {
  RawResult result;
  RawConnection conn(port_);
  conn.send(bytes);
  if (shutdown_write) conn.shutdownWrite();
  result.response = conn.readResponse();
  result.closed = conn.closedByPeer(close_wait);
  result.bytes = conn.bytesRead();
  return result;
}

// ---- helpers ------------------------------------------------------------------------------

std::string rawJsonPost(const std::string& path, const std::string& json_body, const std::string& extra_headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "Content-Type: application/json\r\nContent-Length: " +
         std::to_string(json_body.size()) + "\r\n\r\n" + json_body;
}

std::string validUscc(const std::string& division, std::uint64_t serial) { return app::demoUscc(division, serial); }

std::string enterpriseBody(const std::string& uscc, const std::string& name, const std::string& region,
                           const std::string& industry) {
  nlohmann::json j = {{"uscc", uscc}, {"name", name}, {"region", region}};
  if (!industry.empty()) j["industry"] = industry;
  return j.dump();
}

}  // namespace trellis::test
