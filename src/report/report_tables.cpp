#include "trellis/report/report_tables.h"

namespace trellis::report {
namespace {

using domain::Cell;
using domain::CellType;

template <class T>
Cell opt(const std::optional<T>& v) {
  if (!v) return std::monostate{};
  return Cell(*v);
}

Cell count(std::int64_t v) { return Cell(v); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "、") + s;
  return out;
}

}  // namespace

domain::Table progressTable(const ProgressReport& r, const RegionList& regions) {
  domain::Table t;
  t.name = "进度";
  t.columns = {{"metric", "指标", CellType::text},          {"metric_name", "指标名称", CellType::text},
               {"region", "区域代码", CellType::text},       {"region_name", "区域", CellType::text},
               {"measured", "是否已统计", CellType::text},   {"actual", "实际", CellType::integer},
               {"target", "目标", CellType::integer},        {"period", "目标期", CellType::text},
               {"attainment", "完成率", CellType::decimal},  {"new_this_year", "本年新增", CellType::integer},
               {"forecast", "年末预测", CellType::decimal},  {"forecast_candidates", "预测候选", CellType::integer}};
  for (const auto& mp : r.metrics) {
    std::vector<const ProgressCell*> cells = {&mp.city};
    for (const auto& c : mp.regions) cells.push_back(&c);
    for (const auto* c : cells) {
      t.rows.push_back({mp.metric->key, mp.metric->name_zh, c->region, regions.nameOf(c->region),
                        std::string(mp.measured ? "yes" : "not_yet_measured"), opt(c->actual),
                        c->target ? Cell(c->target->value) : Cell(std::monostate{}),
                        c->target ? Cell(c->target->period.toString()) : Cell(std::monostate{}), opt(c->attainment),
                        opt(c->new_this_year), opt(c->forecast),
                        mp.measured ? count(c->forecast_candidates) : Cell(std::monostate{})});
    }
  }
  return t;
}

domain::Table ladderTable(const LadderReport& r, const RegionList& regions) {
  domain::Table t;
  t.name = "梯队";
  t.columns = {{"region", "区域代码", CellType::text},      {"region_name", "区域", CellType::text},
               {"stage", "梯队", CellType::text},           {"holders", "持有", CellType::integer},
               {"top", "最高梯队", CellType::integer},      {"expiring_6", "6个月内到期", CellType::integer},
               {"expiring_12", "12个月内到期", CellType::integer}};
  std::vector<const LadderCell*> cells = {&r.city};
  for (const auto& c : r.regions) cells.push_back(&c);
  for (const auto* c : cells)
    for (const auto& s : r.stages)
      t.rows.push_back({c->region, regions.nameOf(c->region), s, count(c->holders.at(s)), count(c->top.at(s)),
                        count(c->expiring_6.at(s)), count(c->expiring_12.at(s))});
  return t;
}

std::vector<domain::Table> funnelTables(const FunnelReport& r) {
  domain::Table cohorts;
  cohorts.name = "入库批次";
  cohorts.columns = {{"pool", "后备库", CellType::text},         {"year", "入库年份", CellType::integer},
                     {"entered", "入库", CellType::integer},     {"eligible_1", "满1年", CellType::integer},
                     {"reached_1", "1年内达成", CellType::integer}, {"eligible_2", "满2年", CellType::integer},
                     {"reached_2", "2年内达成", CellType::integer}, {"eligible_3", "满3年", CellType::integer},
                     {"reached_3", "3年内达成", CellType::integer}, {"reached", "截至统计日达成", CellType::integer},
                     {"open", "在库", CellType::integer}};
  for (const auto& c : r.cohorts)
    cohorts.rows.push_back({c.pool, count(c.year), count(c.entered), count(c.eligible[0]), count(c.reached[0]),
                            count(c.eligible[1]), count(c.reached[1]), count(c.eligible[2]), count(c.reached[2]),
                            count(c.reached_by_as_of), count(c.open)});
  domain::Table exits;
  exits.name = "出库原因";
  exits.columns = {{"pool", "后备库", CellType::text}, {"reason", "原因", CellType::text}, {"count", "数量", CellType::integer}};
  for (const auto& [pool, reasons] : r.exits)
    for (const auto& [reason, n] : reasons) exits.rows.push_back({pool, reason, count(n)});
  domain::Table tiers;
  tiers.name = "分层转化";
  tiers.columns = {{"pool", "后备库", CellType::text},       {"tier", "层级", CellType::text},
                   {"entered", "入库", CellType::integer},   {"reached", "达成", CellType::integer},
                   {"rate", "转化率", CellType::decimal}};
  for (const auto& t : r.tiers) tiers.rows.push_back({t.pool, t.tier, count(t.entered), count(t.reached), opt(t.rate)});
  domain::Table times;
  times.name = "周期";
  times.columns = {{"kind", "类别", CellType::text},          {"key", "后备库/梯队", CellType::text},
                   {"n", "样本", CellType::integer},         {"median_days", "中位天数", CellType::decimal},
                   {"p75_days", "75分位天数", CellType::decimal}};
  for (const auto& s : r.time_to_target)
    times.rows.push_back({std::string("time_to_target"), s.key, count(s.n), opt(s.median_days), opt(s.p75_days)});
  for (const auto& s : r.time_in_stage)
    times.rows.push_back({std::string("time_in_stage"), s.key, count(s.n), opt(s.median_days), opt(s.p75_days)});
  return {cohorts, exits, tiers, times};
}

std::vector<domain::Table> scorecardTables(const Scorecard& s, const domain::Plan& plan) {
  domain::Table tasks;
  tasks.name = "重点任务";
  tasks.columns = {{"task", "序号", CellType::integer},          {"priority", "工作重点", CellType::integer},
                   {"text", "重点任务", CellType::text},         {"lead_units", "牵头单位", CellType::text},
                   {"responsible", "责任主体", CellType::text},  {"metrics", "指标", CellType::text},
                   {"attainment", "完成率", CellType::decimal},  {"state", "状态", CellType::text},
                   {"status_on", "状态日期", CellType::date},    {"status_note", "说明", CellType::text}};
  for (const auto& row : s.tasks) {
    std::string state = row.state;
    for (const auto& st : plan.statuses)
      if (st.id == row.state) state = st.name_zh;
    tasks.rows.push_back({count(row.task->number), count(row.task->priority), row.task->text_zh,
                          join(row.task->lead_units), join(row.task->responsible_bodies), join(row.task->metrics),
                          opt(row.attainment), state,
                          row.status ? Cell(row.status->on) : Cell(std::monostate{}),
                          row.status ? Cell(row.status->note) : Cell(std::monostate{})});
  }
  auto rollup = [](const char* name, const char* label, const std::vector<UnitRollup>& units) {
    domain::Table t;
    t.name = name;
    t.columns = {{"unit", label, CellType::text},              {"tasks", "任务数", CellType::integer},
                 {"measured", "有指标", CellType::integer},    {"mean_attainment", "平均完成率", CellType::decimal},
                 {"done", "已完成", CellType::integer},        {"in_progress", "推进中", CellType::integer},
                 {"delayed", "滞后", CellType::integer},       {"not_started", "未启动", CellType::integer},
                 {"no_update", "未报告", CellType::integer}};
    for (const auto& u : units) {
      auto n = [&](const char* k) {
        auto it = u.states.find(k);
        return count(it == u.states.end() ? 0 : it->second);
      };
      std::int64_t others = 0;
      for (const auto& [k, v] : u.states)
        if (k != "done" && k != "in_progress" && k != "delayed" && k != "not_started") others += v;
      t.rows.push_back({u.unit, count(u.tasks), count(u.measured), opt(u.mean_attainment), n("done"), n("in_progress"),
                        n("delayed"), n("not_started"), count(others)});
    }
    return t;
  };
  return {tasks, rollup("牵头单位", "牵头单位", s.lead_units), rollup("责任主体", "责任主体", s.bodies)};
}

domain::Table roadmapTable(const RoadmapReport& r, const RegionList& regions) {
  domain::Table t;
  t.name = "联系与路线图";
  t.columns = {{"region", "区域代码", CellType::text},              {"region_name", "区域", CellType::text},
               {"members", "在库企业", CellType::integer},           {"coverage", "联系覆盖率", CellType::decimal},
               {"within_cadence_rate", "按期联系率", CellType::decimal}, {"problems_open", "未办结问题", CellType::integer},
               {"problems_overdue", "逾期问题", CellType::integer},  {"milestones_overdue", "逾期节点", CellType::integer},
               {"on_time", "节点按时率", CellType::decimal}};
  std::vector<const RoadmapCell*> cells = {&r.city};
  for (const auto& c : r.regions) cells.push_back(&c);
  for (const auto* c : cells)
    t.rows.push_back({c->region, regions.nameOf(c->region), count(c->liaison.members), opt(c->liaison.coverage),
                      opt(c->liaison.within_cadence_rate), count(c->problems.open), count(c->problems.overdue),
                      count(c->milestones_overdue), opt(c->on_time)});
  return t;
}

}  // namespace trellis::report
