// The contact log: the quick log's defaults, validation naming fields, problems in the same
// request, officer attribution and scope; the strict codec.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "liaison_fixture.h"
#include "trellis/core/error.h"

namespace trellis::liaisontest {
TEST_CASE("contact quick log: defaults from config and the configured zone's today", "[unit][service][liaison][contact]") {
  LiaisonWorld w;
  auto officer = w.user("li.a", "liaison", "411002");
  auto e = w.enterprise("411002");
  w.liaison.assign(systemCaller(), e, {"li.a", ""});
  // 17:30 UTC on 1 March is already 2 March in China (UTC+8).
  w.clock.set(TimePoint(std::chrono::seconds(Date(2026, 3, 1).daysSinceEpoch() * 86400 + 17 * 3600 + 1800)));

  io::ContactDraft d;
  d.summary = "走访，企业反映融资难";
  d.problems.push_back({"funding", "需要贷款", "", std::nullopt});
  d.problems.push_back({"talent", "招工难", "rsj", std::string("2026-03-10")});
  auto v = w.liaison.logContact(officer, e, d);
  CHECK(v.contact.contact_date == Date(2026, 3, 2));
  CHECK(v.contact.mode == "on_site");
  CHECK(v.contact.flag == "green");
  CHECK(v.contact.officer_login == "li.a");
  CHECK(v.contact.created_by == "li.a");
  REQUIRE(v.problems.size() == 2);
  CHECK(v.problems[0].problem.owner_unit == "czj");          // funding's default owner unit
  CHECK(v.problems[0].problem.deadline == Date(2026, 4, 1));  // + default_problem_deadline_days (30)
  CHECK(v.problems[0].problem.status == domain::ProblemStatus::open);
  CHECK(v.problems[1].problem.deadline == Date(2026, 3, 10));
  CHECK(auditRows(w.db, "contact.create") == 1);

  auto listed = w.liaison.contacts(officer, e, std::nullopt, "");
  REQUIRE(listed.items.size() == 1);
  CHECK(listed.items[0].problems.size() == 2);

  SECTION("a county officer's contact counts for the enterprise's liaison officer") {
    auto county = w.user("cty", "county", "411002");
    auto c = w.liaison.logContact(county, e, d);
    CHECK(c.contact.officer_login == "li.a");
    CHECK(c.contact.created_by == "cty");
  }
}

TEST_CASE("contact log: invalid values are refused naming the field", "[unit][service][liaison][contact]") {
  LiaisonWorld w;
  w.setToday(Date(2026, 3, 2));
  auto bureau = w.user("bur", "bureau", "");
  auto e = w.enterprise("411002");
  auto base = [] {
    io::ContactDraft d;
    d.summary = "走访";
    return d;
  };
  struct Case {
    const char* name;
    std::function<void(io::ContactDraft&)> edit;
    const char* field;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"no summary", [](auto& d) { d.summary = "  "; }, "summary", "required"},
      {"future date", [](auto& d) { d.date = "2026-03-03"; }, "date", "date_in_future"},
      {"not a date", [](auto& d) { d.date = "2026-02-30"; }, "date", "invalid_date"},
      {"over a year ago", [](auto& d) { d.date = "2025-02-28"; }, "date", "date_too_old"},
      {"unknown mode", [](auto& d) { d.mode = "fax"; }, "mode", "unknown_mode"},
      {"unknown flag", [](auto& d) { d.flag = "blue"; }, "flag", "unknown_flag"},
      {"next due before", [](auto& d) { d.next_contact_due = "2026-03-01"; }, "next_contact_due", "before_contact"},
      {"problem category", [](auto& d) { d.problems = {{"funding", "x", "", {}}, {"weather", "x", "", {}}}; },
       "problems[1].category", "unknown_category"},
      {"problem description", [](auto& d) { d.problems = {{"funding", "", "", {}}}; }, "problems[0].description",
       "required"},
      {"problem owner", [](auto& d) { d.problems = {{"funding", "x", "nasa", {}}}; }, "problems[0].owner_unit",
       "unknown_owner_unit"},
      {"problem deadline", [](auto& d) { d.problems = {{"funding", "x", "", std::string("2026-03-01")}}; },
       "problems[0].deadline", "before_contact"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto d = base();
    c.edit(d);
    auto err = errorOf([&] { w.liaison.logContact(bureau, e, d); });
    CHECK(err.kind() == ErrorKind::invalid);
    CHECK(err.field() == c.field);
    CHECK(err.code() == c.code);
  }
  CHECK(auditRows(w.db, "contact.create") == 0);
}

TEST_CASE("contact log: a liaison officer cannot log or read for an enterprise not assigned to it",
          "[unit][service][liaison][contact]") {
  LiaisonWorld w;
  auto officer = w.user("li.a", "liaison", "411002");
  auto mine = w.enterprise("411002"), theirs = w.enterprise("411002");
  w.user("li.b", "liaison", "411002");
  w.liaison.assign(systemCaller(), mine, {"li.a", ""});
  w.liaison.assign(systemCaller(), theirs, {"li.b", ""});
  io::ContactDraft d;
  d.summary = "走访";
  CHECK_NOTHROW(w.liaison.logContact(officer, mine, d));
  CHECK(errorOf([&] { w.liaison.logContact(officer, theirs, d); }).kind() == ErrorKind::not_found);
  CHECK(errorOf([&] { w.liaison.contacts(officer, theirs, std::nullopt, ""); }).kind() == ErrorKind::not_found);
}

TEST_CASE("contact codec: unknown fields are refused naming them, nested ones with their path",
          "[unit][io][liaison][contact]") {
  auto err = errorOf([] { io::parseContactDraft(nlohmann::json{{"summary", "x"}, {"weather", "sunny"}}); });
  CHECK(err.code() == "unknown_field");
  CHECK(err.field() == "weather");
  err = errorOf([] {
    io::parseContactDraft(nlohmann::json::parse(R"({"summary":"x","problems":[{"category":"funding","urgency":3}]})"));
  });
  CHECK(err.field() == "problems[0].urgency");
  err = errorOf([] { io::parseContactDraft(nlohmann::json{{"summary", 3}}); });
  CHECK(err.code() == "wrong_type");
  CHECK(err.field() == "summary");
  err = errorOf([] { io::parseProblemPatch(nlohmann::json{{"status", "closed"}, {"stars", 5}}); });
  CHECK(err.field() == "stars");
  err = errorOf([] { io::parseBulkAssignmentRequest(nlohmann::json::parse(R"({"assignments":[{"uscc":"x"}]})")); });
  CHECK(err.field() == "assignments[0].officer");
  CHECK(err.code() == "required");
}

}  // namespace trellis::liaisontest
