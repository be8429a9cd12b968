// Tech SME evaluation (tech_sme_evaluator.h TS1–TS9), boundaries of every scoring table.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "trellis/core/error.h"
#include "trellis/rules/eligibility.h"
#include "trellis/rules/tech_sme_evaluator.h"

using trellis::Date;
using trellis::domain::EnterpriseFacts;
using namespace trellis::rules;

namespace {

constexpr int kFiling = 2025;
constexpr int kData = 2024;  // data_year_offset −1 in the shipped config
const Date kAsOf(2025, 7, 15);

// A qualifying enterprise: 20% S&T staff (12), R&D 5% of revenue (40), 2 Class II (12) = 64.
EnterpriseFacts baseline() {
  EnterpriseFacts f;
  f.founded_on = Date(2018, 3, 1);
  f.resident_audited_taxpayer = true;
  f.industry_allowed = true;
  f.clean_record = true;
  f.provincial_rd_institution = false;
  auto& y = test::yearRow(f, kData);
  y.employees = 100;
  y.st_staff = 20;
  y.revenue = 10000000;
  y.total_costs = 40000000;
  y.total_assets = 30000000;
  y.rd_expense_super_deduction = 500000;
  y.ip_class1 = 0;
  y.ip_class2 = 2;
  return f;
}

EligibilityReport run(const EnterpriseFacts& f) {
  return evaluateTechSme(test::shippedLadder(), "tech_sme", f, kFiling, kAsOf);
}

double points(const EligibilityReport& r, const char* id) {
  for (const SubScore& s : r.scores)
    if (s.id == id) return s.points_min.value();
  FAIL("no score " << id);
  return -1;
}

}  // namespace

TEST_CASE("TS5 S&T staff bands: lower bounds inclusive", "[unit][rules]") {
  struct Row { std::int64_t staff; double points; };
  for (Row row : {Row{9, 0}, Row{10, 4}, Row{14, 4}, Row{15, 8}, Row{20, 12}, Row{25, 16}, Row{29, 16},
                  Row{30, 20}, Row{100, 20}}) {
    EnterpriseFacts f = baseline();
    test::yearRow(f, kData).st_staff = row.staff;
    INFO("st_staff " << row.staff << "/100");
    CHECK(points(run(f), "tech_sme.st_staff_score") == row.points);
  }
}

TEST_CASE("TS6 R&D bands: the better of the two ratios", "[unit][rules]") {
  struct Row { std::int64_t rd; std::int64_t costs; double points; };
  // revenue 10,000,000: 2% = 200,000 … 6% = 600,000; costs ratio bands 10% … 30%.
  for (Row row : {Row{199999, 40000000, 0}, Row{200000, 40000000, 10}, Row{300000, 40000000, 20},
                  Row{400000, 40000000, 30}, Row{500000, 40000000, 40}, Row{599999, 40000000, 40},
                  Row{600000, 40000000, 50},
                  Row{200000, 2000000, 10},    // 10% of costs → 10, 2% of revenue → 10
                  Row{300000, 1000000, 50},    // 30% of costs beats 3% of revenue
                  Row{250000, 1000000, 40}}) { // exactly 25% of costs → [25%, 30%)
    EnterpriseFacts f = baseline();
    test::yearRow(f, kData).rd_expense_super_deduction = row.rd;
    test::yearRow(f, kData).total_costs = row.costs;
    INFO("rd " << row.rd << " costs " << row.costs);
    CHECK(points(run(f), "tech_sme.rd_score") == row.points);
  }
}

TEST_CASE("TS6 R&D basis falls back to the HNTE figure with a note", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  test::yearRow(f, kData).rd_expense_super_deduction.reset();
  test::yearRow(f, kData).rd_expense_total = 600000;
  auto r = run(f);
  CHECK(points(r, "tech_sme.rd_score") == 50);
  CHECK(r.find("tech_sme.rd_score")->note.find("rd_expense_total") != std::string::npos);
}

TEST_CASE("TS7 IP table: Class I beats any Class II count", "[unit][rules]") {
  struct Row { std::int64_t c1; std::int64_t c2; double points; };
  for (Row row : {Row{0, 0, 0}, Row{0, 1, 6}, Row{0, 2, 12}, Row{0, 3, 18}, Row{0, 4, 24}, Row{0, 9, 24},
                  Row{1, 0, 30}, Row{2, 5, 30}}) {
    EnterpriseFacts f = baseline();
    test::yearRow(f, kData).ip_class1 = row.c1;
    test::yearRow(f, kData).ip_class2 = row.c2;
    INFO("class I " << row.c1 << " class II " << row.c2);
    CHECK(points(run(f), "tech_sme.ip_score") == row.points);
  }
}

TEST_CASE("TS8 pass line: total ≥ 60 and S&T staff points > 0", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  auto ok = run(f);
  CHECK(*ok.total_min == 64);
  CHECK(ok.overall == Status::pass);

  SECTION("exactly 60 passes") {
    test::yearRow(f, kData).rd_expense_super_deduction = 400000;  // 12 + 30 + 12 = 54
    test::yearRow(f, kData).ip_class2 = 3;                        // 12 + 30 + 18 = 60
    auto r = run(f);
    CHECK(*r.total_min == 60);
    CHECK(r.overall == Status::pass);
  }
  SECTION("60 with an S&T staff sub-score of 0 fails") {
    test::yearRow(f, kData).st_staff = 9;                         // 0
    test::yearRow(f, kData).rd_expense_super_deduction = 400000;  // 30
    test::yearRow(f, kData).ip_class1 = 1;                        // 30
    auto r = run(f);
    CHECK(*r.total_min == 60);
    CHECK(r.overall == Status::fail);
    CHECK(r.find("tech_sme.evaluation")->gap_zh == "科技人员指标得分为0，不得入库");
  }
  SECTION("54 fails with the shortfall in points") {
    test::yearRow(f, kData).st_staff = 15;  // 8 + 40 + 6 = 54
    test::yearRow(f, kData).ip_class2 = 1;
    auto r = run(f);
    CHECK(*r.total_min == 54);
    CHECK(r.overall == Status::fail);
    CHECK(r.find("tech_sme.evaluation")->gap_zh == "综合评分54分，距60分还差6分");
    CHECK(r.find("tech_sme.ip_score")->gap_zh.find("再取得1件Ⅱ类知识产权可得12分") == 0);
    CHECK(r.find("tech_sme.st_staff_score")->gap_zh ==
          "科技人员占比15%（15/100）：再增加5名科技人员（达到20%）可得12分");
  }
  SECTION("TS9 a valid HNTE certificate qualifies directly") {
    test::yearRow(f, kData).st_staff = 0;
    trellis::domain::Designation hnte;
    hnte.id = 1;
    hnte.stage = "hnte";
    hnte.starts_on = Date(2023, 12, 1);
    f.designations.push_back(hnte);
    auto r = run(f);
    CHECK(r.direct_route_met);
    CHECK(r.overall == Status::pass);
  }
  SECTION("TS9 an award older than five years does not") {
    test::yearRow(f, kData).st_staff = 0;
    f.national_award_top3_on = Date(2020, 7, 14);
    CHECK(run(f).overall == Status::fail);
    f.national_award_top3_on = Date(2020, 7, 15);
    CHECK(run(f).overall == Status::pass);
  }
}

TEST_CASE("TS2 size limits are inclusive upper bounds", "[unit][rules]") {
  struct Row { std::int64_t employees; std::int64_t revenue; std::int64_t assets; Status status; };
  for (Row row : {Row{500, 200000000, 200000000, Status::pass}, Row{501, 10000000, 30000000, Status::fail},
                  Row{100, 200000001, 30000000, Status::fail}, Row{100, 10000000, 200000001, Status::fail}}) {
    EnterpriseFacts f = baseline();
    auto& y = test::yearRow(f, kData);
    y.employees = row.employees;
    y.st_staff = row.employees / 5;
    y.revenue = row.revenue;
    y.total_assets = row.assets;
    y.rd_expense_super_deduction = row.revenue / 20;
    INFO(row.employees << " " << row.revenue << " " << row.assets);
    CHECK(run(f).overall == row.status);
  }
}

TEST_CASE("missing data makes criteria unknown and names the data", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  f.resident_audited_taxpayer.reset();
  test::yearRow(f, kData).ip_class2.reset();
  test::yearRow(f, kData).ip_class1.reset();
  auto r = evaluateStage(test::shippedLadder(), "tech_sme", f, kFiling, kAsOf);
  CHECK(r.find("tech_sme.resident")->status == Status::unknown);
  CHECK(r.find("tech_sme.resident")->missing == std::vector<std::string>{"resident_audited_taxpayer"});
  CHECK(r.find("tech_sme.ip_score")->missing ==
        std::vector<std::string>{"2024.ip_class1", "2024.ip_class2"});
  CHECK(*r.total_min == 52);
  CHECK(*r.total_max == 82);
  CHECK(r.find("tech_sme.evaluation")->status == Status::unknown);
  CHECK(r.overall == Status::unknown);
  CHECK_THROWS_AS(evaluateTechSme(test::shippedLadder(), "tech_sme", f, 2016, kAsOf), trellis::Error);
}
