// The plan as data (issue 11; config/plan.json, config/targets.json): priorities (工作重点) with
// their goals, key tasks with lead units (牵头单位) and responsible bodies (责任主体), the metrics
// that measure them, and targets per metric × period × region. A later plan is a new file.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/graph_node.h"

namespace trellis::domain {

// How a metric counts on an as-of date d in year Y (README "Progress against the plan"):
//   holders        enterprises (or graph nodes) holding the designation on d
//   new_per_year   first-time holders whose first designation starts in [1 Jan Y, d]
//   new_in_period  first-time holders whose first designation starts in [start of the target period, d]
enum class Measure { holders, new_per_year, new_in_period };
const char* measureName(Measure m);

// Which innovation-graph nodes a graph metric counts (config/plan.json "graph"; values are
// config/graph.json's): nodes of `kind` whose every listed field value is among the listed ones
// (an empty list: any value) and whose status is in `statuses`. The node's date is its kind's own:
// platform approved_on, talent team 1 Jan of year_recognised, project starts_on; ended_on
// (revoked / closed) ends a holder. README "Progress against the plan" has the rules (G1–G4).
struct GraphSelector {
  NodeKind kind = NodeKind::platform;     // platform | talent_team | project
  std::vector<std::string> sub_kinds;     // platform 平台类别
  std::vector<std::string> levels;        // platform 国家级 / 省级 / 市级
  std::vector<std::string> programmes;    // talent team / project
  std::vector<std::string> tiers;         // project tier (十 / 百 / 千)
  std::vector<std::string> statuses;      // never empty
};

struct PlanMetric {
  std::string key;       // "hnte"
  std::string name_zh;
  std::string unit_zh;   // 家, 个
  std::string source;    // "designation" (enterprises' designations) | "graph" (innovation-graph nodes)
  std::string stage;     // designation metrics: the ladder stage counted
  Measure measure = Measure::holders;
  std::optional<GraphSelector> graph;  // graph metrics: the nodes counted
  bool fromDesignations() const { return source == "designation"; }
  bool fromGraph() const { return source == "graph" && graph.has_value(); }
  bool measurable() const { return fromDesignations() || fromGraph(); }
};

struct PlanTask {
  int number = 0;                                // 1..55 in the seed
  int priority = 0;                              // its 工作重点
  std::string text_zh;
  std::vector<std::string> lead_units;           // 牵头单位
  std::vector<std::string> responsible_bodies;   // 责任主体, names of Plan::bodies
  bool responsible_open = false;                 // the seed ends the list with 等 ("and others")
  std::vector<std::string> metrics;              // metric keys; empty: tracked by status updates
};

struct PlanPriority {
  int number = 0;
  std::string title_zh;
  std::string goal_zh;                           // 工作目标
  std::vector<PlanTask> tasks;
};

// A responsible body and the regions it stands for: all = every unit below the city
// (各县（市、区）政府（管委会）); none = a body that is not a region (a college, a city department).
struct ResponsibleBody {
  std::string name;
  bool all_regions = false;
  std::vector<std::string> regions;
};

struct TaskStatusDef {
  std::string id;        // not_started | in_progress | done | delayed
  std::string name_zh;   // 未启动 | 推进中 | 已完成 | 滞后
};

struct Plan {
  std::string id;
  std::string name_zh;
  int from_year = 0, to_year = 0;
  std::vector<TaskStatusDef> statuses;
  std::vector<PlanMetric> metrics;
  std::vector<ResponsibleBody> bodies;
  std::vector<PlanPriority> priorities;

  const PlanMetric* findMetric(const std::string& key) const;
  const PlanTask* findTask(int number) const;
  const ResponsibleBody* findBody(const std::string& name) const;
  bool isStatus(const std::string& id) const;
  std::vector<const PlanTask*> tasks() const;   // by number
};

// A target period: one year ("2021") or a span ("2020-2022").
struct Period {
  int from = 0, to = 0;
  static std::optional<Period> parse(const std::string& text);
  std::string toString() const;
  bool contains(int year) const { return year >= from && year <= to; }
  bool singleYear() const { return from == to; }
};

struct Target {
  std::string metric;
  Period period;
  std::string region;    // the city code or a region code
  std::int64_t value = 0;
  std::string bound;     // at_least (以上) | about (左右)
  std::string source_zh; // the seed's wording
  std::string origin;    // "config" or "split" (set by the bureau through the API)
};

struct TargetBook {
  std::string plan;
  int forecast_lookback_years = 3;
  std::vector<Target> targets;  // config rows

  // The target for metric in year in region: a split (when given) wins over config; a one-year
  // target wins over a period one. nullopt when none applies.
  std::optional<Target> find(const std::string& metric, int year, const std::string& region,
                             const std::vector<Target>& splits) const;
};

// A dated status update of a task (issue 11: 未启动 / 推进中 / 已完成 / 滞后 with a note).
struct TaskStatusUpdate {
  std::int64_t id = 0;
  std::string plan;
  int task = 0;
  std::string status;
  Date on;
  std::string unit;      // the lead unit reporting
  std::string note;
  std::string recorded_by, recorded_at;
};

}  // namespace trellis::domain
