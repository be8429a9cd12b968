// The outcome of evaluating one stage's rules on an enterprise's facts: an EligibilityReport is a
// value, never an exception (STYLE.md "Expected outcomes are values").
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trellis::rules {

enum class Status { pass, fail, unknown };

// "pass" | "fail" | "unknown".
const char* statusName(Status s);

struct Criterion {
  std::string id;                    // stable, e.g. "hnte.rd_ratio"
  std::string label_zh;              // 近三年研发费用占比
  std::string value;                 // as the officer reads it: "3.4%", "8,000万元"; empty if unknown
  std::optional<double> raw_value;   // the number behind value (ratio, count, points)
  std::string threshold;             // "≥ 4%（最近一年销售收入 5,000万–2亿元）"
  Status status = Status::unknown;
  bool gate = true;                  // false: a scored item shown for its gap, not a condition
  std::vector<std::string> missing;  // data that would decide it: "2024.rd_expense_total"
  std::string gap_zh;                // what it takes to pass / reach the next band; empty on pass
  std::string note;                  // unconfirmed rule ([U]) or boundary flag
};

// A scored item: fixed points, or a band range [points_min, points_max] left to experts.
struct SubScore {
  std::string id;                    // "tech_sme.rd_score", "hnte.growth_sales"
  std::string label_zh;
  std::optional<double> points_min;  // nullopt when unknown
  std::optional<double> points_max;
  double max_points = 0;
  std::string band;                  // the band that matched, e.g. "≥ 35%"
  std::optional<double> rate;        // the computed rate or ratio behind the points
  bool computed = true;              // false: entered by an officer (expert score)
  std::string note;
  std::vector<std::string> missing;
};

struct DirectRoute {
  std::string id;                    // "valid_hnte"
  std::string label_zh;
  Status status = Status::unknown;
  std::string note;
};

struct EligibilityReport {
  std::string stage;                 // stage id
  int year = 0;                      // filing / application year evaluated
  int rules_effective_from = 0;      // the rule-set version used
  int data_year = 0;                 // latest accounting year read
  bool local_policy = false;         // thresholds are local defaults (RULES.md §3.1)
  Status overall = Status::unknown;
  std::vector<Criterion> criteria;
  std::vector<SubScore> scores;
  std::optional<double> total_min;   // tech SME total / HNTE innovation score range
  std::optional<double> total_max;
  std::string pass_line;             // "≥ 60" / "> 70"
  std::vector<DirectRoute> direct_routes;
  bool direct_route_met = false;

  // The criterion with this id, or nullptr.
  const Criterion* find(const std::string& id) const;
  // combine() over the gate criteria: what overall should be.
  Status gateStatus() const;
  // Gate criteria not passing (fail or unknown), in report order.
  std::vector<const Criterion*> gaps() const;
};

// Combines gate statuses: any fail → fail; else any unknown → unknown; else pass.
Status combine(const std::vector<Status>& statuses);

}  // namespace trellis::rules
