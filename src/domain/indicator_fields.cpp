#include "trellis/domain/indicator_fields.h"

namespace trellis::domain {

#define TRELLIS_INT_FIELD(name, money, expr) \
  IndicatorIntField { name, money, [](YearlyIndicators& y) -> std::optional<std::int64_t>& { return expr; } }

const std::vector<IndicatorIntField>& indicatorIntFields() {
  static const std::vector<IndicatorIntField> fields = {
      TRELLIS_INT_FIELD("revenue", true, y.revenue),
      TRELLIS_INT_FIELD("total_income", true, y.total_income),
      TRELLIS_INT_FIELD("non_taxable_income", true, y.non_taxable_income),
      TRELLIS_INT_FIELD("total_costs", true, y.total_costs),
      TRELLIS_INT_FIELD("total_assets", true, y.total_assets),
      TRELLIS_INT_FIELD("total_liabilities", true, y.total_liabilities),
      TRELLIS_INT_FIELD("employees", false, y.employees),
      TRELLIS_INT_FIELD("st_staff", false, y.st_staff),
      TRELLIS_INT_FIELD("rd_expense_total", true, y.rd_expense_total),
      TRELLIS_INT_FIELD("rd_expense_domestic", true, y.rd_expense_domestic),
      TRELLIS_INT_FIELD("rd_expense_super_deduction", true, y.rd_expense_super_deduction),
      TRELLIS_INT_FIELD("rd_personnel", true, y.rd_items.personnel),
      TRELLIS_INT_FIELD("rd_direct_inputs", true, y.rd_items.direct_inputs),
      TRELLIS_INT_FIELD("rd_depreciation", true, y.rd_items.depreciation),
      TRELLIS_INT_FIELD("rd_amortisation", true, y.rd_items.amortisation),
      TRELLIS_INT_FIELD("rd_design", true, y.rd_items.design),
      TRELLIS_INT_FIELD("rd_equipment_testing", true, y.rd_items.equipment_testing),
      TRELLIS_INT_FIELD("rd_other", true, y.rd_items.other),
      TRELLIS_INT_FIELD("rd_commissioned", true, y.rd_items.commissioned),
      TRELLIS_INT_FIELD("high_tech_income", true, y.high_tech_income),
      TRELLIS_INT_FIELD("ip_class1", false, y.ip_class1),
      TRELLIS_INT_FIELD("ip_class2", false, y.ip_class2),
      TRELLIS_INT_FIELD("results_transformed", false, y.results_transformed),
  };
  return fields;
}

#undef TRELLIS_INT_FIELD

const std::vector<IndicatorBoolField>& indicatorBoolFields() {
  static const std::vector<IndicatorBoolField> fields = {
      {"rd_ledger_kept", [](YearlyIndicators& y) -> std::optional<bool>& { return y.rd_ledger_kept; }},
      {"rd_super_deduction_claimed",
       [](YearlyIndicators& y) -> std::optional<bool>& { return y.rd_super_deduction_claimed; }},
  };
  return fields;
}

}  // namespace trellis::domain
