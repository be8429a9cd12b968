#include <catch2/catch.hpp>

#include "store_fixture.h"
#include "trellis/core/error.h"

using trellis::Error;
using trellis::store::Connection;
using trellis::store::test::TestDatabase;

// RELIABILITY.md §5: the running service's own connections cannot drop the audit trail's
// append-only triggers or otherwise change the schema; only migrations (before start) can.
TEST_CASE("the service's connections refuse schema changes after migrating", "[unit][store]") {
  TestDatabase t;
  const char* statements[] = {
      "DROP TRIGGER audit_log_no_update",
      "DROP TABLE audit_log",
      "CREATE TABLE sneaky(x INTEGER)",
      "CREATE TRIGGER t AFTER INSERT ON region BEGIN SELECT 1; END",
      "ALTER TABLE audit_log ADD COLUMN y TEXT",
      "PRAGMA writable_schema = ON",
  };
  for (const char* sql : statements) {
    INFO(sql);
    CHECK_THROWS_AS(t.db->write([&](Connection& c) { c.exec(sql); }), Error);
    CHECK_THROWS_AS(t.db->read([&](Connection& c) { c.exec(sql); }), Error);
  }
  // The trigger is still there: an UPDATE of the audit trail is still refused.
  bool trigger_present = false;
  t.db->read([&](Connection& c) {
    auto st = c.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'audit_log_no_update'");
    trigger_present = st.step() && st.int64(0) == 1;
    st.reset();
  });
  CHECK(trigger_present);
  // Ordinary reads and writes still work.
  CHECK_NOTHROW(t.db->write([&](Connection& c) { c.exec("UPDATE region SET name = name WHERE code = '411002'"); }));
}
