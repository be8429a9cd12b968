// Cross-field impossibilities in one year's indicators: one table, so each relation is data that a
// test walks, and the README lists. A relation holds when
//     Σ part.percent × part ≤ Σ whole.percent × whole      (values in yuan or heads, percent/100)
// and is checked only when its first `whole` term and at least one part are given; a missing
// term counts as 0, which only loosens the check (IN2 refuses negative values first). Only what a
// definition makes impossible is here, not what is merely unusual (RULES.md §1.4, §2.4, §2.5):
//   IN3 科技人员 ≤ 职工总数 (S&T staff are counted among the employees)
//   IN4 境内研发费用 ≤ 研发费用总额 (the domestic part of the total)
//   IN5 不征税收入 ≤ 收入总额, and 高新技术产品(服务)收入 ≤ 收入总额 − 不征税收入 (= 总收入, which the
//       high-tech income is part of)
//   IN7 the HNTE line items (人员人工 + 直接投入 + 折旧 + 无形资产摊销 + 设计 + 装备调试与试验 + 其他(可计入)
//       + 80% of 委托外部) ≤ 研发费用总额 (the total is their sum on the same basis)
// Not refused, because they can hold: R&D above 成本费用总额 (capitalised R&D is not a cost of the
// year), high-tech or sales income above one another (技术转让 income need not be 销售收入),
// liabilities above assets (insolvency), the 119号 basis against the HNTE basis.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/error_codes.h"
#include "trellis/domain/indicators.h"

namespace trellis::domain {

struct IndicatorTerm {
  const char* field;  // an indicatorIntFields() name
  int percent;        // its weight: 100, 80 (委托外部), −100 (subtracted)
};

struct IndicatorRelation {
  const char* id;                    // "IN3"
  const char* field;                 // the field an error names
  const ErrorCode* code;             // the error code
  std::vector<IndicatorTerm> parts;  // the side that may not be larger…
  std::vector<IndicatorTerm> whole;  // …than this one
  const char* parts_zh;              // how a message names each side
  const char* whole_zh;
};

struct RelationViolation {
  const IndicatorRelation* relation;
  std::int64_t parts_hundredths;  // each side × 100 (80% of a yuan is 0.8)
  std::int64_t whole_hundredths;
};

// The table, in the order it is checked.
const std::vector<IndicatorRelation>& indicatorRelations();

// The first relation v breaks, nullopt when none. Precondition: every value is in [0, 10^15].
std::optional<RelationViolation> firstViolatedRelation(const YearlyIndicators& v);

// "研发费用各项之和(…) 20 exceeds 研发费用总额 10 (IN7)": the message of an error for the violation.
std::string describe(const RelationViolation& violation);

}  // namespace trellis::domain
