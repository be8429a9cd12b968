// A minimal harness for the auth HTTP suites: the real `trellis serve` as a child process on a
// free loopback port (port 0), with its own temp dir, config copy and SQLite file; the real
// `trellis user …` / `trellis routes` commands; a Poco client for requests and a raw socket for
// exact request targets (path traversal). Kept apart from tests/http/test_server.h so the auth
// suites depend only on what they own.
//
//   trellis::authtest::AuthServer server({{"trellis.login.attempts_per_minute", "1000"}});
//   auto users = server.demoUsers();                 // login → password, one user per role
//   auto token = server.signInBearer("bureau", users["bureau"]);
//   auto r = server.request("GET", "/api/v1/me", "", {bearer(token)});
#pragma once
#include <sys/types.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::authtest {

using Headers = std::vector<std::pair<std::string, std::string>>;
using Properties = std::map<std::string, std::string>;

struct Reply {
  int status = 0;
  Headers headers;  // in the order received
  std::string body;
  nlohmann::json json;  // null when the body is not JSON

  std::string header(std::string_view name) const;               // first, "" when absent
  std::vector<std::string> all(std::string_view name) const;     // every value (Set-Cookie)
  bool has(std::string_view name) const;
  std::string errorCode() const;  // error.code of a JSON error body, "" otherwise
};

inline std::pair<std::string, std::string> bearer(const std::string& token) {
  return {"Authorization", "Bearer " + token};
}

class AuthServer {
 public:
  // properties are appended to a copy of config/trellis.properties.
  explicit AuthServer(const std::map<std::string, std::string>& properties = {}, bool start_now = true);
  ~AuthServer();
  AuthServer(const AuthServer&) = delete;
  AuthServer& operator=(const AuthServer&) = delete;

  void start();      // trellis serve; FAILs the test when it does not come up
  int stop();        // SIGTERM and wait; the exit status
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string dbPath() const { return dir_ + "/t.db"; }
  std::string configPath() const { return config_; }

  // Runs `trellis <args…> --config C --db D` with stdin_text on stdin; returns the exit status.
  int cli(const std::vector<std::string>& args, const std::string& stdin_text = "", std::string* output = nullptr);
  // `trellis user demo-users`: login → password for admin, bureau, weidu (county 411002),
  // changge (county 411082), liaison (411002), auditor, viewer (411002).
  std::map<std::string, std::string> demoUsers();
  void addUser(const std::string& login, const std::string& role, const std::string& region,
               const std::string& password);

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const Headers& headers = {}, const std::string& content_type = "application/json");
  // Sends exactly these bytes on a new connection and reads one response.
  Reply raw(const std::string& bytes);

  // POST /api/v1/session with "bearer": true; the token (FAILs unless 201).
  std::string signInBearer(const std::string& login, const std::string& password);

 private:
  std::string dir_;
  std::string config_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// An enterprise JSON body with a valid USCC made from a 6-digit division and a serial.
std::string enterpriseJson(const std::string& division, std::uint64_t serial, const std::string& region,
                           const std::string& phone = "13812345678");
std::string usccFor(const std::string& division, std::uint64_t serial);

// Rows of the audit_log table after seq, read straight from the database file (read-only).
std::vector<nlohmann::json> auditRowsAfter(const std::string& db_path, std::int64_t seq);
std::int64_t auditHead(const std::string& db_path);

}  // namespace trellis::authtest
