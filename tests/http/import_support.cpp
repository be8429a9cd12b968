#include "import_support.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <stdexcept>

namespace trellis::test {

const nlohmann::json& rowOf(const HttpResponse& r, std::int64_t number) {
  for (const auto& row : r.json["rows"])
    if (row["row"] == number) return row;
  FAIL("no row " << number << " in " << r.body);
  throw std::logic_error("unreachable");
}

std::int64_t sqlCount(TestServer& server, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(server.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

void registerEnterprise(TestServer& server, const std::string& uscc, const std::string& name, const std::string& region,
                        const std::vector<std::string>& aliases) {
  nlohmann::json body = {{"uscc", uscc}, {"name", name}, {"region", region}, {"aliases", aliases}};
  auto r = server.post("/api/v1/enterprises", body.dump());
  INFO(r.body);
  REQUIRE(r.status == 201);
}

}  // namespace trellis::test
