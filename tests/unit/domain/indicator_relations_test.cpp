// The cross-field relations of one year's indicators (domain/indicator_relations.h): a test per
// relation at its boundary, and the table checked against the field list.
#include "trellis/domain/indicator_relations.h"

#include <catch2/catch.hpp>
#include <functional>
#include <set>
#include <string>

#include "trellis/domain/indicator_fields.h"

namespace trellis::domain {
namespace {

// A consistent year: every relation holds with room to spare.
YearlyIndicators consistent() {
  YearlyIndicators v;
  v.year = 2024;
  v.revenue = 50'000'000;
  v.total_income = 52'000'000;
  v.non_taxable_income = 2'000'000;
  v.total_costs = 45'000'000;
  v.employees = 100;
  v.st_staff = 30;
  v.rd_expense_total = 3'000'000;
  v.rd_expense_domestic = 2'800'000;
  v.rd_items.personnel = 1'500'000;
  v.rd_items.direct_inputs = 700'000;
  v.rd_items.depreciation = 200'000;
  v.rd_items.amortisation = 100'000;
  v.rd_items.design = 100'000;
  v.rd_items.equipment_testing = 100'000;
  v.rd_items.other = 100'000;
  v.rd_items.commissioned = 250'000;  // 80% = 200,000: the items sum to exactly 3,000,000
  v.high_tech_income = 40'000'000;
  return v;
}

std::string brokenId(const YearlyIndicators& v) {
  auto broken = firstViolatedRelation(v);
  return broken ? std::string(broken->relation->id) + " " + broken->relation->field : "";
}

}  // namespace

TEST_CASE("a consistent year breaks no relation; its R&D items sum exactly to the total", "[unit][indicators]") {
  CHECK(brokenId(consistent()).empty());
  CHECK(brokenId(YearlyIndicators{}).empty());  // nothing given, nothing to compare
}

TEST_CASE("each relation refuses one unit over its bound and accepts the bound", "[unit][indicators]") {
  struct Case {
    const char* name;
    std::function<void(YearlyIndicators&)> at_bound;
    std::function<void(YearlyIndicators&)> over;
    const char* broken;
    const char* code;
  };
  std::vector<Case> cases = {
      {"IN3 S&T staff > employees", [](auto& v) { v.st_staff = 100; }, [](auto& v) { v.st_staff = 101; },
       "IN3 st_staff", "st_staff_exceeds_employees"},
      {"IN4 domestic R&D > total R&D", [](auto& v) { v.rd_expense_domestic = 3'000'000; },
       [](auto& v) { v.rd_expense_domestic = 3'000'001; }, "IN4 rd_expense_domestic", "exceeds_total"},
      {"IN5 non-taxable income > total income", [](auto& v) { v.non_taxable_income = 52'000'000, v.high_tech_income = 0; },
       [](auto& v) { v.non_taxable_income = 52'000'001, v.high_tech_income = 0; }, "IN5 non_taxable_income",
       "exceeds_total_income"},
      {"IN5 high-tech income > total income − non-taxable income", [](auto& v) { v.high_tech_income = 50'000'000; },
       [](auto& v) { v.high_tech_income = 50'000'001; }, "IN5 high_tech_income", "exceeds_total_income"},
      {"IN5 high-tech income > total income, no non-taxable income given",
       [](auto& v) { v.non_taxable_income.reset(), v.high_tech_income = 52'000'000; },
       [](auto& v) { v.non_taxable_income.reset(), v.high_tech_income = 52'000'001; }, "IN5 high_tech_income",
       "exceeds_total_income"},
      {"IN7 rd_personnel 20 with rd_expense_total 10 was stored",
       [](auto& v) { v = YearlyIndicators{}, v.rd_items.personnel = 10, v.rd_expense_total = 10; },
       [](auto& v) { v = YearlyIndicators{}, v.rd_items.personnel = 20, v.rd_expense_total = 10; },
       "IN7 rd_expense_total", "rd_items_exceed_total"},
      {"IN7 line items > R&D total", [](auto&) {}, [](auto& v) { v.rd_items.design = 100'001; }, "IN7 rd_expense_total",
       "rd_items_exceed_total"},
      {"IN7 commissioned R&D counts at 80%: 0.8 yuan over is over", [](auto& v) { v.rd_items.commissioned = 250'000; },
       [](auto& v) { v.rd_items.commissioned = 250'001; }, "IN7 rd_expense_total", "rd_items_exceed_total"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto v = consistent();
      c.over(v);
      auto broken = firstViolatedRelation(v);
      REQUIRE(broken);
      CHECK(std::string(broken->relation->id) + " " + broken->relation->field == c.broken);
      CHECK(broken->relation->code->name == c.code);
      CHECK_FALSE(describe(*broken).empty());
      auto ok = consistent();
      c.at_bound(ok);
      CHECK(brokenId(ok).empty());
    }
  }
}

TEST_CASE("a relation is checked only when its whole and a part are given", "[unit][indicators]") {
  YearlyIndicators v;
  v.st_staff = 500;  // no employees given
  v.rd_items.personnel = 9'000'000;  // no R&D total given
  v.high_tech_income = 1;
  v.non_taxable_income = 5;  // total income not given: the subtracted term alone does not make a whole
  CHECK(brokenId(v).empty());
  v.employees = 499;
  CHECK(brokenId(v) == "IN3 st_staff");
}

TEST_CASE("describe names both sides in yuan, with the 80% share in fen", "[unit][indicators]") {
  YearlyIndicators v;
  v.rd_expense_total = 10;
  v.rd_items.personnel = 10;
  v.rd_items.commissioned = 1;  // 0.8
  auto broken = firstViolatedRelation(v);
  REQUIRE(broken);
  CHECK(describe(*broken) == "研发费用各项之和(委托外部研发费用按80%计) 10.80 exceeds 研发费用总额 10 (IN7)");
  v = YearlyIndicators{};
  v.employees = 80;
  v.st_staff = 81;
  CHECK(describe(*firstViolatedRelation(v)) == "科技人员 81 exceeds 职工总数 80 (IN3)");
}

TEST_CASE("every relation names known fields and errs on one of them", "[unit][indicators]") {
  std::set<std::string> names;
  for (const auto& f : indicatorIntFields()) names.insert(f.name);
  for (const auto& r : indicatorRelations()) {
    INFO(r.id << " " << r.field);
    CHECK(names.count(r.field));
    REQUIRE_FALSE(r.parts.empty());
    REQUIRE_FALSE(r.whole.empty());
    CHECK(r.whole.front().percent > 0);
    bool field_in_relation = false;
    for (const auto* side : {&r.parts, &r.whole})
      for (const auto& t : *side) {
        CHECK(names.count(t.field));
        field_in_relation = field_in_relation || r.field == std::string(t.field);
      }
    CHECK(field_in_relation);
  }
}

}  // namespace trellis::domain
