#include "demo_city.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

namespace trellis::consistencytest {

namespace {

authtest::Properties withDefaults(authtest::Properties p) {
  // Many sign-ins from one address, and a small reader pool that every burst can cover.
  p.emplace("trellis.login.attempts_per_minute", "10000");
  p.emplace("trellis.http.max_threads", "8");
  return p;
}

}  // namespace

DemoCity::DemoCity(std::size_t enterprises, const authtest::Properties& properties)
    : server_(withDefaults(properties), false) {
  std::string out;
  int rc = enterprises == 0 ? 0 : server_.cli({"demo", "--count", std::to_string(enterprises)}, "", &out);
  if (rc != 0) FAIL("trellis demo exited " << rc << ": " << out);
  passwords_ = server_.demoUsers();
  server_.start();
  for (const auto& [login, password] : passwords_) tokens_[login] = server_.signInBearer(login, password);
}

Reply DemoCity::as(const std::string& login, const std::string& method, const std::string& path,
                   const std::string& body, Headers headers) {
  if (!login.empty()) headers.push_back(authtest::bearer(tokens_.at(login)));
  return server_.request(method, path, body, headers);
}

std::string DemoCity::signInAgain(const std::string& login) {
  tokens_[login] = server_.signInBearer(login, passwords_.at(login));
  return tokens_[login];
}

std::vector<std::vector<std::string>> DemoCity::query(const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(server_.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_close(db);
    FAIL("bad test query " << sql << ": " << msg);
  }
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      auto* t = sqlite3_column_text(st, i);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

std::int64_t DemoCity::dirtyConnections() {
  auto r = server_.request("GET", "/api/v1/health");
  REQUIRE(r.status == 200);
  REQUIRE(r.json.contains("dirty_connections"));
  return r.json["dirty_connections"].get<std::int64_t>();
}

std::int64_t DemoCity::walBytes() const {
  std::error_code ec;
  auto n = std::filesystem::file_size(server_.dbPath() + "-wal", ec);
  return ec ? 0 : static_cast<std::int64_t>(n);
}

}  // namespace trellis::consistencytest
