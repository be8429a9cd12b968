#include "trellis/domain/indicator_relations.h"

#include <stdexcept>

#include "trellis/domain/indicator_fields.h"

namespace trellis::domain {
namespace {

std::optional<std::int64_t> valueOf(YearlyIndicators& v, const char* name) {
  for (const auto& f : indicatorIntFields())
    if (std::string(f.name) == name) return f.get(v);
  throw std::logic_error(std::string("indicator relation names an unknown field ") + name);
}

// Σ percent × value, and whether the term that must be given (the first one) is.
struct Side {
  std::int64_t hundredths = 0;
  bool first_given = false;
  bool any_given = false;
};

Side sum(YearlyIndicators& v, const std::vector<IndicatorTerm>& terms) {
  Side s;
  for (size_t i = 0; i < terms.size(); ++i) {
    auto value = valueOf(v, terms[i].field);
    if (!value) continue;
    s.hundredths += *value * terms[i].percent;
    s.any_given = true;
    if (i == 0) s.first_given = true;
  }
  return s;
}

std::string amount(std::int64_t hundredths) {
  std::string out = std::to_string(hundredths / 100);
  if (std::int64_t cents = hundredths % 100; cents != 0)
    out += (cents < 10 ? ".0" : ".") + std::to_string(cents < 0 ? -cents : cents);
  return out;
}

}  // namespace

const std::vector<IndicatorRelation>& indicatorRelations() {
  static const std::vector<IndicatorRelation> relations = {
      {"IN3", "st_staff", &errc::st_staff_exceeds_employees, {{"st_staff", 100}}, {{"employees", 100}}, "科技人员",
       "职工总数"},
      {"IN4", "rd_expense_domestic", &errc::exceeds_total, {{"rd_expense_domestic", 100}}, {{"rd_expense_total", 100}},
       "境内研发费用", "研发费用总额"},
      {"IN5", "non_taxable_income", &errc::exceeds_total_income, {{"non_taxable_income", 100}}, {{"total_income", 100}},
       "不征税收入", "收入总额"},
      {"IN5", "high_tech_income", &errc::exceeds_total_income, {{"high_tech_income", 100}},
       {{"total_income", 100}, {"non_taxable_income", -100}}, "高新技术产品(服务)收入", "总收入(收入总额 − 不征税收入)"},
      {"IN7",
       "rd_expense_total",
       &errc::rd_items_exceed_total,
       {{"rd_personnel", 100},
        {"rd_direct_inputs", 100},
        {"rd_depreciation", 100},
        {"rd_amortisation", 100},
        {"rd_design", 100},
        {"rd_equipment_testing", 100},
        {"rd_other", 100},
        {"rd_commissioned", 80}},
       {{"rd_expense_total", 100}},
       "研发费用各项之和(委托外部研发费用按80%计)",
       "研发费用总额"},
  };
  return relations;
}

std::optional<RelationViolation> firstViolatedRelation(const YearlyIndicators& v) {
  YearlyIndicators copy = v;  // the field accessors hand out references
  for (const auto& r : indicatorRelations()) {
    Side parts = sum(copy, r.parts), whole = sum(copy, r.whole);
    if (!parts.any_given || !whole.first_given) continue;
    if (parts.hundredths > whole.hundredths) return RelationViolation{&r, parts.hundredths, whole.hundredths};
  }
  return std::nullopt;
}

std::string describe(const RelationViolation& violation) {
  const auto& r = *violation.relation;
  return std::string(r.parts_zh) + " " + amount(violation.parts_hundredths) + " exceeds " + r.whole_zh + " " +
         amount(violation.whole_hundredths) + " (" + r.id + ")";
}

}  // namespace trellis::domain
