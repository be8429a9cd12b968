// Assignments: one active officer per enterprise, reassignment with history, bulk, the officer
// checks, and region scope (liaison_service.h).
#include <catch2/catch.hpp>

#include "liaison_fixture.h"
#include "trellis/core/error.h"

namespace trellis::liaisontest {
TEST_CASE("liaison assignment: assign, reassign with history, idempotent repeat", "[unit][service][liaison]") {
  LiaisonWorld w;
  auto county = w.user("cty", "county", "411002");
  w.user("li.a", "liaison", "411002");
  w.user("li.b", "liaison", "411002");
  auto e = w.enterprise("411002");

  auto v = w.liaison.assign(county, e, {"li.a", ""});
  CHECK(v.changed);
  REQUIRE(v.current);
  CHECK(v.current->officer_login == "li.a");
  CHECK(v.current->assigned_by == "cty");
  CHECK(v.history.size() == 1);
  CHECK(auditRows(w.db, "liaison.assign") == 1);

  SECTION("the same officer again changes nothing and writes no audit row") {
    auto again = w.liaison.assign(county, e, {"li.a", ""});
    CHECK_FALSE(again.changed);
    CHECK(again.history.size() == 1);
    CHECK(auditRows(w.db, "liaison.assign") == 1);
  }
  SECTION("reassigning ends the old row with the reason, newest first") {
    w.clock.advance(std::chrono::hours(24));
    auto r = w.liaison.assign(county, e, {"li.b", "工作调整"});
    CHECK(r.changed);
    REQUIRE(r.current);
    CHECK(r.current->officer_login == "li.b");
    REQUIRE(r.history.size() == 2);
    CHECK(r.history[0].officer_login == "li.b");
    CHECK_FALSE(r.history[0].ended_at);
    CHECK(r.history[1].officer_login == "li.a");
    CHECK(r.history[1].ended_at == r.history[0].assigned_at);
    CHECK(r.history[1].end_reason == "工作调整");
    CHECK(auditRows(w.db, "liaison.reassign") == 1);
  }
  SECTION("unassign ends it; a second unassign is a failed precondition") {
    auto u = w.liaison.unassign(county, e, "");
    CHECK_FALSE(u.current);
    CHECK(u.history.at(0).end_reason == "ended");
    CHECK(errorOf([&] { w.liaison.unassign(county, e, ""); }).code() == "not_assigned");
  }
}

TEST_CASE("liaison assignment: the officer must be an active liaison user of the enterprise's region",
          "[unit][service][liaison]") {
  LiaisonWorld w;
  auto bureau = w.user("bur", "bureau", "");
  w.user("li.off", "liaison", "411002", false);
  w.user("li.far", "liaison", "411082");
  w.user("cty2", "county", "411002");
  auto e = w.enterprise("411002");
  struct Case {
    const char* officer;
    const char* code;
  };
  const Case cases[] = {{"nobody", "unknown_officer"},
                        {"li.off", "officer_inactive"},
                        {"cty2", "not_a_liaison"},
                        {"li.far", "officer_region_mismatch"}};
  for (const auto& c : cases) {
    INFO(c.officer);
    auto err = errorOf([&] { w.liaison.assign(bureau, e, {c.officer, ""}); });
    CHECK(err.kind() == ErrorKind::invalid);
    CHECK(err.field() == "officer");
    CHECK(err.code() == c.code);
  }
}

TEST_CASE("liaison assignment: a county assigns within its region only; a liaison reads only its own",
          "[unit][service][liaison]") {
  LiaisonWorld w;
  auto far_county = w.user("cty.far", "county", "411082");
  auto officer = w.user("li.a", "liaison", "411002");
  w.user("li.b", "liaison", "411002");
  auto other = w.user("li.c", "liaison", "411002");
  auto e = w.enterprise("411002");

  auto err = errorOf([&] { w.liaison.assign(far_county, e, {"li.a", ""}); });
  CHECK(err.kind() == ErrorKind::not_found);
  std::int64_t denied = 0;
  w.db.read([&](store::Connection& c) {
    auto st = c.prepare("SELECT count(*) FROM audit_log WHERE action = 'liaison.assign' AND outcome = 'denied'");
    st.step();
    denied = st.int64(0);
    st.reset();
  });
  CHECK(denied == 1);

  w.liaison.assign(systemCaller(), e, {"li.a", ""});
  CHECK(w.liaison.assignment(officer, e).current->officer_login == "li.a");
  CHECK(errorOf([&] { w.liaison.assignment(other, e); }).kind() == ErrorKind::not_found);
}

TEST_CASE("liaison bulk assignment: all or nothing, errors name the item", "[unit][service][liaison]") {
  LiaisonWorld w;
  auto county = w.user("cty", "county", "411002");
  w.user("li.a", "liaison", "411002");
  w.user("li.b", "liaison", "411002");
  auto e1 = w.enterprise("411002"), e2 = w.enterprise("411002"), far = w.enterprise("411082");

  io::BulkAssignmentRequest ok{{{e1, "li.a"}, {e2, "li.b"}}, "首批包联"};
  CHECK(w.liaison.assignMany(county, ok) == 2);
  CHECK(auditRows(w.db, "liaison.bulk_assign") == 1);
  CHECK(w.liaison.assignMany(county, ok) == 0);  // nothing changes

  SECTION("an out-of-scope enterprise fails the batch as unknown, and nothing is written") {
    io::BulkAssignmentRequest bad{{{e1, "li.b"}, {far, "li.a"}}, ""};
    auto err = errorOf([&] { w.liaison.assignMany(county, bad); });
    CHECK(err.field() == "assignments[1].uscc");
    CHECK(err.code() == "unknown_enterprise");
    CHECK(w.liaison.assignment(county, e1).current->officer_login == "li.a");
  }
  SECTION("a bad officer names its item") {
    io::BulkAssignmentRequest bad{{{e1, "li.b"}, {e2, "nobody"}}, ""};
    CHECK(errorOf([&] { w.liaison.assignMany(county, bad); }).field() == "assignments[1].officer");
    CHECK(w.liaison.assignment(county, e1).current->officer_login == "li.a");
  }
  SECTION("an enterprise twice") {
    io::BulkAssignmentRequest dup{{{e1, "li.b"}, {e1, "li.a"}}, ""};
    CHECK(errorOf([&] { w.liaison.assignMany(county, dup); }).code() == "duplicate_enterprise");
  }
}

}  // namespace trellis::liaisontest
