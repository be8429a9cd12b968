// Issue 8 §1: a cached statement that returned a row was left un-reset, so its pooled reader
// stayed in a read transaction and served an old snapshot forever. The three mechanisms that
// close the class: the Statement scope resets, a connection handed back is checked (and reset
// and counted), and a cached statement still in use cannot be prepared again.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <stdexcept>

#include "store_fixture.h"
#include "trellis/core/error.h"

using trellis::Error;
using trellis::ErrorKind;
using trellis::store::Connection;
using trellis::store::DirtyConnectionPolicy;
using trellis::store::Statement;
using trellis::store::test::TestDatabase;

namespace {

const char* const kCount = "SELECT count(*) FROM region";
const char* const kFirst = "SELECT code FROM region ORDER BY code";

std::int64_t regionCount(trellis::store::Database& db) {
  std::int64_t n = -1;
  db.readAutocommit([&](Connection& c) {
    auto st = c.prepare(kCount);
    if (st.step()) n = st.int64(0);
  });
  return n;
}

void addRegion(trellis::store::Database& db, const std::string& code) {
  db.write([&](Connection& c) {
    c.prepare("INSERT INTO region(code, name, type, parent_code) VALUES (?1, ?2, 'county', NULL)")
        .bind(1, code).bind(2, "测试区" + code).run();
  });
}

// Steps a statement the wrapper does not own and leaves it on a row: the handed-back connection
// then has a busy statement whatever the Statement scope does.
sqlite3_stmt* leaveStepping(Connection& c) {
  sqlite3_stmt* raw = nullptr;
  REQUIRE(sqlite3_prepare_v2(c.handle(), kFirst, -1, &raw, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(raw) == SQLITE_ROW);
  return raw;
}

}  // namespace

TEST_CASE("a statement that returned a row is reset when the code that stepped it is done", "[unit][store]") {
  TestDatabase t;
  // Leaves after the first row, the way LadderRepository::indicators did: no reset() call.
  std::string first;
  t.db->readAutocommit([&](Connection& c) {
    auto st = c.prepare(kFirst);
    REQUIRE(st.step());
    first = st.text(0);
    CHECK(c.state().busy_statements == 1);  // in use: the scope still holds it
  });
  CHECK_FALSE(first.empty());
  std::int64_t before = regionCount(*t.db);
  addRegion(*t.db, "419901");
  // The same (only) pooled reader serves the next read, and it sees the commit.
  CHECK(regionCount(*t.db) == before + 1);
  CHECK(t.db->dirtyConnections() == 0);
}

TEST_CASE("a statement left by an exception mid-iteration is reset too", "[unit][store]") {
  TestDatabase t;
  CHECK_THROWS_AS(t.db->read([&](Connection& c) {
    auto st = c.prepare(kFirst);
    while (st.step()) throw std::runtime_error("stop");
  }),
                  std::runtime_error);
  std::int64_t before = regionCount(*t.db);
  addRegion(*t.db, "419902");
  CHECK(regionCount(*t.db) == before + 1);
  CHECK(t.db->dirtyConnections() == 0);
}

TEST_CASE("a moved statement scope resets once, when the last holder ends", "[unit][store]") {
  TestDatabase t;
  t.db->readAutocommit([&](Connection& c) {
    auto outer = [&] {
      auto st = c.prepare(kFirst);
      REQUIRE(st.step());
      return st;  // moved out: still in use, still on its row
    }();
    CHECK(c.state().busy_statements == 1);
    CHECK(outer.text(0).size() == 6);
  });
  CHECK(t.db->dirtyConnections() == 0);
}

TEST_CASE("a cached statement still in use cannot be prepared again", "[unit][store]") {
  TestDatabase t;
  t.db->readAutocommit([&](Connection& c) {
    auto outer = c.prepare(kFirst);
    REQUIRE(outer.step());
    std::string first = outer.text(0);
    try {
      auto inner = c.prepare(kFirst);  // would reset the outer iteration under it
      FAIL("re-entering a statement in use was allowed");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::internal);
    }
    // The outer scope is untouched: still on its first row, and it goes on.
    CHECK(outer.text(0) == first);
    CHECK(outer.step());
  });
  // Free again once the outer scope ended.
  t.db->readAutocommit([&](Connection& c) {
    auto st = c.prepare(kFirst);
    CHECK(st.step());
  });
}

TEST_CASE("a reader handed back with a busy statement fails in test builds, and is reset", "[unit][store]") {
  TestDatabase t;  // DirtyConnectionPolicy::fail
  std::int64_t before = regionCount(*t.db);
  sqlite3_stmt* raw = nullptr;
  try {
    t.db->readAutocommit([&](Connection& c) { raw = leaveStepping(c); });
    FAIL("a reader with a busy statement went back to the pool unnoticed");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::internal);
  }
  CHECK(t.db->dirtyConnections() == 1);
  addRegion(*t.db, "419903");
  CHECK(regionCount(*t.db) == before + 1);  // the reset reader is back in the pool, not pinned
  CHECK(t.db->dirtyConnections() == 1);
  t.db->readAutocommit([&](Connection&) { sqlite3_finalize(raw); });
}

TEST_CASE("a reader handed back with a busy statement is reset and counted in release builds", "[unit][store]") {
  TestDatabase t(DirtyConnectionPolicy::repair);
  std::int64_t before = regionCount(*t.db);
  sqlite3_stmt* raw = nullptr;
  CHECK_NOTHROW(t.db->readAutocommit([&](Connection& c) { raw = leaveStepping(c); }));
  CHECK(t.db->dirtyConnections() == 1);
  addRegion(*t.db, "419904");
  CHECK(regionCount(*t.db) == before + 1);
  t.db->readAutocommit([&](Connection& c) {
    CHECK(c.state().clean());
    sqlite3_finalize(raw);
  });
  CHECK(t.db->dirtyConnections() == 1);
}

TEST_CASE("a reader handed back inside a transaction is rolled back and counted", "[unit][store]") {
  TestDatabase t(DirtyConnectionPolicy::repair);
  std::int64_t before = regionCount(*t.db);
  t.db->readAutocommit([&](Connection& c) {
    c.exec("BEGIN");
    auto st = c.prepare(kCount);
    REQUIRE(st.step());  // the snapshot is taken here
  });
  CHECK(t.db->dirtyConnections() == 1);
  addRegion(*t.db, "419905");
  CHECK(regionCount(*t.db) == before + 1);
  TestDatabase strict;
  CHECK_THROWS_AS(strict.db->readAutocommit([&](Connection& c) { c.exec("BEGIN"); }), Error);
  CHECK(strict.db->dirtyConnections() == 1);
}

TEST_CASE("the writer is checked after each write as well", "[unit][store]") {
  TestDatabase t;
  sqlite3_stmt* raw = nullptr;
  CHECK_THROWS_AS(t.db->write([&](Connection& c) { raw = leaveStepping(c); }), Error);
  CHECK(t.db->dirtyConnections() == 1);
  t.db->write([&](Connection& c) {
    CHECK(c.state().busy_statements == 0);
    sqlite3_finalize(raw);
  });
  std::int64_t before = regionCount(*t.db);
  addRegion(*t.db, "419906");
  CHECK(regionCount(*t.db) == before + 1);
}

TEST_CASE("a clean connection is not counted", "[unit][store]") {
  TestDatabase t;
  for (int i = 0; i < 20; ++i) {
    t.db->read([&](Connection& c) {
      auto st = c.prepare(kFirst);
      st.step();
    });
    addRegion(*t.db, "4199" + std::to_string(10 + i));
  }
  CHECK(t.db->dirtyConnections() == 0);
}
