// Schema migrations and the house connection settings, on real SQLite files.
#include "trellis/store/migrations.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "store_fixture.h"
#include "trellis/core/error.h"
#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using test::TempDir;

// PRAGMA user_version read with plain sqlite3, beside Trellis's own code.
std::int64_t fileUserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

void setFileUserVersion(const std::string& path, std::int64_t v) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(v)).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

bool tableExists(Connection& c, const std::string& name) {
  auto st = c.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  st.bind(1, name);
  bool found = st.step() && st.int64(0) == 1;
  st.reset();
  return found;
}

std::string pragma(Connection& c, const std::string& name) {
  auto st = c.prepare("PRAGMA " + name);
  std::string v = st.step() ? st.text(0) : "";
  st.reset();
  return v;
}

}  // namespace

TEST_CASE("the embedded migrations are numbered 1, 2, 3 … in order", "[unit][store]") {
  const auto& all = embeddedMigrations();
  REQUIRE_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].version == static_cast<std::int64_t>(i + 1));
    CHECK_FALSE(all[i].sql.empty());
  }
  CHECK(latestSchemaVersion() == all.back().version);
}

TEST_CASE("a fresh database is created at the latest version and re-opening is a no-op", "[unit][store]") {
  TempDir dir;
  const std::string path = dir.file("fresh.db");
  {
    Database db(DatabaseOptions{path});
    CHECK(db.schemaVersion() == latestSchemaVersion());
    db.read([](Connection& c) {
      for (const char* t : {"region", "enterprise", "enterprise_tag", "enterprise_gram", "enterprise_history"})
        CHECK(tableExists(c, t));
    });
    db.write([](Connection& c) {
      c.exec("INSERT INTO region(code, name, type) VALUES ('411000', '许昌市', 'city')");
    });
  }
  CHECK(fileUserVersion(path) == latestSchemaVersion());

  SECTION("opening again applies nothing and keeps the data") {
    Database db(DatabaseOptions{path});
    CHECK(db.schemaVersion() == latestSchemaVersion());
    std::int64_t regions = 0;
    db.read([&](Connection& c) {
      auto st = c.prepare("SELECT count(*) FROM region");
      regions = st.step() ? st.int64(0) : -1;
      st.reset();
    });
    CHECK(regions == 1);
  }
  SECTION("migrate() on a current file returns 0") {
    auto conn = Connection::open(DatabaseOptions{path}, false);
    CHECK(migrate(*conn) == 0);
    CHECK(conn->userVersion() == latestSchemaVersion());
  }
}

TEST_CASE("a database written by a newer Trellis is refused with schema_too_new", "[unit][store]") {
  TempDir dir;
  const std::string path = dir.file("newer.db");
  { Database db(DatabaseOptions{path}); }
  setFileUserVersion(path, latestSchemaVersion() + 1);
  try {
    Database db(DatabaseOptions{path});
    FAIL("a newer schema was opened");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::failed_precondition);
    CHECK(e.code() == "schema_too_new");
    CHECK(std::string(e.what()).find("upgrade trellis") != std::string::npos);
  }
  CHECK(fileUserVersion(path) == latestSchemaVersion() + 1);  // left untouched
}

TEST_CASE("each migration and its version bump commit together", "[unit][store]") {
  TempDir dir;
  auto conn = Connection::open(DatabaseOptions{dir.file("m.db")}, false);
  std::vector<Migration> steps = {{1, "one", "CREATE TABLE a(x INTEGER) STRICT;"},
                                  {2, "two", "CREATE TABLE b(x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);"},
                                  {3, "three", "CREATE TABLE c(x INTEGER) STRICT;"}};
  CHECK_THROWS_AS(migrate(*conn, steps), Error);
  CHECK(conn->userVersion() == 1);  // 1 applied; 2 rolled back as a whole; 3 never tried
  CHECK(tableExists(*conn, "a"));
  CHECK_FALSE(tableExists(*conn, "b"));
  CHECK_FALSE(tableExists(*conn, "c"));
  CHECK_FALSE(conn->inTransaction());

  steps[1].sql = "CREATE TABLE b(x INTEGER) STRICT;";
  CHECK(migrate(*conn, steps) == 2);
  CHECK(conn->userVersion() == 3);
  CHECK(migrate(*conn, steps) == 0);
}

TEST_CASE("every connection holds WAL, synchronous=FULL, foreign keys and trusted_schema=OFF", "[unit][store]") {
  TempDir dir;
  Database db(DatabaseOptions{dir.file("p.db")});
  auto expect = [](Connection& c) {
    CHECK(pragma(c, "journal_mode") == "wal");
    CHECK(pragma(c, "synchronous") == "2");
    CHECK(pragma(c, "foreign_keys") == "1");
    CHECK(pragma(c, "trusted_schema") == "0");
  };
  SECTION("the writer") { db.write(expect); }
  SECTION("readers, several at once, and they are read-only") {
    db.read([&](Connection& outer) {
      expect(outer);
      CHECK(pragma(outer, "query_only") == "1");
      CHECK_THROWS_AS(outer.exec("INSERT INTO region(code, name, type) VALUES ('x', 'x', 'city')"), Error);
      db.read(expect);  // a second reader connection while the first is borrowed
    });
  }
  SECTION("foreign keys are enforced") {
    CHECK_THROWS_AS(db.write([](Connection& c) {
                      c.exec("INSERT INTO enterprise(uscc, name, region_code, created_at, updated_at, search_text) "
                             "VALUES ('91411002MA4ABCDE3Y', '许昌', '999999', 't', 't', '')");
                    }),
                    Error);
  }
  SECTION("a write that throws rolls back") {
    CHECK_THROWS(db.write([](Connection& c) {
      c.exec("INSERT INTO region(code, name, type) VALUES ('411000', '许昌市', 'city')");
      throw std::runtime_error("stop");
    }));
    db.read([](Connection& c) {
      auto st = c.prepare("SELECT count(*) FROM region");
      REQUIRE(st.step());
      CHECK(st.int64(0) == 0);
      st.reset();
    });
  }
}

}  // namespace trellis::store
