// Facts the eligibility rules read: yearly indicators, officer-entered HNTE expert scores, and
// the enterprise facts that are not yearly numbers (RULES.md §1.2–1.3, §2.2, §2.4–2.6).
// Every field is optional: a missing value makes the criteria that need it "unknown", never "fail".
// Money is integer yuan. Ratios are never stored; rules compute them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/designation.h"

namespace trellis::domain {

// R&D expense line items, HNTE basis (RULES.md §2.5), yuan. Category 8 (委托外部) is entered
// as the countable amount before the 80% factor; the total the rules use is rd_expense_total.
struct RdLineItems {
  std::optional<std::int64_t> personnel;          // 人员人工费用
  std::optional<std::int64_t> direct_inputs;      // 直接投入费用
  std::optional<std::int64_t> depreciation;       // 折旧费用与长期待摊费用
  std::optional<std::int64_t> amortisation;       // 无形资产摊销费用
  std::optional<std::int64_t> design;             // 设计费用
  std::optional<std::int64_t> equipment_testing;  // 装备调试费与试验费用
  std::optional<std::int64_t> other;              // 其他费用 (countable part)
  std::optional<std::int64_t> commissioned;       // 委托外部研发费用 (境内 + 可计入境外)
};

struct YearlyIndicators {
  int year = 0;                                    // accounting year
  std::optional<std::int64_t> revenue;             // 销售收入 (sales revenue)
  std::optional<std::int64_t> total_income;        // 收入总额
  std::optional<std::int64_t> non_taxable_income;  // 不征税收入
  std::optional<std::int64_t> total_costs;         // 成本费用支出总额
  std::optional<std::int64_t> total_assets;        // 资产总额, year end
  std::optional<std::int64_t> total_liabilities;   // 负债总额, year end
  std::optional<std::int64_t> employees;           // 职工总数 (annual monthly average)
  std::optional<std::int64_t> st_staff;            // 科技人员 (annual monthly average)
  std::optional<std::int64_t> rd_expense_total;    // R&D expense, HNTE basis
  std::optional<std::int64_t> rd_expense_domestic; // of which 境内
  std::optional<std::int64_t> rd_expense_super_deduction;  // 119号 basis (tech SME scoring)
  RdLineItems rd_items;
  std::optional<std::int64_t> high_tech_income;    // 高新技术产品(服务)收入
  std::optional<std::int64_t> ip_class1;           // valid Class I IP held at year end
  std::optional<std::int64_t> ip_class2;           // valid Class II IP held at year end
  std::optional<std::int64_t> results_transformed; // 科技成果转化 count in the year
  std::optional<bool> rd_ledger_kept;              // 研发费用辅助账
  std::optional<bool> rd_super_deduction_claimed;  // 研发费用加计扣除
};

// HNTE innovation-capability items scored by experts and entered by an officer (RULES.md §2.6).
// Growth points are normally computed; an officer may enter the experts' final growth points.
struct HnteExpertScores {
  std::optional<int> ip_quality;          // 知识产权, 0–30
  std::optional<int> results_transfer;    // 科技成果转化能力, 0–30
  std::optional<int> rd_management;       // 研究开发组织管理水平, 0–20
  std::optional<int> growth_net_assets;   // override of the computed 净资产增长率 points, 0–10
  std::optional<int> growth_sales;        // override of the computed 销售收入增长率 points, 0–10
};

// Non-numeric facts about the enterprise that eligibility needs. nullopt = not known yet.
struct EnterpriseFacts {
  std::optional<Date> founded_on;
  std::vector<Designation> designations;             // every record held, history included
  std::vector<YearlyIndicators> indicators;          // any years, any order
  HnteExpertScores hnte_expert;
  std::optional<bool> resident_audited_taxpayer;     // 居民企业, 查账征收 (科小 cond. 1)
  std::optional<bool> industry_allowed;              // not 限制/淘汰类, not 119号 excluded (cond. 3)
  std::optional<bool> clean_record;                  // no major accident / fraud / listing (科小 4, 高企 8)
  std::optional<bool> core_tech_in_key_fields;       // 国家重点支持的高新技术领域 (高企 cond. 3)
  std::optional<Date> national_award_top3_on;        // latest 国家级科技奖励, top-3 unit
  std::optional<bool> provincial_rd_institution;     // 省部级以上研发机构
  std::optional<Date> led_standard_on;               // latest standard it led drafting
};

// Compliance facts of EnterpriseFacts that are not yearly numbers, as stored and shown.
struct LadderFacts {
  std::optional<bool> resident_audited_taxpayer, industry_allowed, clean_record, core_tech_in_key_fields,
      provincial_rd_institution;
  std::optional<Date> national_award_top3_on, led_standard_on;
};

// One year's indicators as stored: the values, who changed them last, and the version to edit.
struct IndicatorsRecord {
  YearlyIndicators values;
  std::string updated_by, updated_at;
  std::int64_t version = 0;
};

}  // namespace trellis::domain
