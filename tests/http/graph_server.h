// The graph tests' server (graph_api_test.cpp, graph_jobs_test.cpp): a TestServer with a bureau
// caller, two county officers (411002, 411082) and a viewer (411002), and helpers that create
// enterprises, graph nodes and links over HTTP and read the SQLite file behind it.
#pragma once
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "test_server.h"

namespace trellis::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline const std::string kGraphPassword = "Graph#Test-2026x";

struct GraphServer {
  TestServer server;
  std::map<std::string, std::string> tokens;

  GraphServer() {
    for (const auto& [login, role, region] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"cty.a", "county", "411002"}, {"cty.b", "county", "411082"}, {"view.a", "viewer", "411002"}}) {
      REQUIRE(server.addUser(login, role, region, kGraphPassword));
      tokens[login] = server.signIn(login, kGraphPassword);
    }
    tokens["bureau"] = server.token();
  }

  std::string enterprise(const std::string& region, std::uint64_t serial, const std::string& name) {
    std::string uscc = validUscc(region, serial);
    auto r = server.post("/api/v1/enterprises", enterpriseBody(uscc, name, region));
    REQUIRE(r.status == 201);
    return uscc;
  }

  HttpResponse as(const std::string& login, const std::string& method, const std::string& path,
                  const std::string& body = "", Headers headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + tokens.at(login));
    return server.request(method, path, body, headers);
  }

  // POST /graph/nodes as login; returns the node id.
  std::int64_t node(const std::string& login, nlohmann::json body) {
    auto r = as(login, "POST", "/api/v1/graph/nodes", body.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json["id"].get<std::int64_t>();
  }
  std::int64_t platform(const std::string& name, const std::string& region) {
    return node("bureau", {{"kind", "platform"}, {"name", name}, {"region", region}, {"sub_kind", "工程技术研究中心"},
                           {"level", "市级"}, {"status", "已认定"}, {"approved_on", "2022-03-01"}});
  }
  // A node id of an enterprise (GET nodes/enterprise:<uscc>).
  std::int64_t enterpriseNode(const std::string& uscc) {
    auto r = as("bureau", "GET", "/api/v1/graph/nodes/enterprise:" + uscc);
    REQUIRE(r.status == 200);
    CHECK(r.json["kind"] == "enterprise");
    CHECK(r.json["uscc"] == uscc);
    return r.json["id"].get<std::int64_t>();
  }
  std::int64_t link(const std::string& kind, const nlohmann::json& from, const nlohmann::json& to,
                    const std::string& valid_from = "2023-01-01") {
    auto r = as("bureau", "POST", "/api/v1/graph/links",
                nlohmann::json{{"kind", kind}, {"from", from}, {"to", to}, {"valid_from", valid_from}}.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json["id"].get<std::int64_t>();
  }

  std::int64_t count(const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(server.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  void exec(const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(server.dbPath().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
  }
};

inline void checkError(const HttpResponse& r, int status, const std::string& code, const std::string& field = "") {
  INFO(r.body);
  CHECK(r.status == status);
  REQUIRE(r.json.contains("error"));
  if (!code.empty()) CHECK(r.json["error"]["code"] == code);
  if (!field.empty()) CHECK(r.json["error"]["field"] == field);
}

inline std::set<std::int64_t> idsOf(const nlohmann::json& items, const char* key = "id") {
  std::set<std::int64_t> out;
  for (const auto& i : items) out.insert(i[key].get<std::int64_t>());
  return out;
}

}  // namespace trellis::test
