// Follow-up cadence and the officer's queue with an injected clock (liaison_cadence.h cases
// C1–C5), on a real SQLite file.
#include <catch2/catch.hpp>

#include "liaison_fixture.h"
#include "trellis/report/liaison_cadence.h"

namespace trellis::liaisontest {
namespace {

Date d(const char* text) { return *Date::parse(text); }

const service::QueueItem* find(const service::FollowUpQueue& q, const std::string& uscc) {
  for (const auto& i : q.contacts)
    if (i.uscc == uscc) return &i;
  return nullptr;
}

}  // namespace

TEST_CASE("liaison cadence: next contact due (C1-C3)", "[unit][service][liaison]") {
  struct Case {
    const char* name;
    std::optional<Date> last, promised;
    Date base;
    int cadence;
    Date due;
  };
  const Case cases[] = {
      {"C1 last + cadence", d("2026-01-10"), std::nullopt, d("2025-01-01"), 30, d("2026-02-09")},
      {"C2 an earlier promise wins", d("2026-01-10"), d("2026-01-20"), d("2025-01-01"), 30, d("2026-01-20")},
      {"C2 a later promise does not postpone", d("2026-01-10"), d("2026-06-01"), d("2025-01-01"), 30, d("2026-02-09")},
      {"C3 never contacted: base + cadence", std::nullopt, std::nullopt, d("2026-01-01"), 90, d("2026-04-01")},
      {"C3 a promise alone means nothing", std::nullopt, d("2026-01-05"), d("2026-01-01"), 90, d("2026-04-01")},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(report::nextContactDue(c.last, c.promised, c.base, c.cadence) == c.due);
  }
}

TEST_CASE("liaison cadence: contacted within cadence over a period (C5)", "[unit][service][liaison]") {
  struct Case {
    const char* name;
    std::vector<Date> contacts;
    Date entered;
    int cadence;
    bool within;
  };
  const Date from = d("2026-01-01"), to = d("2026-03-31");
  const Case cases[] = {
      {"monthly all through", {d("2025-12-20"), d("2026-01-15"), d("2026-02-10"), d("2026-03-05")}, d("2025-06-01"), 30, true},
      {"a 31-day gap", {d("2025-12-20"), d("2026-01-20"), d("2026-02-10"), d("2026-03-05")}, d("2025-06-01"), 30, false},
      {"the tail to `to` counts", {d("2025-12-20"), d("2026-01-15"), d("2026-02-10")}, d("2025-06-01"), 30, false},
      {"exactly the cadence is within", {d("2026-01-01"), d("2026-01-31"), d("2026-03-02"), d("2026-03-31")}, d("2025-06-01"), 30, true},
      {"never contacted, clock from the pool entry", {}, d("2026-03-10"), 30, true},
      {"never contacted, long in the pool", {}, d("2025-01-01"), 90, false},
      {"joined mid-period, contacted", {d("2026-03-01")}, d("2026-02-15"), 30, true},
      {"contacts after `to` do not help", {d("2026-04-01")}, d("2025-12-01"), 90, false},
      {"quarterly, one visit", {d("2025-11-01"), d("2026-01-20")}, d("2025-01-01"), 90, true},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(report::contactedWithinCadence(c.contacts, c.entered, c.cadence, from, to) == c.within);
  }
}

TEST_CASE("liaison queue: due and overdue contacts by pool tier, and problems past deadline, as the clock moves",
          "[unit][service][liaison]") {
  LiaisonWorld w;
  w.setToday(d("2026-01-01"));
  auto officer = w.user("li.a", "liaison", "411002");
  w.user("li.b", "liaison", "411002");
  auto county = w.user("cty", "county", "411002");
  auto key = w.enterprise("411002", "许昌重点科技有限公司");
  auto longterm = w.enterprise("411002", "许昌中长期科技有限公司");
  auto unpooled = w.enterprise("411002", "许昌未入库科技有限公司");
  auto promised = w.enterprise("411002", "许昌约定科技有限公司");
  auto someone_elses = w.enterprise("411002", "许昌他人科技有限公司");
  w.member(key, "key", "2025-06-01");
  w.member(key, "long_term", "2025-06-01", "tech_sme_pool");  // the shortest cadence wins
  w.member(longterm, "long_term", "2025-06-01");
  w.member(promised, "long_term", "2025-06-01");
  for (const auto& e : {key, longterm, unpooled, promised}) w.liaison.assign(systemCaller(), e, {"li.a", ""});
  w.liaison.assign(systemCaller(), someone_elses, {"li.b", ""});
  w.member(someone_elses, "key", "2025-01-01");

  w.contact(officer, key, "2026-01-01");
  w.contact(officer, longterm, "2026-01-01", {"funding"});
  w.contact(officer, promised, "2026-01-01", {}, "2026-01-10");
  // unpooled: never contacted; its clock starts at the assignment (2026-01-01).

  SECTION("on the day: nothing is due") {
    auto q = w.follow_up.queue(officer, "");
    CHECK(q.officer_login == "li.a");
    CHECK(q.contacts.empty());
    CHECK(q.problems_past_deadline.empty());
  }
  SECTION("3 January: the promise is due soon (7 days)") {
    w.setToday(d("2026-01-03"));
    auto q = w.follow_up.queue(officer, "");
    REQUIRE(q.contacts.size() == 1);
    CHECK(q.contacts[0].uscc == promised);
    CHECK(q.contacts[0].state == "due_soon");
    CHECK(q.contacts[0].days_overdue == -7);
  }
  SECTION("31 January: key is due today, the promise overdue") {
    w.setToday(d("2026-01-31"));
    auto q = w.follow_up.queue(officer, "");
    REQUIRE(find(q, key));
    CHECK(find(q, key)->state == "due_today");
    CHECK(find(q, key)->cadence_days == 30);
    CHECK(find(q, key)->tier == "key");
    CHECK(find(q, promised)->state == "overdue");
    CHECK(find(q, promised)->days_overdue == 21);
    CHECK(find(q, longterm) == nullptr);
    CHECK(q.contacts[0].uscc == promised);  // overdue first (earliest due)
    // the funding problem's deadline (31 Jan, contact + 30 days) is today: not yet past
    CHECK(q.problems_past_deadline.empty());
    CHECK(find(q, someone_elses) == nullptr);
  }
  SECTION("2 February: key overdue by 2, the problem past its deadline") {
    w.setToday(d("2026-02-02"));
    auto q = w.follow_up.queue(officer, "");
    CHECK(find(q, key)->state == "overdue");
    CHECK(find(q, key)->days_overdue == 2);
    REQUIRE(q.problems_past_deadline.size() == 1);
    CHECK(q.problems_past_deadline[0].uscc == longterm);
  }
  SECTION("26 March: quarterly long-term due soon; unpooled due soon; a new contact clears key") {
    w.setToday(d("2026-03-26"));
    w.contact(officer, key, "2026-03-20");
    auto q = w.follow_up.queue(officer, "");
    CHECK(find(q, key) == nullptr);
    REQUIRE(find(q, longterm));
    CHECK(find(q, longterm)->state == "due_soon");  // 1 Jan + 90 = 1 Apr
    CHECK(find(q, longterm)->due_on == d("2026-04-01"));
    REQUIRE(find(q, unpooled));
    CHECK(find(q, unpooled)->tier == std::nullopt);
    CHECK(find(q, unpooled)->due_on == d("2026-04-01"));  // unpooled_days 90 from the assignment
  }
  SECTION("who may see which queue") {
    CHECK(w.follow_up.queue(county, "li.a").officer_login == "li.a");
    auto own = w.follow_up.queue(county, "");  // the county officer's own: nothing assigned
    CHECK(own.officer_login == "cty");
    CHECK(own.contacts.empty());
    CHECK(own.problems_past_deadline.empty());
    CHECK(errorOf([&] { w.follow_up.queue(officer, "li.b"); }).kind() == ErrorKind::forbidden);
    auto far = w.user("cty.far", "county", "411082");
    CHECK(errorOf([&] { w.follow_up.queue(far, "li.a"); }).code() == "unknown_officer");
    w.user("cty2", "county", "411002");
    CHECK(errorOf([&] { w.follow_up.queue(county, "cty2"); }).code() == "not_a_liaison");
  }
}

}  // namespace trellis::liaisontest
