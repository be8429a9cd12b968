// Growth roadmap (roadmap.h RM1–RM5): fixed facts and a fixed date against a golden file, and
// re-generation after the facts change.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "rules_fixture.h"
#include "trellis/rules/eligibility.h"
#include "trellis/rules/roadmap.h"

using trellis::Date;
using trellis::domain::EnterpriseFacts;
using namespace trellis::rules;

namespace {

constexpr int kTarget = 2026;
const Date kToday(2025, 3, 10);

// An HNTE reserve member in March 2025 aiming at 2026: low R&D, few S&T staff, no Class I IP,
// no ledger in 2023.
EnterpriseFacts member() {
  EnterpriseFacts f;
  f.founded_on = Date(2019, 8, 1);
  f.core_tech_in_key_fields = true;
  f.clean_record = true;
  f.hnte_expert = {18, 13, 12, std::nullopt, std::nullopt};
  std::int64_t revenue = 60000000;
  for (int y = 2022; y <= 2025; ++y) {
    auto& row = test::yearRow(f, y);
    row.revenue = revenue;
    row.rd_expense_total = revenue * 3 / 100;
    row.rd_expense_domestic = row.rd_expense_total;
    row.employees = 80;
    row.st_staff = 6;
    row.total_income = revenue;
    row.non_taxable_income = 0;
    row.high_tech_income = revenue * 7 / 10;
    row.ip_class1 = 0;
    row.ip_class2 = 0;
    row.results_transformed = 2;
    row.rd_ledger_kept = y != 2023;
    row.total_assets = revenue;
    row.total_liabilities = revenue / 2;
    revenue = revenue * 11 / 10;
  }
  return f;
}

std::vector<ProposedMilestone> propose(const EnterpriseFacts& f, Date today) {
  const Ladder& ladder = test::shippedLadder();
  EligibilityReport gap = evaluateStage(ladder, "hnte", f, kTarget, Date(kTarget, 6, 1));
  return proposeRoadmap(ladder.config().calendars.at("hnte"), gap, kTarget, today);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> keys(const std::vector<ProposedMilestone>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.key);
  return out;
}

}  // namespace

TEST_CASE("RM1-RM5 HNTE roadmap for fixed facts and date matches the golden file", "[unit][rules]") {
  std::string actual = renderRoadmap(propose(member(), kToday));
  std::string golden_path = test::sourcePath("tests/unit/rules/golden/hnte_roadmap_2026.golden");
  std::string expected = readFile(golden_path);
  if (expected != actual) {
    std::ofstream(golden_path + ".actual") << actual;  // for a reviewer's diff
  }
  CHECK(expected == actual);
}

TEST_CASE("RM4 a past due date is compressed to today + lead days", "[unit][rules]") {
  auto ms = propose(member(), Date(2025, 4, 20));  // after the 2025-03-31 IP step
  bool found = false;
  for (const auto& m : ms) {
    if (m.key != "ip_class2") continue;
    found = true;
    CHECK(m.compressed);
    CHECK(m.due_on == Date(2025, 5, 4));
  }
  CHECK(found);
}

TEST_CASE("RM3 re-generation follows the facts: closed gaps drop their steps", "[unit][rules]") {
  EnterpriseFacts f = member();
  std::vector<std::string> before = keys(propose(f, kToday));
  CHECK(std::find(before.begin(), before.end(), "st_staff") != before.end());
  CHECK(std::find(before.begin(), before.end(), "high_tech_income") == before.end());
  for (auto& row : f.indicators) {
    row.st_staff = 10;
    row.rd_ledger_kept = true;
  }
  std::vector<std::string> after = keys(propose(f, kToday));
  CHECK(std::find(after.begin(), after.end(), "st_staff") == after.end());
  CHECK(std::find(after.begin(), after.end(), "rd_ledger") == after.end());
  CHECK(std::find(after.begin(), after.end(), "submit") != after.end());
  for (const auto& m : propose(f, kToday)) CHECK(m.generated);
}
