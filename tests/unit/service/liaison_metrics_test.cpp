// The liaison metrics against a hand-counted fixture (liaison_metrics.h M1–M7). Every number
// below is counted by hand in the comments, from the timeline the test builds day by day.
//
// Region 411002, period 2026-01-01 .. 2026-03-31. Officers li.1, li.2 (411002), li.o (411082).
//   A key member since 2025-06-01, li.1. Contacts 2025-12-20, 01-15, 02-10, 03-05 (gaps 26, 26,
//     23, then 26 to `to`): within 30 days. 3 contacts in the period.
//   B long-term member since 2025-06-01, li.1. Contacts 2025-11-01, 02-20 (gap 111 > 90): not
//     within. 1 contact in the period.
//   C key member since 2026-02-15, li.2. Contact 03-01 (14 days after entry, then 30 to `to`):
//     within. 1 contact.
//   D long-term member since 2025-01-01, no officer, never contacted: not within.
//   E key member 2025-01-01 .. exited 2026-02-01 (not a member on `to`), li.2. Contact 01-10.
//   F no pool, li.2. Contact 03-15.
//   H (411082) key member, li.o, contact 02-01: outside the region.
// M1 members 4 (A B C D); M2 assigned 3 → coverage 0.75; M3 contacts 3+1+1+0 = 5, per member
// 1.25, contacts_all 5 + E 1 + F 1 = 7; M4 within 2 (A C) → 0.5.
// Problems raised in the period (region 411002):
//   P1 A 01-15 → in_progress 01-20 → resolved 02-04 (20 days) → closed 02-10, satisfaction 5
//   P2 A 02-10 → resolved 02-20 (10 days) → closed 02-25, satisfaction 3
//   P3 B 02-20 → resolved 03-02 (10 days)
//   P4 C 03-01 → escalated 03-10
//   P5 F 03-15, open
//   P6 E 01-10 → resolved 01-12 → reopened 01-20 → resolved 04-05 → closed 04-06, satisfaction 4
//   (P7 A 2025-12-20, before the period; P8 H, another region: not counted)
// M5 raised 6; resolved on 03-31: P1 P2 P3 = 3 → 0.5 (P6 is in progress on 03-31).
// M6 days 20, 10, 10 → median 10. M7 closed on 03-31: P1 P2; satisfied (≥ 4): P1 → 0.5.
// Up to 04-30 instead: resolved P1 P2 P3 P6 = 4 of 6; days 10 10 20 85 → median 15; closed P1
// P2 P6, satisfied P1 P6 → 2/3.
// Per officer on 03-31: li.1 has A B (members 2, contacts 4, within 1, problems P1 P2 P3: 3
// raised, 3 resolved, median 10, closed 2, satisfied 1); li.2 has C E F (members 1, contacts 1,
// contacts_all 3, within 1, problems P4 P5 P6: 3 raised, 0 resolved, no median, none closed).
#include <catch2/catch.hpp>

#include "liaison_fixture.h"

namespace trellis::liaisontest {
namespace {

Date d(const char* text) { return *Date::parse(text); }

struct MetricsFixture {
  LiaisonWorld w;
  service::Caller bureau = w.user("bur", "bureau", "");
  service::Caller county = w.user("cty", "county", "411002");
  std::string A = w.enterprise("411002"), B = w.enterprise("411002"), C = w.enterprise("411002"),
              D = w.enterprise("411002"), E = w.enterprise("411002"), F = w.enterprise("411002"),
              H = w.enterprise("411082");
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> problems;  // name → id, version

  void on(const char* date) { w.setToday(d(date)); }
  void raise(const std::string& name, const std::string& uscc, const char* date) {
    on(date);
    auto v = w.contact(systemCaller(), uscc, date, {"funding"});
    problems[name] = {v.problems.at(0).problem.id, v.problems.at(0).problem.version};
  }
  void visit(const std::string& uscc, const char* date) {
    on(date);
    w.contact(systemCaller(), uscc, date);
  }
  void move(const std::string& name, const char* date, const char* status, std::optional<int> satisfaction = {}) {
    on(date);
    io::ProblemPatch p;
    p.status = status;
    if (std::string(status) == "resolved") p.resolution = "已解决";
    if (satisfaction) p.satisfaction = *satisfaction;
    auto& [id, version] = problems.at(name);
    version = w.problems.change(systemCaller(), id, p, version).row.problem.version;
  }

  MetricsFixture() {
    w.user("li.1", "liaison", "411002");
    w.user("li.2", "liaison", "411002");
    w.user("li.o", "liaison", "411082");
    w.member(A, "key", "2025-06-01");
    w.member(B, "long_term", "2025-06-01");
    w.member(C, "key", "2026-02-15");
    w.member(D, "long_term", "2025-01-01");
    w.member(E, "key", "2025-01-01", "hnte_reserve", "2026-02-01");
    w.member(H, "key", "2025-01-01");
    visit(B, "2025-11-01");
    on("2025-12-01");
    for (const auto& e : {A, B}) w.liaison.assign(systemCaller(), e, {"li.1", ""});
    for (const auto& e : {C, E, F}) w.liaison.assign(systemCaller(), e, {"li.2", ""});
    w.liaison.assign(systemCaller(), H, {"li.o", ""});
    raise("P7", A, "2025-12-20");
    move("P7", "2026-01-05", "resolved");
    raise("P6", E, "2026-01-10");
    move("P6", "2026-01-12", "resolved");
    raise("P1", A, "2026-01-15");
    move("P1", "2026-01-20", "in_progress");
    move("P6", "2026-01-20", "in_progress");
    raise("P8", H, "2026-02-01");
    move("P8", "2026-02-01", "resolved");
    move("P1", "2026-02-04", "resolved");
    raise("P2", A, "2026-02-10");
    move("P1", "2026-02-10", "closed", 5);
    raise("P3", B, "2026-02-20");
    move("P2", "2026-02-20", "resolved");
    move("P2", "2026-02-25", "closed", 3);
    raise("P4", C, "2026-03-01");
    move("P3", "2026-03-02", "resolved");
    visit(A, "2026-03-05");
    move("P4", "2026-03-10", "escalated");
    raise("P5", F, "2026-03-15");
    move("P6", "2026-04-05", "resolved");
    move("P6", "2026-04-06", "closed", 4);
    on("2026-05-01");
  }
};

}  // namespace

TEST_CASE("liaison metrics: region totals against the hand count", "[unit][service][liaison]") {
  MetricsFixture f;
  service::MetricsQuery q{"411002", std::string("2026-01-01"), std::string("2026-03-31")};
  auto r = f.w.follow_up.metrics(f.bureau, q);
  const auto& m = r.totals;
  CHECK(m.members == 4);
  CHECK(m.members_assigned == 3);
  CHECK(m.coverage == Approx(0.75));
  CHECK(m.contacts == 5);
  CHECK(m.contacts_all == 7);
  CHECK(m.contacts_per_member == Approx(1.25));
  CHECK(m.members_within_cadence == 2);
  CHECK(m.within_cadence_rate == Approx(0.5));
  CHECK(m.problems_raised == 6);
  CHECK(m.problems_resolved == 3);
  CHECK(m.resolution_rate == Approx(0.5));
  CHECK(m.median_days_to_resolve == Approx(10));
  CHECK(m.problems_closed == 2);
  CHECK(m.problems_satisfied == 1);
  CHECK(m.satisfaction_rate == Approx(0.5));

  SECTION("a later `to` sees P6 resolved and closed") {
    service::MetricsQuery later{"411002", std::string("2026-01-01"), std::string("2026-04-30")};
    auto l = f.w.follow_up.metrics(f.bureau, later).totals;
    CHECK(l.problems_raised == 6);
    CHECK(l.problems_resolved == 4);
    CHECK(l.resolution_rate == Approx(4.0 / 6.0));
    CHECK(l.median_days_to_resolve == Approx(15));
    CHECK(l.problems_closed == 3);
    CHECK(l.problems_satisfied == 2);
    CHECK(l.satisfaction_rate == Approx(2.0 / 3.0));
  }
  SECTION("the whole city adds H and P8") {
    service::MetricsQuery city{"", std::string("2026-01-01"), std::string("2026-03-31")};
    auto c = f.w.follow_up.metrics(f.bureau, city).totals;
    CHECK(c.members == 5);
    CHECK(c.problems_raised == 7);
    CHECK(c.problems_resolved == 4);
  }
  SECTION("an empty period has no rates, not zero ones") {
    service::MetricsQuery empty{"411002", std::string("2024-01-01"), std::string("2024-01-31")};
    auto e = f.w.follow_up.metrics(f.bureau, empty).totals;
    CHECK(e.members == 0);
    CHECK_FALSE(e.coverage);
    CHECK_FALSE(e.resolution_rate);
    CHECK_FALSE(e.satisfaction_rate);
    CHECK_FALSE(e.median_days_to_resolve);
  }
}

TEST_CASE("liaison metrics: per officer against the hand count", "[unit][service][liaison]") {
  MetricsFixture f;
  service::MetricsQuery q{"411002", std::string("2026-01-01"), std::string("2026-03-31")};
  auto r = f.w.follow_up.metrics(f.bureau, q);
  REQUIRE(r.officers.size() == 2);
  const auto& one = r.officers[0];
  const auto& two = r.officers[1];
  CHECK(one.login == "li.1");
  CHECK(one.metrics.members == 2);
  CHECK(one.metrics.contacts == 4);
  CHECK(one.metrics.contacts_all == 4);
  CHECK(one.metrics.members_within_cadence == 1);
  CHECK(one.metrics.problems_raised == 3);
  CHECK(one.metrics.problems_resolved == 3);
  CHECK(one.metrics.median_days_to_resolve == Approx(10));
  CHECK(one.metrics.problems_closed == 2);
  CHECK(one.metrics.problems_satisfied == 1);
  CHECK_FALSE(one.metrics.coverage);
  CHECK(two.login == "li.2");
  CHECK(two.metrics.members == 1);
  CHECK(two.metrics.contacts == 1);
  CHECK(two.metrics.contacts_all == 3);
  CHECK(two.metrics.within_cadence_rate == Approx(1.0));
  CHECK(two.metrics.problems_raised == 3);
  CHECK(two.metrics.problems_resolved == 0);
  CHECK(two.metrics.resolution_rate == Approx(0.0));
  CHECK_FALSE(two.metrics.median_days_to_resolve);
  CHECK_FALSE(two.metrics.satisfaction_rate);
}

TEST_CASE("liaison metrics: a county sees its own region only; dates are checked", "[unit][service][liaison]") {
  MetricsFixture f;
  service::MetricsQuery own{"", std::string("2026-01-01"), std::string("2026-03-31")};
  auto r = f.w.follow_up.metrics(f.county, own);
  CHECK(r.region == "411002");
  CHECK(r.totals.members == 4);
  service::MetricsQuery other{"411082", std::nullopt, std::nullopt};
  CHECK(errorOf([&] { f.w.follow_up.metrics(f.county, other); }).kind() == ErrorKind::forbidden);
  service::MetricsQuery city{"411000", std::nullopt, std::nullopt};
  CHECK(errorOf([&] { f.w.follow_up.metrics(f.county, city); }).kind() == ErrorKind::forbidden);
  service::MetricsQuery backwards{"411002", std::string("2026-03-31"), std::string("2026-01-01")};
  CHECK(errorOf([&] { f.w.follow_up.metrics(f.bureau, backwards); }).code() == "after_to");
  service::MetricsQuery unknown{"999999", std::nullopt, std::nullopt};
  CHECK(errorOf([&] { f.w.follow_up.metrics(f.bureau, unknown); }).code() == "unknown_region");
  service::MetricsQuery defaults{"411002", std::nullopt, std::nullopt};
  auto dflt = f.w.follow_up.metrics(f.bureau, defaults);
  CHECK(dflt.to == Date(2026, 5, 1));
  CHECK(dflt.from == Date(2026, 1, 1));
}

}  // namespace trellis::liaisontest
