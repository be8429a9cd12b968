// sql/015's change counters are the key of the reports' kept facts (report/report_cache.h): a
// table without its three triggers would let a report answer from before a write. A later
// migration that rebuilds one of these tables (as 010 and 012 rebuild the import tables) drops its
// triggers with it; this test fails then.
#include <catch2/catch.hpp>

#include "store_fixture.h"
#include "trellis/store/database.h"
#include "trellis/store/report_repository.h"

namespace trellis::store::test {

TEST_CASE("every table the reports read moves its change counter on insert, update and delete",
          "[unit][store][report_cache]") {
  TempDir dir;
  Database db(DatabaseOptions{dir.file("versions.db")});
  std::map<std::string, std::int64_t> versions;
  db.read([&](Connection& c) { versions = ReportRepository::versions(c); });
  for (const char* table : {"enterprise", "designation", "pool_membership", "milestone", "graph_node", "target_split",
                            "liaison_assignment", "liaison_contact", "liaison_problem", "liaison_problem_event",
                            "app_user"})
    CHECK(versions.count(table) == 1);
  db.read([&](Connection& c) {
    for (const auto& [table, n] : versions) {
      if (table == "app_user") continue;  // sql/006's auth_epoch, tested with the session cache
      INFO(table);
      CHECK(n == 0);
      for (const char* event : {"INSERT", "UPDATE", "DELETE"}) {
        INFO(event);
        auto st = c.prepare(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1 "
            "AND sql LIKE '%AFTER ' || ?2 || ' ON ' || ?1 || '%' AND sql LIKE '%report_version%'");
        st.bind(1, table).bind(2, event);
        REQUIRE(st.step());
        CHECK(st.int64(0) == 1);
        st.reset();
      }
    }
  });
  // And the counter moves, in the writing transaction: a target split (a table without foreign keys).
  db.write([&](Connection& c) {
    c.exec("INSERT INTO region(code, name, type) VALUES ('411002', '魏都区', 'district'), ('411082', '长葛市', 'county_city')");
    ReportRepository::replaceSplit(c, "hnte", "2020-2022", {{"411002", 5}, {"411082", 6}}, "test", "2026-01-01T00:00:00Z");
  });
  db.read([&](Connection& c) { CHECK(ReportRepository::versions(c).at("target_split") == 2); });
  db.write([&](Connection& c) { ReportRepository::replaceSplit(c, "hnte", "2020-2022", {}, "test", "2026-01-01T00:00:00Z"); });
  db.read([&](Connection& c) { CHECK(ReportRepository::versions(c).at("target_split") == 4); });  // two deletes
}

}  // namespace trellis::store::test
