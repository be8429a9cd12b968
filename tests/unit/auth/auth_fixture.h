// Shared by the auth unit tests: the real composition root (app::Runtime) over a real SQLite
// file in a temp dir, with the shipped config/ and a ManualClock, so sessions, lockout and the
// audit trail run exactly as in `trellis serve`, only with time under the test's control.
// restart() builds a new Runtime (new SessionManager, empty cache) on the same database file.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "trellis/app/runtime.h"
#include "trellis/app/settings.h"
#include "trellis/core/clock.h"
#include "trellis/core/error.h"
#include "trellis/service/caller.h"
#include "trellis/store/audit_repository.h"
#include "trellis/store/database.h"

#ifndef TRELLIS_SOURCE_DIR
#error "TRELLIS_SOURCE_DIR must point at the source tree"
#endif

namespace trellis::auth::test {

inline std::string sourceDir() { return TRELLIS_SOURCE_DIR; }

class AuthTempDir {
 public:
  AuthTempDir() {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/trellis-auth-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~AuthTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  AuthTempDir(const AuthTempDir&) = delete;
  AuthTempDir& operator=(const AuthTempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// 2025-03-01T00:00:00Z: an arbitrary fixed start.
inline TimePoint fixedStart() { return TimePoint(std::chrono::seconds(1740787200)); }

inline service::Caller systemCaller() {
  service::Caller c;
  c.request_id = "unit";
  return c;
}

// A password that passes the shipped policy for any login used in these tests.
inline const std::string kGoodPassword = "Vq8#tundra-Lamp";

struct AuthWorld {
  AuthTempDir dir;
  ManualClock clock{fixedStart()};
  app::Settings settings;
  std::unique_ptr<app::Runtime> runtime;

  explicit AuthWorld(const std::function<void(app::Settings&)>& tweak = {}) {
    settings = app::loadSettings(sourceDir() + "/config/trellis.properties");
    settings.db_path = dir.file("t.db");
    if (tweak) tweak(settings);
    runtime = std::make_unique<app::Runtime>(settings, clock);
  }
  // A new process on the same database: nothing survives but what is in the file.
  void restart() {
    runtime.reset();
    runtime = std::make_unique<app::Runtime>(settings, clock);
  }
  auth::SessionManager& sessions() { return runtime->sessions(); }
  service::UserService& users() { return runtime->users(); }
  store::Database& db() { return runtime->db(); }

  domain::User addUser(const std::string& login, const std::string& role, const std::string& region = "",
                       const std::string& password = kGoodPassword) {
    return users().create(systemCaller(), {login, "测试用户", role, region, password});
  }
  auth::SessionManager::SignIn login(const std::string& login, const std::string& password = kGoodPassword,
                                     const std::string& address = "192.0.2.10") {
    return sessions().login(login, password, {address, "req-" + login});
  }
  // The error code a sign-in attempt ends with ("" when it succeeds).
  std::string loginError(const std::string& login, const std::string& password,
                         const std::string& address = "192.0.2.10") {
    try {
      this->login(login, password, address);
      return "";
    } catch (const Error& e) {
      return e.code();
    }
  }
  std::int64_t auditCount() {
    std::int64_t n = 0;
    db().read([&](store::Connection& c) { n = store::AuditRepository::count(c); });
    return n;
  }
  std::vector<domain::AuditEntry> auditAfter(std::int64_t seq) {
    store::AuditFilter f;
    f.after_seq = seq;
    f.limit = 500;
    std::vector<domain::AuditEntry> rows;
    db().read([&](store::Connection& c) { rows = store::AuditRepository::query(c, f); });
    return rows;
  }
};

}  // namespace trellis::auth::test
