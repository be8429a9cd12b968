#include "auth_harness.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "process_util.h"
#include "test_server.h"
#include "trellis/app/demo_data.h"

#ifndef TRELLIS_BINARY
#error "TRELLIS_BINARY must name the trellis executable"
#endif
#ifndef TRELLIS_SOURCE_DIR
#error "TRELLIS_SOURCE_DIR must point at the source tree"
#endif

extern char** environ;

namespace trellis::authtest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using testutil::iequals;
using testutil::waitExit;

std::string slurp(const std::string& path) { return testutil::readFile(path); }

pid_t spawn(const std::vector<std::string>& args, const std::string& in, const std::string& out,
            const std::string& err) {
  return testutil::spawnProcess(args, in, out, err, true);
}

void parseJsonBody(Reply& r) {
  r.json = nlohmann::json::parse(r.body, nullptr, false);
  if (r.json.is_discarded()) r.json = nullptr;
}

}  // namespace

std::string Reply::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

std::vector<std::string> Reply::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) out.push_back(v);
  return out;
}

bool Reply::has(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return true;
  return false;
}

std::string Reply::errorCode() const {
  if (json.is_object() && json.contains("error") && json["error"].contains("code") && json["error"]["code"].is_string())
    return json["error"]["code"].get<std::string>();
  return {};
}

AuthServer::AuthServer(const std::map<std::string, std::string>& properties, bool start_now) {
  dir_ = testutil::makeTempDir("trellis-authhttp");
  std::string src = TRELLIS_SOURCE_DIR;
  std::string props = slurp(src + "/config/trellis.properties");
  props += "\n# auth test overrides\ntrellis.config_dir = " + src + "/config\ntrellis.web.root = " + src + "/src/web\n";
  props += "trellis.db.fail_on_dirty_connection = true\n";  // a pinned connection answers 500
  for (const auto& [k, v] : properties) props += k + " = " + v + "\n";
  fs::create_directories(dir_ + "/config");
  config_ = dir_ + "/config/trellis.properties";
  std::ofstream(config_) << props;
  if (start_now) start();
}

AuthServer::~AuthServer() {
  stop();
  test::checkAuditNames(dbPath());
  std::error_code ec;
  if (!std::getenv("TRELLIS_KEEP_TEST_DIRS")) fs::remove_all(dir_, ec);
}

void AuthServer::start() {
  std::string out = dir_ + "/serve.out", err = dir_ + "/serve.err";
  pid_ = spawn({TRELLIS_BINARY, "serve", "--config", config_, "--db", dbPath(), "--port", "0"}, "/dev/null", out, err);
  static const std::regex kServing(R"(serving http://127\.0\.0\.1:(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + 20s;
  std::smatch m;
  for (;;) {
    std::string text = slurp(out);
    if (std::regex_search(text, m, kServing)) {
      port_ = std::stoi(m[1]);
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      FAIL("trellis serve exited before listening: " << slurp(err));
    }
    if (std::chrono::steady_clock::now() > deadline) FAIL("trellis serve did not start: " << slurp(err));
    std::this_thread::sleep_for(10ms);
  }
}

int AuthServer::stop() {
  if (pid_ <= 0) return 0;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + 15s;
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int AuthServer::cli(const std::vector<std::string>& args, const std::string& stdin_text, std::string* output) {
  std::vector<std::string> argv = {TRELLIS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--config", config_, "--db", dbPath()});
  std::string in = dir_ + "/cli.in", out = dir_ + "/cli.out";
  std::ofstream(in, std::ios::trunc) << stdin_text;
  int rc = waitExit(spawn(argv, in, out, out));
  fs::remove(in);
  if (output) *output = slurp(out);
  return rc;
}

std::map<std::string, std::string> AuthServer::demoUsers() {
  std::string out;
  int rc = cli({"user", "demo-users"}, "", &out);
  if (rc != 0) FAIL("trellis user demo-users exited " << rc << ": " << out);
  std::map<std::string, std::string> users;
  std::istringstream lines(out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream cols(line);
    std::string login, password;
    std::getline(cols, login, '\t');
    std::getline(cols, password, '\t');
    if (!login.empty()) users[login] = password;
  }
  return users;
}

void AuthServer::addUser(const std::string& login, const std::string& role, const std::string& region,
                         const std::string& password) {
  std::vector<std::string> args = {"user", "add", "--login", login, "--name", "测试用户", "--role", role};
  if (!region.empty()) args.insert(args.end(), {"--region", region});
  std::string out;
  int rc = cli(args, password + "\n", &out);
  if (rc != 0) FAIL("trellis user add " << login << " exited " << rc << ": " << out);
}

Reply AuthServer::request(const std::string& method, const std::string& path, const std::string& body,
                          const Headers& headers, const std::string& content_type) {
  auto x = testutil::exchange(port_, method, path, body, headers, content_type, 15);
  Reply r;
  r.status = x.status;
  r.headers = std::move(x.headers);
  r.body = std::move(x.body);
  parseJsonBody(r);
  return r;
}

Reply AuthServer::raw(const std::string& bytes) {
  // The one raw-HTTP client of the test harnesses (test_server.h).
  test::RawConnection conn(port_, 10s);
  conn.send(bytes);
  auto x = conn.readResponse();
  Reply r;
  r.status = x.status;
  r.headers = std::move(x.headers);
  r.body = std::move(x.body);
  parseJsonBody(r);
  return r;
}

std::string AuthServer::signInBearer(const std::string& login, const std::string& password) {
  nlohmann::json body = {{"login", login}, {"password", password}, {"bearer", true}};
  auto r = request("POST", "/api/v1/session", body.dump());
  if (r.status != 201 || !r.json.contains("token")) FAIL("sign-in as " << login << ": " << r.status << " " << r.body);
  return r.json["token"].get<std::string>();
}

std::string usccFor(const std::string& division, std::uint64_t serial) { return app::demoUscc(division, serial); }

std::string enterpriseJson(const std::string& division, std::uint64_t serial, const std::string& region,
                           const std::string& phone) {
  nlohmann::json j = {{"uscc", usccFor(division, serial)},
                      {"name", "许昌授权测试电气有限公司"},
                      {"region", region},
                      {"industry", "power_equipment"},
                      {"contact_phone", phone}};
  return j.dump();
}

std::vector<nlohmann::json> auditRowsAfter(const std::string& db_path, std::int64_t seq) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT seq, actor_login, actor_role, action, object_type, object_id, outcome, reason, "
                             "changes, request_id, client_address, actor_region, object_region FROM audit_log "
                             "WHERE seq > ?1 ORDER BY seq",
                             -1, &st, nullptr) == SQLITE_OK);
  sqlite3_bind_int64(st, 1, seq);
  std::vector<nlohmann::json> rows;
  auto text = [&](int i) {
    auto* t = sqlite3_column_text(st, i);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  while (sqlite3_step(st) == SQLITE_ROW) {
    rows.push_back({{"seq", sqlite3_column_int64(st, 0)},
                    {"actor", text(1)},
                    {"role", text(2)},
                    {"action", text(3)},
                    {"object_type", text(4)},
                    {"object_id", text(5)},
                    {"outcome", text(6)},
                    {"reason", text(7)},
                    {"changes", nlohmann::json::parse(text(8), nullptr, false)},
                    {"request_id", text(9)},
                    {"client_address", text(10)},
                    {"actor_region", text(11)},
                    {"object_region", text(12)}});
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

std::int64_t auditHead(const std::string& db_path) {
  auto rows = auditRowsAfter(db_path, 0);
  return rows.empty() ? 0 : rows.back()["seq"].get<std::int64_t>();
}

}  // namespace trellis::authtest
