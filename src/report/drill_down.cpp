#include "trellis/report/drill_down.h"

#include <algorithm>

#include "trellis/core/error.h"
#include "trellis/domain/pool.h"
#include "trellis/report/funnel_report.h"
#include "trellis/report/graph_metrics.h"
#include "trellis/report/ladder_report.h"
#include "trellis/report/progress_report.h"

namespace trellis::report {
namespace {

std::vector<DrillRow> rowsOf(const std::vector<std::int64_t>& ids, const std::string& stage) {
  std::vector<DrillRow> out;
  for (auto id : ids) out.push_back(DrillRow{id, stage, std::nullopt, std::nullopt, ""});
  return out;
}

// The nodes behind a graph metric's number (graph_metrics.h G1–G4): stage = the node's category
// (platform sub-kind, team / project programme), note = level or tier and status.
DrillResult graphDrill(const DrillQuery& q, const domain::PlanMetric& m, const domain::Plan& plan,
                       const domain::TargetBook& book, const std::vector<domain::Target>& splits, Date d,
                       const std::string& city, const std::vector<domain::GraphNode>& nodes) {
  DrillResult r;
  r.graph = true;
  r.date_label = m.graph->kind == domain::NodeKind::platform      ? "认定/备案日期"
                 : m.graph->kind == domain::NodeKind::talent_team ? "认定年度"
                                                                  : "开始日期";
  std::vector<const domain::GraphNode*> found;
  if (q.measure == "actual" || q.measure.empty()) {
    auto target = book.find(m.key, d.year(), q.region.empty() ? city : q.region, splits);
    found = graphMetricActual(nodes, m, d, target ? target->period.from : plan.from_year, q.region);
  } else if (q.measure == "new") {
    found = graphMetricNew(nodes, m, d, q.region);
  } else {
    throw Error(errc::unknown_measure, "a graph metric has no forecast: measure must be actual or new", "measure");
  }
  for (const auto* n : found) {
    DrillRow row;
    row.node_id = n->id;
    row.stage = n->kind == domain::NodeKind::platform ? n->sub_kind : n->programme;
    row.date = graphNodeDate(*n);
    std::string grade = n->kind == domain::NodeKind::platform ? n->level : n->tier;
    row.note = grade.empty() ? n->status : grade + " " + n->status;
    r.rows.push_back(row);
  }
  return r;
}

DrillResult progressDrill(const DrillQuery& q, const domain::Plan& plan, const domain::TargetBook& book,
                          const std::vector<domain::Target>& splits, const LadderIndex& ix, const std::string& city,
                          const std::vector<domain::GraphNode>& nodes) {
  const domain::PlanMetric* m = plan.findMetric(q.metric);
  if (!m) throw Error(errc::unknown_metric, "no metric \"" + q.metric + "\" in the plan", "metric");
  if (!m->measurable())
    throw Error(errc::not_yet_measured, "metric \"" + q.metric + "\" is not measured", "metric");
  if (m->fromGraph()) return graphDrill(q, *m, plan, book, splits, ix.facts().as_of, city, nodes);
  DrillResult r;
  r.date_label = "首次认定日期";
  const Date d = ix.facts().as_of;
  if (q.measure == "actual" || q.measure.empty()) {
    auto target = book.find(m->key, d.year(), q.region.empty() ? city : q.region, splits);
    r.rows = rowsOf(metricActual(ix, *m, target ? target->period.from : plan.from_year, q.region), m->stage);
  } else if (q.measure == "new") {
    r.rows = rowsOf(metricNewThisYear(ix, *m, q.region), m->stage);
  } else if (q.measure == "forecast") {
    r.date_label = "入库日期";
    auto conv = conversionRate(ix, m->stage, d.year(), book.forecast_lookback_years);
    std::map<std::int64_t, const domain::PoolMember*> by_id;
    for (const auto& member : ix.facts().memberships) by_id[member.id] = &member;
    for (const auto& c : forecastCandidates(ix, *m, conv, q.region)) {
      const auto* member = by_id[c.membership_id];
      r.rows.push_back(DrillRow{c.enterprise_id, m->stage, member->entered_on, c.weight, member->tier});
    }
    return r;
  } else {
    throw Error(errc::unknown_measure, "measure must be actual, new or forecast", "measure");
  }
  for (auto& row : r.rows) row.date = ix.firstHeld(row.enterprise_id, m->stage);
  return r;
}

DrillResult ladderDrill(const DrillQuery& q, const LadderIndex& ix) {
  if (!q.stage.empty() && !ix.ladder().findStage(q.stage))
    throw Error(errc::unknown_stage, "unknown ladder stage \"" + q.stage + "\"", "stage");
  DrillResult r;
  if (q.kind == "holders" || q.kind == "top") {
    if (q.stage.empty()) throw Error(errc::required, "stage is required for " + q.kind, "stage");
    r.date_label = "首次认定日期";
    r.rows = rowsOf(q.kind == "holders" ? ladderHolders(ix, q.stage, q.region) : ladderTop(ix, q.stage, q.region),
                    q.stage);
    for (auto& row : r.rows) row.date = ix.firstHeld(row.enterprise_id, q.stage);
  } else if (q.kind == "up" || q.kind == "down") {
    r.date_label = "";
    for (auto id : ladderMoves(ix, q.from, q.kind, q.region)) {
      std::string before = ix.topOn(id, q.from.addDays(-1)), now = ix.topOn(id, ix.facts().as_of);
      r.rows.push_back(DrillRow{id, now, std::nullopt, std::nullopt, (before.empty() ? "-" : before) + ">" +
                                                                         (now.empty() ? "-" : now)});
    }
  } else if (q.kind == "expiring_6" || q.kind == "expiring_12") {
    r.date_label = "有效期至";
    for (const auto& e : ladderExpiring(ix, q.kind == "expiring_6" ? 6 : 12, q.stage, q.region))
      r.rows.push_back(DrillRow{e.enterprise_id, e.stage, e.ends_on, std::nullopt, e.number});
  } else {
    throw Error(errc::unknown_kind, "kind must be holders, top, up, down, expiring_6 or expiring_12", "kind");
  }
  return r;
}

DrillResult funnelDrill(const DrillQuery& q, const LadderIndex& ix) {
  if (!domain::findPool(q.pool)) throw Error(errc::unknown_pool, "no reserve pool \"" + q.pool + "\"", "pool");
  static const std::vector<std::string> kOutcomes = {"entered", "reached_1", "reached_2", "reached_3",
                                                     "reached", "exited",    "open"};
  if (std::find(kOutcomes.begin(), kOutcomes.end(), q.outcome) == kOutcomes.end())
    throw Error(errc::unknown_outcome, "outcome must be entered, reached_1, reached_2, reached_3, reached, exited or open", "outcome");
  DrillResult r;
  r.date_label = "入库日期";
  for (const auto* m : cohortMembers(ix, q.pool, q.cohort, q.outcome, q.region)) {
    std::string note = m->tier;
    if (m->exited_on) note += " " + m->exit_reason;
    r.rows.push_back(DrillRow{m->enterprise_id, m->target_stage, m->entered_on, std::nullopt, note});
  }
  return r;
}

}  // namespace

DrillResult drillDown(const DrillQuery& q, const domain::Plan& plan, const domain::TargetBook& book,
                      const std::vector<domain::Target>& splits, const LadderIndex& ix, const std::string& city,
                      const std::vector<domain::GraphNode>& graph_nodes) {
  if (q.report == "progress") return progressDrill(q, plan, book, splits, ix, city, graph_nodes);
  if (q.report == "ladder") return ladderDrill(q, ix);
  if (q.report == "funnel") return funnelDrill(q, ix);
  throw Error(errc::unknown_report, "report must be progress, ladder or funnel", "report");
}

std::vector<domain::Column> drillColumns(const DrillResult& r) {
  using domain::CellType;
  if (r.graph)
    return {{"node_id", "节点编号", CellType::integer}, {"name", "名称", CellType::text},
            {"region", "责任主体", CellType::text},    {"category", "类别", CellType::text},
            {"date", r.date_label, CellType::date},    {"note", "级别/状态", CellType::text}};
  return {{"uscc", "统一社会信用代码", CellType::text}, {"name", "企业名称", CellType::text},
          {"region", "责任主体", CellType::text},      {"stage", "梯队", CellType::text},
          {"date", r.date_label.empty() ? "日期" : r.date_label, CellType::date},
          {"weight", "预测权重", CellType::decimal},   {"note", "备注", CellType::text}};
}

domain::Row drillRow(const DrillRow& row, const store::EnterpriseFact& e, const RegionList& regions) {
  domain::Row out;
  out.emplace_back(e.uscc);
  out.emplace_back(e.name);
  out.emplace_back(regions.nameOf(e.region_code));
  out.emplace_back(row.stage);
  if (row.date) out.emplace_back(*row.date);
  else out.emplace_back(std::monostate{});
  if (row.weight) out.emplace_back(*row.weight);
  else out.emplace_back(std::monostate{});
  out.emplace_back(row.note);
  return out;
}

domain::Row graphDrillRow(const DrillRow& row, const domain::GraphNode& node, const RegionList& regions) {
  domain::Row out;
  out.emplace_back(static_cast<std::int64_t>(node.id));
  out.emplace_back(node.name);
  out.emplace_back(regions.nameOf(node.region_code));
  out.emplace_back(row.stage);
  if (row.date) out.emplace_back(*row.date);
  else out.emplace_back(std::monostate{});
  out.emplace_back(row.note);
  return out;
}

}  // namespace trellis::report
