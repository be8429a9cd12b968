// The plan and its reports (README "Progress against the plan (reports)"): progress, ladder,
// funnel, scorecard, liaison and roadmaps, drill-downs, task status updates and target splits.
// Thin: parse, call the service, serialize. Every report also answers ?format=table with its
// domain::Table shape, and ?format=csv | xlsx as a download of those tables (table_download.h);
// the drill-down and the roadmap book too (every page of the list, in the caller's scope).
#include <cmath>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "list_answer.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/plan_json.h"
#include "trellis/report/report_tables.h"

namespace trellis::http {
namespace {

nlohmann::json rate(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 10000.0) / 10000.0;
}

nlohmann::json cellJson(const domain::Cell& c) {
  if (std::holds_alternative<std::int64_t>(c)) return std::get<std::int64_t>(c);
  if (std::holds_alternative<double>(c)) return std::round(std::get<double>(c) * 10000.0) / 10000.0;
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  if (std::holds_alternative<Date>(c)) return std::get<Date>(c).toString();
  return nullptr;
}

const char* typeName(domain::CellType t) {
  switch (t) {
    case domain::CellType::text: return "text";
    case domain::CellType::integer: return "integer";
    case domain::CellType::decimal: return "decimal";
    case domain::CellType::date: return "date";
  }
  return "text";
}

Response tablesResponse(const std::vector<domain::Table>& tables) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : tables) {
    nlohmann::json cols = nlohmann::json::array(), rows = nlohmann::json::array();
    for (const auto& c : t.columns) cols.push_back({{"key", c.key}, {"label", c.label}, {"type", typeName(c.type)}});
    for (const auto& r : t.rows) {
      nlohmann::json row = nlohmann::json::array();
      for (const auto& c : r) row.push_back(cellJson(c));
      rows.push_back(row);
    }
    out.push_back({{"name", t.name}, {"columns", cols}, {"rows", rows}});
  }
  return Response::json(200, {{"tables", out}});
}

// A report's tables in the format asked for: table (JSON), csv or xlsx (a download named
// <ascii>_<as_of> / <zh>_<as_of>; ?sheet=n picks one table).
Response tablesIn(TableFormat f, const Request& r, const std::vector<domain::Table>& tables, const std::string& ascii,
                  const std::string& zh, const Date& as_of) {
  if (f == TableFormat::table) return tablesResponse(tables);
  const std::string day = "_" + as_of.toString();
  return tablesDownload(f, tables, r.intParam("sheet", 1, 100), ascii + day, zh + day);
}

service::ReportQuery queryOf(const Request& r) {
  service::ReportQuery q;
  q.as_of = r.param("as_of");
  q.from = r.param("from");
  q.region = r.param("region").value_or("");
  return q;
}

int taskNumber(const Request& r) {
  const std::string& v = r.path_params[0];
  if (v.empty() || v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos)
    throw Error(errc::task_not_found, "no task " + v + " in the plan");
  return std::stoi(v);
}

nlohmann::json targetOrNull(const std::optional<domain::Target>& t) {
  return t ? io::targetToJson(*t) : nlohmann::json(nullptr);
}

nlohmann::json progressCell(const report::ProgressCell& c, bool measured) {
  nlohmann::json j = {{"region", c.region}, {"target", targetOrNull(c.target)}};
  if (!measured) {
    j["status"] = "not_yet_measured";
    return j;
  }
  j["status"] = "measured";
  j["actual"] = orNull(c.actual);
  j["new_this_year"] = orNull(c.new_this_year);
  j["attainment"] = rate(c.attainment);
  j["forecast"] = orNull(c.forecast);
  j["forecast_candidates"] = c.forecast_candidates;
  return j;
}

nlohmann::json progressJson(const report::ProgressReport& r) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& mp : r.metrics) {
    nlohmann::json regions = nlohmann::json::array();
    for (const auto& c : mp.regions) regions.push_back(progressCell(c, mp.measured));
    metrics.push_back({{"metric", mp.metric->key},
                       {"name_zh", mp.metric->name_zh},
                       {"measure", domain::measureName(mp.metric->measure)},
                       {"status", mp.measured ? "measured" : "not_yet_measured"},
                       {"conversion_rate", rate(mp.conversion_rate)},
                       {"conversion_base", mp.conversion_base},
                       {"city", progressCell(mp.city, mp.measured)},
                       {"regions", regions}});
  }
  return {{"as_of", r.as_of.toString()}, {"year", r.year}, {"metrics", metrics}};
}

nlohmann::json ladderCell(const report::LadderCell& c) {
  return {{"region", c.region},         {"holders", c.holders},         {"top", c.top},
          {"moved_up", c.moved_up},     {"moved_down", c.moved_down},   {"moves", c.moves},
          {"expiring_6", c.expiring_6}, {"expiring_12", c.expiring_12}};
}

nlohmann::json ladderJson(const report::LadderReport& r) {
  nlohmann::json regions = nlohmann::json::array();
  for (const auto& c : r.regions) regions.push_back(ladderCell(c));
  return {{"as_of", r.as_of.toString()}, {"from", r.from.toString()}, {"stages", r.stages},
          {"city", ladderCell(r.city)},  {"regions", regions}};
}

nlohmann::json durationJson(const std::vector<report::DurationStat>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : list)
    out.push_back({{"key", s.key}, {"n", s.n}, {"median_days", orNull(s.median_days)}, {"p75_days", orNull(s.p75_days)}});
  return out;
}

nlohmann::json funnelJson(const report::FunnelReport& r) {
  nlohmann::json cohorts = nlohmann::json::array(), tiers = nlohmann::json::array();
  for (const auto& c : r.cohorts) {
    nlohmann::json within = nlohmann::json::array();
    for (int n = 0; n < 3; ++n) {
      std::optional<double> share;
      if (c.eligible[n]) share = static_cast<double>(c.reached[n]) / static_cast<double>(c.eligible[n]);
      within.push_back({{"years", n + 1}, {"eligible", c.eligible[n]}, {"reached", c.reached[n]}, {"rate", rate(share)}});
    }
    cohorts.push_back({{"pool", c.pool}, {"year", c.year}, {"entered", c.entered}, {"within", within},
                       {"reached", c.reached_by_as_of}, {"open", c.open}, {"exits", c.exits}});
  }
  for (const auto& t : r.tiers)
    tiers.push_back({{"pool", t.pool}, {"tier", t.tier}, {"entered", t.entered}, {"reached", t.reached}, {"rate", rate(t.rate)}});
  return {{"as_of", r.as_of.toString()},
          {"region", orNull(r.region)},
          {"cohorts", cohorts},
          {"exits", r.exits},
          {"tiers", tiers},
          {"time_to_target", durationJson(r.time_to_target)},
          {"time_in_stage", durationJson(r.time_in_stage)}};
}

nlohmann::json rollupJson(const std::vector<report::UnitRollup>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : list)
    out.push_back({{"unit", u.unit}, {"tasks", u.tasks}, {"measured", u.measured},
                   {"mean_attainment", rate(u.mean_attainment)}, {"states", u.states}});
  return out;
}

nlohmann::json scorecardJson(const report::Scorecard& s) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& row : s.tasks) {
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& m : row.metrics)
      metrics.push_back({{"metric", m.key}, {"status", m.measured ? "measured" : "not_yet_measured"},
                         {"attainment", rate(m.attainment)}});
    tasks.push_back({{"task", row.task->number},
                     {"priority", row.task->priority},
                     {"text_zh", row.task->text_zh},
                     {"lead_units", row.task->lead_units},
                     {"responsible_bodies", row.task->responsible_bodies},
                     {"metrics", metrics},
                     {"attainment", rate(row.attainment)},
                     {"state", row.state},
                     {"status", row.status ? io::statusToJson(*row.status) : nlohmann::json(nullptr)}});
  }
  return {{"as_of", s.as_of.toString()}, {"tasks", tasks}, {"lead_units", rollupJson(s.lead_units)},
          {"responsible_bodies", rollupJson(s.bodies)}};
}

nlohmann::json roadmapCell(const report::RoadmapCell& c) {
  nlohmann::json units = nlohmann::json::object();
  for (const auto& [unit, n] : c.problems_by_unit) units[unit] = {{"open", n.open}, {"overdue", n.overdue}};
  const auto& m = c.liaison;
  return {{"region", c.region},
          {"members", m.members},
          {"members_assigned", m.members_assigned},
          {"coverage", rate(m.coverage)},
          {"members_within_cadence", m.members_within_cadence},
          {"within_cadence_rate", rate(m.within_cadence_rate)},
          {"problems_raised", m.problems_raised},
          {"resolution_rate", rate(m.resolution_rate)},
          {"satisfaction_rate", rate(m.satisfaction_rate)},
          {"problems_open", c.problems.open},
          {"problems_overdue", c.problems.overdue},
          {"problems_by_owner_unit", units},
          {"members_with_roadmap", c.members_with_roadmap},
          {"milestones_done", c.milestones_done},
          {"milestones_on_time", c.milestones_on_time},
          {"milestones_overdue", c.milestones_overdue},
          {"on_time", rate(c.on_time)}};
}

nlohmann::json roadmapJson(const report::RoadmapReport& r) {
  nlohmann::json regions = nlohmann::json::array();
  for (const auto& c : r.regions) regions.push_back(roadmapCell(c));
  return {{"from", r.from.toString()}, {"to", r.to.toString()}, {"city", roadmapCell(r.city)}, {"regions", regions}};
}

service::DrillRequest drillRequest(const Request& r) {
  service::DrillRequest d;
  d.query = queryOf(r);
  d.drill.report = r.textParam("report");
  d.drill.metric = r.textParam("metric");
  d.drill.measure = r.textParam("measure");
  d.drill.stage = r.textParam("stage");
  d.drill.kind = r.textParam("kind");
  d.drill.pool = r.textParam("pool");
  d.drill.outcome = r.textParam("outcome");
  if (auto cohort = r.yearParam("cohort")) d.drill.cohort = *cohort;
  else if (d.drill.report == "funnel") throw Error(errc::required, "cohort is required for the funnel", "cohort");
  d.limit = r.intParam("limit");
  d.cursor = r.textParam("cursor");
  return d;
}

}  // namespace

void addReportRoutes(Router& router, ApiServices& s) {
  auto& rs = s.reports;
  router.add({"GET", "/api/v1/reports/plan", "report.read", [&rs](Request&) {
                return Response::json(200, io::planToJson(rs.plan()));
              }});
  router.add({"GET", "/api/v1/reports/targets", "report.read", [&rs](Request& r) {
                auto v = rs.targets(r.caller);
                nlohmann::json config = nlohmann::json::array(), splits = nlohmann::json::array();
                for (const auto& t : v.config) config.push_back(io::targetToJson(t));
                for (const auto& t : v.splits) splits.push_back(io::targetToJson(t));
                return Response::json(200, {{"config", config}, {"splits", splits}});
              }});
  router.add({"PUT", "/api/v1/reports/targets/{metric}/{period}", "plan.target", [&rs](Request& r) {
                auto v = rs.splitTarget(r.caller, r.path_params[0], r.path_params[1], io::parseSplitDraft(r.json()));
                nlohmann::json regions = nlohmann::json::array();
                for (const auto& t : v.regions) regions.push_back(io::targetToJson(t));
                return Response::json(200, {{"city", io::targetToJson(v.city)},
                                            {"regions", regions},
                                            {"total", v.total},
                                            {"difference", v.total - v.city.value}});
              }});
  router.add({"GET", "/api/v1/reports/progress", "report.read", [&rs](Request& r) {
                r.allowParams({"as_of", "format", "sheet"});
                auto f = tableFormat(r);
                auto report = rs.progress(r.caller, queryOf(r));
                if (f != TableFormat::json) return tablesIn(f, r, {report::progressTable(report, rs.regions())}, "progress", "目标进度", report.as_of);
                return Response::json(200, progressJson(report));
              }});
  router.add({"GET", "/api/v1/reports/ladder", "report.read", [&rs](Request& r) {
                r.allowParams({"as_of", "from", "format", "sheet"});
                auto f = tableFormat(r);
                auto report = rs.ladder(r.caller, queryOf(r));
                if (f != TableFormat::json) return tablesIn(f, r, {report::ladderTable(report, rs.regions())}, "ladder", "梯队", report.as_of);
                return Response::json(200, ladderJson(report));
              }});
  router.add({"GET", "/api/v1/reports/funnel", "report.read", [&rs](Request& r) {
                r.allowParams({"as_of", "region", "format", "sheet"});
                auto f = tableFormat(r);
                auto report = rs.funnel(r.caller, queryOf(r));
                if (f != TableFormat::json) return tablesIn(f, r, report::funnelTables(report), "funnel", "入库与转化", report.as_of);
                return Response::json(200, funnelJson(report));
              }});
  router.add({"GET", "/api/v1/reports/scorecard", "report.read", [&rs](Request& r) {
                r.allowParams({"as_of", "format", "sheet"});
                auto f = tableFormat(r);
                auto report = rs.scorecard(r.caller, queryOf(r));
                if (f != TableFormat::json) return tablesIn(f, r, report::scorecardTables(report, rs.plan()), "scorecard", "重点任务", report.as_of);
                return Response::json(200, scorecardJson(report));
              }});
  router.add({"GET", "/api/v1/reports/liaison", "report.read", [&rs](Request& r) {
                r.allowParams({"as_of", "from", "format", "sheet"});
                auto f = tableFormat(r);
                auto report = rs.roadmaps(r.caller, queryOf(r));
                if (f != TableFormat::json) return tablesIn(f, r, {report::roadmapTable(report, rs.regions())}, "liaison", "联系与路线图", report.to);
                return Response::json(200, roadmapJson(report));
              }});
  router.add({"GET", "/api/v1/reports/drill-down", "report.read", [&rs](Request& r) {
                r.allowParams({"report", "as_of", "from", "region", "metric", "measure", "stage", "kind", "pool",
                               "cohort", "outcome", "limit", "cursor", "format"});
                auto f = tableFormat(r, false);
                if (f != TableFormat::json) {
                  auto req = drillRequest(r);
                  Date day = rs.asOf(req.query);
                  std::string what = req.drill.report;
                  for (const auto* part : {&req.drill.metric, &req.drill.stage, &req.drill.kind, &req.drill.measure,
                                           &req.drill.pool, &req.drill.outcome})
                    if (!part->empty()) what += "_" + *part;
                  if (req.drill.cohort) what += "_" + std::to_string(req.drill.cohort);
                  if (!req.query.region.empty()) what += "_" + req.query.region;
                  what += "_" + day.toString();
                  return tableDownload(f, "drill-down_" + what, "明细_" + what,
                                       [&](domain::TableSink& sink) { rs.exportDrill(r.caller, req, sink); });
                }
                auto page = rs.drill(r.caller, drillRequest(r));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& i : page.items) {
                  if (i.node) {
                    items.push_back({{"node_id", i.node->id},
                                     {"kind", domain::nodeKindName(i.node->kind)},
                                     {"uscc", nullptr},
                                     {"name", i.node->name},
                                     {"region", i.node->region_code},
                                     {"stage", orNull(i.row.stage)},
                                     {"date", i.row.date ? nlohmann::json(i.row.date->toString()) : nlohmann::json(nullptr)},
                                     {"weight", nullptr},
                                     {"note", i.row.note}});
                    continue;
                  }
                  items.push_back({{"uscc", i.enterprise.uscc},
                                   {"name", i.enterprise.name},
                                   {"region", i.enterprise.region_code},
                                   {"stage", orNull(i.row.stage)},
                                   {"date", i.row.date ? nlohmann::json(i.row.date->toString()) : nlohmann::json(nullptr)},
                                   {"weight", rate(i.row.weight)},
                                   {"note", i.row.note}});
                }
                return Response::json(200, {{"as_of", page.as_of.toString()},
                                            {"date_label", page.date_label},
                                            {"rows", page.graph ? "graph_nodes" : "enterprises"},
                                            {"total", page.total},
                                            {"items", items},
                                            {"next_cursor", orNull(page.next_cursor)}});
              }});
  router.add({"GET", "/api/v1/reports/roadmap-book", "report.read", [&rs](Request& r) {
                r.allowParams({"as_of", "region", "pool", "target_year", "format", "sheet"});
                auto f = tableFormat(r);
                auto year = r.yearParam("target_year");
                if (!year) throw Error(errc::invalid_year, "target_year must be a year YYYY", "target_year");
                auto pool = r.textParam("pool");
                auto book = rs.roadmapBook(r.caller, queryOf(r), pool, *year);
                if (f == TableFormat::json || f == TableFormat::table) return tablesResponse(book);
                Date day = rs.asOf(queryOf(r));
                return tablesIn(f, r, book, "roadmap-book_" + pool + "_" + std::to_string(*year),
                                "成长路线图台账_" + pool + "_" + std::to_string(*year), day);
              }});
  router.add({"GET", "/api/v1/reports/tasks/{task}/status", "report.read", [&rs](Request& r) {
                int task = taskNumber(r);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& u : rs.statusHistory(r.caller, task)) items.push_back(io::statusToJson(u));
                return Response::json(200, {{"task", task}, {"items", items}});
              }});
  router.add({"POST", "/api/v1/reports/tasks/{task}/status", "plan.status", [&rs](Request& r) {
                int task = taskNumber(r);
                auto u = rs.recordStatus(r.caller, task, io::parseStatusDraft(r.json()));
                return Response::json(201, io::statusToJson(u));
              }});
}

}  // namespace trellis::http
