// HNTE evaluation (hnte_evaluator.h HN1–HN9) and growth (growth.h): boundaries of every table.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "trellis/core/error.h"
#include "trellis/rules/growth.h"
#include "trellis/rules/hnte_evaluator.h"

using trellis::Date;
using trellis::domain::EnterpriseFacts;
using namespace trellis::rules;

namespace {

constexpr int kApply = 2025;  // latest accounting year 2024, window 2022–2024
const Date kAsOf(2025, 6, 1);

// Passes every condition: revenue 8,000万 a year, R&D 5%, staff 12%, HT income 70%,
// innovation score 30 + 25 + 16 + net-asset growth 5–6 + flat sales 0 = 76–77.
EnterpriseFacts baseline() {
  EnterpriseFacts f;
  f.founded_on = Date(2015, 4, 1);
  f.core_tech_in_key_fields = true;
  f.clean_record = true;
  f.hnte_expert = {30, 25, 16, std::nullopt, std::nullopt};
  std::int64_t assets = 50000000;
  for (int y = 2022; y <= 2024; ++y) {
    auto& row = test::yearRow(f, y);
    row.revenue = 80000000;
    row.rd_expense_total = 4000000;
    row.rd_expense_domestic = 4000000;
    row.employees = 100;
    row.st_staff = 12;
    row.total_income = 82000000;
    row.non_taxable_income = 2000000;
    row.high_tech_income = 56000000;
    row.ip_class1 = 1;
    row.ip_class2 = 3;
    row.results_transformed = 3;
    row.rd_ledger_kept = true;
    row.total_assets = assets;
    row.total_liabilities = 20000000;
    assets += 6000000;
  }
  return f;
}

EligibilityReport run(const EnterpriseFacts& f, Date as_of = kAsOf) {
  return evaluateHnte(test::shippedLadder(), "hnte", f, kApply, as_of);
}

Status status(const EnterpriseFacts& f, const char* id) { return run(f).find(id)->status; }

void setRevenueAllYears(EnterpriseFacts& f, std::int64_t revenue, std::int64_t rd) {
  for (int y = 2022; y <= 2024; ++y) {
    test::yearRow(f, y).revenue = revenue;
    test::yearRow(f, y).rd_expense_total = rd;
    test::yearRow(f, y).rd_expense_domestic = rd;
  }
}

}  // namespace

TEST_CASE("baseline passes all eight conditions", "[unit][rules]") {
  auto r = run(baseline());
  for (const Criterion& c : r.criteria) {
    INFO(c.id << " " << c.value << " " << c.gap_zh);
    CHECK(c.status == Status::pass);
  }
  CHECK(r.overall == Status::pass);
  CHECK(r.data_year == 2024);
}

TEST_CASE("HN1 registered ≥ 365 days", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  f.founded_on = kAsOf.addDays(-365);
  CHECK(status(f, "hnte.registered_days") == Status::pass);
  f.founded_on = kAsOf.addDays(-364);
  CHECK(status(f, "hnte.registered_days") == Status::fail);
  f.founded_on.reset();
  CHECK(status(f, "hnte.registered_days") == Status::unknown);
}

TEST_CASE("HN4 S&T staff ≥ 10% inclusive", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  test::yearRow(f, 2024).st_staff = 10;
  CHECK(status(f, "hnte.st_staff_ratio") == Status::pass);
  test::yearRow(f, 2024).st_staff = 9;
  auto r = run(f);
  CHECK(r.find("hnte.st_staff_ratio")->status == Status::fail);
  CHECK(r.find("hnte.st_staff_ratio")->gap_zh ==
        "科技人员占比9% < 10%（职工总数100人）：需再增加1名科技人员（全年月平均）");
}

TEST_CASE("HN4 a staff ratio rounding to its threshold shows the deciding digits", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  test::yearRow(f, 2024).employees = 10001;
  test::yearRow(f, 2024).st_staff = 1000;  // 9.999%: rounds to 10.00
  auto r = run(f);
  const auto* c = r.find("hnte.st_staff_ratio");
  CHECK(c->status == Status::fail);
  CHECK(c->value == "9.999%");
  CHECK(c->gap_zh.rfind("科技人员占比9.999% < 10%", 0) == 0);
}

TEST_CASE("HN5 R&D ratio bands by latest-year revenue, inclusive", "[unit][rules]") {
  struct Row { std::int64_t revenue; std::int64_t rd; Status status; };
  for (Row row : {Row{50000000, 2500000, Status::pass},    // ≤ 5,000万 → 5%, exactly 5%
                  Row{50000000, 2499999, Status::fail},
                  Row{50000001, 2000001, Status::pass},    // > 5,000万 → 4%
                  Row{200000000, 8000000, Status::pass},   // ≤ 2亿 → 4%, exactly 4%
                  Row{200000000, 7999999, Status::fail},
                  Row{200000001, 6000001, Status::pass},   // > 2亿 → 3%
                  Row{200000001, 6000000, Status::fail}}) {
    EnterpriseFacts f = baseline();
    setRevenueAllYears(f, row.revenue, row.rd);
    INFO("revenue " << row.revenue << " rd " << row.rd);
    CHECK(status(f, "hnte.rd_ratio") == row.status);
  }
}

TEST_CASE("HN5 gap in the officer's terms", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  setRevenueAllYears(f, 80000000, 2720000);  // 3.4%
  auto c = *run(f).find("hnte.rd_ratio");
  CHECK(c.value == "3.4%");
  CHECK(c.threshold == "≥ 4%（最近一年销售收入8,000万元）");
  CHECK(c.gap_zh == "近三年研发费用占比3.4% < 4%（最近一年销售收入8,000万元）：三年合计约需再投入研发费用1,440,000元");
}

TEST_CASE("HN5 younger enterprise: window cut to the years since founding", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  f.founded_on = Date(2023, 2, 1);
  f.indicators.erase(f.indicators.begin());  // no 2022 row
  auto r = run(f);
  CHECK(r.find("hnte.rd_ratio")->status == Status::pass);
  CHECK(r.find("hnte.rd_ratio")->label_zh.find("近2年") == 0);
}

TEST_CASE("HN5 domestic R&D share ≥ 60% inclusive", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  for (int y = 2022; y <= 2024; ++y) test::yearRow(f, y).rd_expense_domestic = 2400000;
  CHECK(status(f, "hnte.rd_domestic_share") == Status::pass);
  for (int y = 2022; y <= 2024; ++y) test::yearRow(f, y).rd_expense_domestic = 2399999;
  auto c = *run(f).find("hnte.rd_domestic_share");
  CHECK(c.status == Status::fail);
  CHECK(c.gap_zh.find("约需再增加境内研发费用8元") != std::string::npos);  // (0.6·12M − 7,199,997)/0.4
}

TEST_CASE("HN6 high-tech income ≥ 60% of total income less non-taxable", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  test::yearRow(f, 2024).high_tech_income = 48000000;  // exactly 60% of 8,000万
  CHECK(status(f, "hnte.high_tech_income_share") == Status::pass);
  test::yearRow(f, 2024).high_tech_income = 47999999;
  CHECK(status(f, "hnte.high_tech_income_share") == Status::fail);
  test::yearRow(f, 2024).non_taxable_income.reset();
  auto c = *run(f).find("hnte.high_tech_income_share");
  CHECK(c.status == Status::unknown);
  CHECK(c.missing == std::vector<std::string>{"2024.non_taxable_income"});
}

TEST_CASE("HN7 innovation score: 70 fails, 71 passes", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  f.hnte_expert = {30, 20, 15, 3, 2};
  auto r = run(f);
  CHECK(*r.total_min == 70);
  CHECK(r.find("hnte.innovation_score")->status == Status::fail);
  CHECK(r.find("hnte.innovation_score")->gap_zh.find("至少还差1分") != std::string::npos);
  f.hnte_expert.growth_sales = 3;
  r = run(f);
  CHECK(*r.total_min == 71);
  CHECK(r.find("hnte.innovation_score")->status == Status::pass);
}

TEST_CASE("HN7 missing expert items leave the score open unless the range decides", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  f.hnte_expert = {};
  auto c = *run(f).find("hnte.innovation_score");
  CHECK(c.status == Status::unknown);
  CHECK(std::find(c.missing.begin(), c.missing.end(), "hnte_expert.ip_quality") != c.missing.end());
  f.hnte_expert = {1, 1, 1, 0, 0};  // results transfer entered → everything fixed, far below
  CHECK(status(f, "hnte.innovation_score") == Status::fail);
  f.hnte_expert = {31, 0, 0, 0, 0};
  CHECK_THROWS_AS(run(f), trellis::Error);
}

TEST_CASE("HN9 growth rate formula and special cases", "[unit][rules]") {
  GrowthRate three = growthRate(100, 120, 150);  // ½(1.2 + 1.25) − 1 = 0.225
  REQUIRE(three.rate);
  CHECK(*three.rate == Approx(0.225));
  CHECK(three.years_used == 3);
  GrowthRate two = growthRate(0, 100, 130);  // year 1 is 0 → two years
  CHECK(*two.rate == Approx(0.30));
  CHECK(two.years_used == 2);
  CHECK(growthRate(std::nullopt, 100, 110).years_used == 2);
  CHECK_FALSE(growthRate(100, 0, 130).rate);  // year 2 is 0 → 0 points
  CHECK_FALSE(growthRate(std::nullopt, std::nullopt, 130).rate);
}

TEST_CASE("HN9 growth bands, exactly 0 → 0 points flagged", "[unit][rules]") {
  const BandTable& bands = hnteRulesFor(test::shippedLadder().config(), kApply)->growth_points;
  struct Row { std::int64_t y3; double min; double max; bool flagged; };
  // y1 = y2 = 100 → rate = (y3/100 − 1) / 2.
  for (Row row : {Row{100, 0, 0, true}, Row{90, 0, 0, false}, Row{101, 1, 2, false}, Row{110, 3, 4, false},
                  Row{130, 5, 6, false}, Row{150, 7, 8, false}, Row{170, 9, 10, false}, Row{169, 7, 8, false}}) {
    SubScore s = growthPoints("g", "g", growthRate(100, 100, row.y3), bands, 10);
    INFO("y3 " << row.y3);
    CHECK(*s.points_min == row.min);
    CHECK(*s.points_max == row.max);
    CHECK((s.note.find("[U]") != std::string::npos) == row.flagged);
  }
}

TEST_CASE("HN9 computed growth in the report: flat sales score 0 with the flag", "[unit][rules]") {
  auto r = run(baseline());
  const SubScore* sales = nullptr;
  const SubScore* assets = nullptr;
  for (const SubScore& s : r.scores) {
    if (s.id == "hnte.growth_sales") sales = &s;
    if (s.id == "hnte.growth_net_assets") assets = &s;
  }
  REQUIRE(sales);
  REQUIRE(assets);
  CHECK(*sales->points_max == 0);
  CHECK(sales->note.find("[U]") != std::string::npos);
  CHECK(sales->computed);
  // net assets 30M → 36M → 42M: ½(1.2 + 1.1667) − 1 ≈ 18.3% → 5–6
  CHECK(*assets->points_min == 5);
  CHECK(*assets->points_max == 6);
}

TEST_CASE("HN2 / HN3 / HN8 and the R&D ledger", "[unit][rules]") {
  EnterpriseFacts f = baseline();
  test::yearRow(f, 2024).ip_class1 = 0;
  test::yearRow(f, 2024).ip_class2 = 0;
  CHECK(status(f, "hnte.core_ip") == Status::fail);
  test::yearRow(f, 2024).ip_class1.reset();
  test::yearRow(f, 2024).ip_class2 = 1;
  CHECK(status(f, "hnte.core_ip") == Status::pass);  // enough known to pass
  f.core_tech_in_key_fields = false;
  f.clean_record.reset();
  test::yearRow(f, 2023).rd_ledger_kept = false;
  auto r = run(f);
  CHECK(r.find("hnte.tech_field")->status == Status::fail);
  CHECK(r.find("hnte.clean_record")->status == Status::unknown);
  CHECK(r.find("hnte.rd_ledger")->status == Status::fail);
  CHECK_FALSE(r.find("hnte.rd_ledger")->gate);
  CHECK(r.overall == Status::fail);
}
