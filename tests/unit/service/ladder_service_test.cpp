// LadderService on a real SQLite file: designations (ladder_service.h DS1–DS7), indicators
// (IN1–IN5), evaluation, the as-of position, and the scope rule (another region reads as absent).
#include "ladder_fixture.h"
#include "trellis/store/database.h"

using namespace trellis;
using namespace trellis::laddertest;

TEST_CASE("designations are recorded, corrected and revoked, never overwritten", "[unit][service][ladder]") {
  LadderWorld w;
  std::string u = w.enterprise();

  auto sme = w.ladder.recordDesignation(w.bureau, u, w.draft("tech_sme", "2024-05-10", "2024411002A0001"));
  CHECK(sme.designation.ends_on == Date(2024, 12, 31));
  CHECK(sme.status == "expired");  // today is 2025-03-10

  SECTION("DS1 bad certificate number") {
    auto e = errorOf([&] { w.ladder.recordDesignation(w.bureau, u, w.draft("hnte", "2024-11-20", "GR20244100012")); });
    CHECK(e.code() == "hnte_certificate_format");
    CHECK(e.field() == "number");
  }
  SECTION("DS2 future start and start before founding") {
    CHECK(errorOf([&] { w.ladder.recordDesignation(w.bureau, u, w.draft("hnte", "2025-04-01", "GR202541000001")); })
              .code() == "date_in_future");
    CHECK(errorOf([&] { w.ladder.recordDesignation(w.bureau, u, w.draft("tech_sme", "2018-05-01", "X1")); }).code() ==
          "inconsistent_dates");
  }
  SECTION("DS3 ends_on must match the stage's validity") {
    auto d = w.draft("hnte", "2024-11-20", "GR202441000123");
    d.ends_on = "2027-11-20";
    auto e = errorOf([&] { w.ladder.recordDesignation(w.bureau, u, d); });
    CHECK(e.code() == "inconsistent_dates");
    CHECK(e.field() == "ends_on");
    d.ends_on = "2027-11-19";
    CHECK(w.ladder.recordDesignation(w.bureau, u, d).status == "valid");
  }
  SECTION("DS4 a local-policy stage needs a held predecessor") {
    auto e = errorOf([&] { w.ladder.recordDesignation(w.bureau, u, w.draft("gazelle", "2025-01-10")); });
    CHECK(e.kind() == ErrorKind::failed_precondition);
    CHECK(e.code() == "stage_not_reachable");
    w.ladder.recordDesignation(w.bureau, u, w.draft("hnte", "2024-11-20", "GR202441000123"));
    CHECK(w.ladder.recordDesignation(w.bureau, u, w.draft("gazelle", "2025-01-10")).status == "valid");
  }
  SECTION("DS5 one tech-SME filing per year") {
    auto e = errorOf([&] { w.ladder.recordDesignation(w.bureau, u, w.draft("tech_sme", "2024-08-01", "B2")); });
    CHECK(e.code() == "duplicate_designation");
  }
  SECTION("DS6 a correction is a new record; the old one is superseded and cannot be corrected twice") {
    auto fixed = w.ladder.correctDesignation(w.bureau, u, sme.designation.id, w.draft("tech_sme", "2024-06-10", "2024411002A0002"));
    CHECK(fixed.designation.corrects_id == sme.designation.id);
    auto all = w.ladder.designations(w.bureau, u, Date(2024, 7, 1));
    REQUIRE(all.size() == 2);
    CHECK(all[0].status == "superseded");
    CHECK(all[0].designation.number == "2024411002A0001");  // kept as it was
    CHECK(all[1].status == "valid");
    CHECK(errorOf([&] { w.ladder.correctDesignation(w.bureau, u, sme.designation.id, w.draft("tech_sme", "2024-06-11", "C3")); })
              .code() == "already_corrected");
  }
  SECTION("DS7 revocation once, with a reason, not before the start") {
    auto hnte = w.ladder.recordDesignation(w.bureau, u, w.draft("hnte", "2024-11-20", "GR202441000123"));
    io::RevocationDraft r{"2024-11-01", "弄虚作假"};
    CHECK(errorOf([&] { w.ladder.revokeDesignation(w.bureau, u, hnte.designation.id, r); }).code() == "revoked_before_start");
    r.revoked_on = "2025-02-01";
    CHECK(w.ladder.revokeDesignation(w.bureau, u, hnte.designation.id, r).status == "revoked");
    CHECK(errorOf([&] { w.ladder.revokeDesignation(w.bureau, u, hnte.designation.id, r); }).code() == "already_revoked");
    auto v = w.ladder.ladderOf(w.bureau, u, Date(2025, 1, 15));
    CHECK(v.position.top == "hnte");
    CHECK(w.ladder.ladderOf(w.bureau, u, Date(2025, 2, 1)).position.top.empty());
    SECTION("the schema refuses overwriting a designation") {
      CHECK_THROWS(w.db.write([](store::Connection& c) { c.exec("UPDATE designation SET number = 'X' WHERE id = 1"); }));
      CHECK_THROWS(w.db.write([](store::Connection& c) { c.exec("DELETE FROM designation"); }));
    }
  }
}

TEST_CASE("yearly indicators refuse impossible values by field", "[unit][service][indicators]") {
  LadderWorld w;
  std::string u = w.enterprise();
  struct Case {
    const char* name;
    std::function<void(domain::YearlyIndicators&)> change;
    const char* field;
    const char* code;
  };
  std::vector<Case> cases = {
      {"IN1 future year", [](auto& v) { v.year = 2026; }, "year", "future_year"},
      {"IN2 negative money", [](auto& v) { v.revenue = -1; }, "revenue", "negative_value"},
      {"IN2 negative count", [](auto& v) { v.ip_class2 = -1; }, "ip_class2", "negative_value"},
      {"IN3 S&T staff > employees", [](auto& v) { v.st_staff = 81; }, "st_staff", "st_staff_exceeds_employees"},
      {"IN4 domestic R&D > total", [](auto& v) { v.rd_expense_domestic = *v.rd_expense_total + 1; }, "rd_expense_domestic",
       "exceeds_total"},
      {"IN5 high-tech income > total income", [](auto& v) { v.high_tech_income = *v.total_income + 1; },
       "high_tech_income", "exceeds_total_income"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto v = w.year(2024);
      c.change(v);
      auto e = errorOf([&] { w.ladder.putIndicators(w.bureau, u, v, std::nullopt); });
      CHECK(e.field() == c.field);
      CHECK(e.code() == c.code);
    }
  }
  SECTION("boundaries pass: S&T staff = employees, the current year, zero money") {
    auto v = w.year(2025);
    v.st_staff = 80;
    v.revenue = 0;
    CHECK(w.ladder.putIndicators(w.bureau, u, v, std::nullopt).version == 1);
    CHECK(w.ladder.putIndicators(w.bureau, u, v, std::int64_t{1}).version == 2);
    CHECK(errorOf([&] { w.ladder.putIndicators(w.bureau, u, v, std::int64_t{1}); }).code() == "stale_version");
    CHECK(*w.ladder.indicators(w.bureau, u, 2025).values.st_staff == 80);
  }
}

TEST_CASE("evaluation reads the stored facts and names the gap in numbers", "[unit][service][ladder]") {
  LadderWorld w;
  std::string u = w.enterprise();
  for (int y = 2022; y <= 2024; ++y) w.ladder.putIndicators(w.bureau, u, w.year(y), std::nullopt);
  auto r = w.ladder.evaluate(w.bureau, u, "hnte", 2025, std::nullopt);
  CHECK(r.data_year == 2024);
  const auto* rd = r.find("hnte.rd_ratio");
  REQUIRE(rd);
  CHECK(rd->status == rules::Status::fail);
  CHECK(rd->gap_zh.find("1,800,000") != std::string::npos);
  CHECK(r.find("hnte.st_staff_ratio")->status == rules::Status::fail);
  CHECK(r.find("hnte.tech_field")->status == rules::Status::unknown);
  io::LadderFactsDraft f;
  f.core_tech_in_key_fields = true;
  w.ladder.putFacts(w.bureau, u, f);
  CHECK(w.ladder.evaluate(w.bureau, u, "hnte", 2025, std::nullopt).find("hnte.tech_field")->status == rules::Status::pass);
  CHECK(errorOf([&] { w.ladder.evaluate(w.bureau, u, "rocket", 2025, std::nullopt); }).code() == "unknown_stage");
  io::ExpertScoresDraft s;
  s.scores.ip_quality = 31;
  CHECK(errorOf([&] { w.ladder.putExpertScores(w.bureau, u, 2025, s); }).field() == "ip_quality");
}

TEST_CASE("a county officer of another region sees no ladder data: it reads as absent", "[unit][service][ladder]") {
  LadderWorld w;
  std::string u = w.enterprise("411002");
  auto other = w.county("411082");
  CHECK(errorOf([&] { w.ladder.ladderOf(other, u, std::nullopt); }).kind() == ErrorKind::not_found);
  CHECK(errorOf([&] { w.ladder.putIndicators(other, u, w.year(2024), std::nullopt); }).kind() == ErrorKind::not_found);
  CHECK(w.ladder.ladderOf(w.county("411002"), u, std::nullopt).position.top.empty());
  std::int64_t refusals = 0;
  w.db.read([&](store::Connection& c) {
    auto st = c.prepare("SELECT count(*) FROM audit_log WHERE outcome = 'denied'");
    st.step();
    refusals = st.int64(0);
    st.reset();
  });
  CHECK(refusals == 2);
}
