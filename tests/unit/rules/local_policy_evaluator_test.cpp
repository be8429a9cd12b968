// Local-policy stages (local_policy_evaluator.h LP1–LP3) on the shipped defaults.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "trellis/rules/eligibility.h"

using trellis::Date;
using trellis::domain::EnterpriseFacts;
using namespace trellis::rules;

namespace {

const Date kAsOf(2025, 3, 1);

EnterpriseFacts grower() {
  EnterpriseFacts f;
  f.founded_on = Date(2017, 5, 1);
  trellis::domain::Designation hnte;
  hnte.id = 1;
  hnte.stage = "hnte";
  hnte.starts_on = Date(2023, 11, 20);
  f.designations.push_back(hnte);
  std::int64_t revenue = 20000000, employees = 120;
  for (int y = 2021; y <= 2024; ++y) {
    auto& row = test::yearRow(f, y);
    row.revenue = revenue;
    row.employees = employees;
    row.rd_expense_total = revenue / 25;  // 4%
    revenue = revenue * 13 / 10;          // +30% a year
  }
  return f;
}

EligibilityReport run(const EnterpriseFacts& f, const char* stage) {
  return evaluateStage(test::shippedLadder(), stage, f, 2025, kAsOf);
}

}  // namespace

TEST_CASE("LP1 prerequisite stage held on the date", "[unit][rules]") {
  EnterpriseFacts f = grower();
  auto r = run(f, "eaglet");
  CHECK(r.local_policy);
  CHECK(r.find("eaglet.prerequisite")->status == Status::pass);
  CHECK(r.overall == Status::pass);
  f.designations.clear();
  r = run(f, "eaglet");
  CHECK(r.find("eaglet.prerequisite")->status == Status::fail);
  CHECK(r.find("eaglet.prerequisite")->gap_zh == "须先取得高新技术企业或科技型中小企业资格");
  CHECK(r.find("eaglet.rd_to_revenue")->note.find("本地政策") == 0);
}

TEST_CASE("LP2 operators at their thresholds", "[unit][rules]") {
  EnterpriseFacts f = grower();
  auto& last = test::yearRow(f, 2024);
  last.rd_expense_total = *last.revenue * 3 / 100;  // exactly 3%: ">=" passes
  CHECK(run(f, "eaglet").find("eaglet.rd_to_revenue")->status == Status::pass);
  last.revenue = 300000000;
  last.rd_expense_total = 9000000;  // leader: revenue must be > 3亿 — exactly 3亿 fails
  auto r = run(f, "leader");
  CHECK(r.find("leader.revenue")->status == Status::fail);
  CHECK(r.find("leader.revenue")->gap_zh == "上年度销售收入3亿元，需> 3亿元");
  last.revenue = 300000001;
  CHECK(run(f, "leader").find("leader.revenue")->status == Status::pass);
}

TEST_CASE("LP3 gazelle growth: any_of of all_of groups", "[unit][rules]") {
  EnterpriseFacts f = grower();
  auto r = run(f, "gazelle");
  CHECK(r.find("gazelle.age")->status == Status::pass);       // 7 years
  CHECK(r.find("gazelle.growth")->status == Status::pass);    // revenue CAGR 30%, first year 2,000万
  SECTION("first-year revenue too small, staff path unknown → unknown") {
    for (auto& row : f.indicators) row.revenue = *row.revenue / 4;  // first year 500万
    for (auto& row : f.indicators) row.employees.reset();
    auto c = *run(f, "gazelle").find("gazelle.growth");
    CHECK(c.status == Status::unknown);
    CHECK_FALSE(c.missing.empty());
  }
  SECTION("both paths fail → fail") {
    for (auto& row : f.indicators) row.revenue = *row.revenue / 4;
    CHECK(run(f, "gazelle").find("gazelle.growth")->status == Status::fail);
  }
  SECTION("founded more than 10 years ago") {
    f.founded_on = Date(2014, 3, 1);  // 11 whole years on the date
    CHECK(run(f, "gazelle").find("gazelle.age")->status == Status::fail);
    f.founded_on = Date(2014, 3, 2);  // 10 whole years until tomorrow: "≤ 10" passes
    CHECK(run(f, "gazelle").find("gazelle.age")->status == Status::pass);
  }
}
