// The one-to-one liaison routes (README "Liaison"): assignments, the contact log, problems, the
// follow-up queue and the metrics. Thin: parse, call the service, serialize.
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/liaison_json.h"

namespace trellis::http {
namespace {

nlohmann::json orNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

template <class T>
nlohmann::json orNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json dateOrNull(const std::optional<Date>& d) { return d ? nlohmann::json(d->toString()) : nlohmann::json(nullptr); }

nlohmann::json assignmentJson(const service::AssignmentView& v) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& a : v.history) history.push_back(io::assignmentToJson(a));
  return {{"enterprise", io::enterpriseRefToJson(v.enterprise.uscc, v.enterprise.name, v.enterprise.region_code)},
          {"current", v.current ? io::assignmentToJson(*v.current) : nlohmann::json(nullptr)},
          {"history", history}};
}

nlohmann::json contactJson(const service::ContactView& v) {
  nlohmann::json j = io::contactToJson(v.contact);
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : v.problems) problems.push_back(io::problemToJson(p));
  j["problems"] = problems;
  return j;
}

Response problemResponse(const service::ProblemView& v) {
  nlohmann::json j = io::problemWithEnterpriseToJson(v.row);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : v.events) events.push_back(io::problemEventToJson(e));
  j["events"] = events;
  return Response::json(200, j).with("ETag", etagOf(v.row.problem.version));
}

nlohmann::json rate(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 10000.0) / 10000.0;  // 4 decimals: 0.8571
}

nlohmann::json metricsJson(const report::LiaisonMetrics& m, bool with_coverage) {
  nlohmann::json j = {{"members", m.members},
                      {"contacts", m.contacts},
                      {"contacts_all", m.contacts_all},
                      {"contacts_per_member", rate(m.contacts_per_member)},
                      {"members_within_cadence", m.members_within_cadence},
                      {"within_cadence_rate", rate(m.within_cadence_rate)},
                      {"problems_raised", m.problems_raised},
                      {"problems_resolved", m.problems_resolved},
                      {"resolution_rate", rate(m.resolution_rate)},
                      {"median_days_to_resolve", orNull(m.median_days_to_resolve)},
                      {"problems_closed", m.problems_closed},
                      {"problems_satisfied", m.problems_satisfied},
                      {"satisfaction_rate", rate(m.satisfaction_rate)}};
  if (with_coverage) {
    j["members_assigned"] = m.members_assigned;
    j["coverage"] = rate(m.coverage);
  }
  return j;
}

Response assign(ApiServices& s, Request& r) {
  auto v = s.liaison.assign(r.caller, r.path_params[0], io::parseAssignmentRequest(r.json()));
  nlohmann::json body = assignmentJson(v);
  body["changed"] = v.changed;
  return Response::json(200, body);
}

// Chinese names of a problem's states, as the problem board shows them.
const char* problemStatusZh(domain::ProblemStatus status) {
  switch (status) {
    case domain::ProblemStatus::open: return "待办理";
    case domain::ProblemStatus::in_progress: return "办理中";
    case domain::ProblemStatus::resolved: return "已解决";
    case domain::ProblemStatus::closed: return "已办结";
    case domain::ProblemStatus::escalated: return "已上报";
  }
  return "";
}

// GET /problems?format=csv|xlsx: every problem the filters and the caller's scope select, in the
// list's order, page by page through the same service call; more than the export cap is refused.
Response exportProblems(ApiServices& s, Request& r, TableFormat format, service::ProblemQuery q) {
  q.limit = s.enterprises.maxPageSize();
  q.cursor.clear();
  auto label = [](const domain::LabeledCode* c, const std::string& code) { return c ? c->name : code; };
  auto fill = [&](domain::TableSink& sink) {
    using domain::CellType;
    sink.beginSheet("问题台账", {{"id", "编号", CellType::integer},
                                 {"uscc", "统一社会信用代码", CellType::text},
                                 {"enterprise_name", "企业名称", CellType::text},
                                 {"region", "所属县区", CellType::text},
                                 {"category", "问题类别", CellType::text},
                                 {"description", "问题描述", CellType::text},
                                 {"owner_unit", "责任单位", CellType::text},
                                 {"raised_on", "提出日期", CellType::date},
                                 {"deadline", "办理时限", CellType::date},
                                 {"status", "状态", CellType::text},
                                 {"overdue", "是否超期", CellType::text},
                                 {"days_past_deadline", "超期天数", CellType::integer},
                                 {"resolution", "办理结果", CellType::text},
                                 {"closed_on", "办结日期", CellType::date},
                                 {"satisfaction", "满意度", CellType::integer}});
    std::int64_t written = 0;
    for (;;) {
      auto page = s.problems.list(r.caller, q);
      for (const auto& item : page.items) {
        if (++written > s.enterprises.exportMaxRows())
          throw Error(errc::export_too_large,
                      "more than " + std::to_string(s.enterprises.exportMaxRows()) + " problems match: narrow the filters",
                      "format");
        const domain::Problem& p = item.problem;
        const domain::Region* region = s.catalog.findRegion(item.region_code);
        const domain::ProblemCategory* category = s.liaison_config.findCategory(p.category);
        domain::Row row;
        row.emplace_back(p.id);
        row.emplace_back(item.uscc);
        row.emplace_back(item.enterprise_name);
        row.emplace_back(region ? region->name : item.region_code);
        row.emplace_back(category ? category->name : p.category);
        row.emplace_back(p.description);
        row.emplace_back(label(s.liaison_config.findOwnerUnit(p.owner_unit), p.owner_unit));
        row.emplace_back(p.raised_on);
        row.emplace_back(p.deadline);
        row.emplace_back(std::string(problemStatusZh(p.status)));
        row.emplace_back(std::string(item.overdue ? "超期" : ""));
        if (item.days_past_deadline > 0) row.emplace_back(item.days_past_deadline); else row.emplace_back(std::monostate{});
        row.emplace_back(p.resolution);
        if (p.closed_on) row.emplace_back(*p.closed_on); else row.emplace_back(std::monostate{});
        if (p.satisfaction) row.emplace_back(static_cast<std::int64_t>(*p.satisfaction)); else row.emplace_back(std::monostate{});
        sink.row(row);
      }
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
  };
  return tableDownload(format, "problems", "问题台账", fill);
}

}  // namespace

void addLiaisonRoutes(Router& router, ApiServices& s) {
  router.add({"GET", "/api/v1/liaison/config", "catalog.read", [&s](Request&) {
                return Response::json(200, io::liaisonConfigToJson(s.liaison_config));
              }});

  router.add({"GET", "/api/v1/enterprises/{uscc}/liaison", "liaison.read", [&s](Request& r) {
                return Response::json(200, assignmentJson(s.liaison.assignment(r.caller, r.path_params[0])));
              }});
  router.add({"PUT", "/api/v1/enterprises/{uscc}/liaison", "liaison.assign", [&s](Request& r) { return assign(s, r); }});
  router.add({"POST", "/api/v1/enterprises/{uscc}/liaison", "liaison.assign", [&s](Request& r) { return assign(s, r); }});
  router.add({"DELETE", "/api/v1/enterprises/{uscc}/liaison", "liaison.assign", [&s](Request& r) {
                r.allowParams({"reason"});
                auto v = s.liaison.unassign(r.caller, r.path_params[0], r.textParam("reason"));
                return Response::json(200, assignmentJson(v));
              }});
  router.add({"POST", "/api/v1/liaison/assignments", "liaison.assign", [&s](Request& r) {
                auto n = s.liaison.assignMany(r.caller, io::parseBulkAssignmentRequest(r.json()));
                return Response::json(200, {{"changed", n}});
              }});

  router.add({"GET", "/api/v1/enterprises/{uscc}/contacts", "contact.read", [&s](Request& r) {
                r.allowParams({"limit", "cursor"});
                auto list = s.liaison.contacts(r.caller, r.path_params[0], r.intParam("limit"), r.textParam("cursor"));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& v : list.items) items.push_back(contactJson(v));
                const auto& e = list.enterprise;
                return Response::json(200, {{"enterprise", io::enterpriseRefToJson(e.uscc, e.name, e.region_code)},
                                            {"items", items},
                                            {"next_cursor", orNull(list.next_cursor)}});
              }});
  router.add({"POST", "/api/v1/enterprises/{uscc}/contacts", "contact.write", [&s](Request& r) {
                auto v = s.liaison.logContact(r.caller, r.path_params[0], io::parseContactDraft(r.json()));
                return Response::json(201, contactJson(v));
              }});

  router.add({"GET", "/api/v1/problems", "problem.read", [&s](Request& r) {
                r.allowParams({"status", "category", "owner_unit", "region", "enterprise", "overdue", "limit", "cursor", "format"});
                TableFormat format = tableFormat(r, false);
                service::ProblemQuery q;
                q.status = r.textParam("status");
                q.category = r.textParam("category");
                q.owner_unit = r.textParam("owner_unit");
                q.region = r.textParam("region");
                q.uscc = r.textParam("enterprise");
                q.overdue = r.flagParam("overdue");
                q.limit = r.intParam("limit");
                q.cursor = r.textParam("cursor");
                if (format != TableFormat::json) return exportProblems(s, r, format, q);
                auto list = s.problems.list(r.caller, q);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& p : list.items) items.push_back(io::problemWithEnterpriseToJson(p));
                return Response::json(200, {{"items", items}, {"next_cursor", orNull(list.next_cursor)}});
              }});
  router.add({"GET", "/api/v1/problems/{id}", "problem.read", [&s](Request& r) {
                return problemResponse(s.problems.get(r.caller, r.idPathParam(0, errc::problem_not_found)));
              }});
  router.add({"PATCH", "/api/v1/problems/{id}", "problem.write", [&s](Request& r) {
                std::int64_t id = r.idPathParam(0, errc::problem_not_found);
                auto patch = io::parseProblemPatch(r.json());
                return problemResponse(s.problems.change(r.caller, id, patch, ifMatchVersion(r)));
              }});

  router.add({"GET", "/api/v1/liaison/queue", "liaison.queue", [&s](Request& r) {
                r.allowParams({"officer"});
                auto q = s.follow_up.queue(r.caller, r.textParam("officer"));
                nlohmann::json contacts = nlohmann::json::array();
                for (const auto& i : q.contacts) {
                  contacts.push_back({{"enterprise", io::enterpriseRefToJson(i.uscc, i.name, i.region_code)},
                                      {"contact_phone", i.contact_phone},
                                      {"tier", orNull(i.tier)},
                                      {"cadence_days", i.cadence_days},
                                      {"last_contact", dateOrNull(i.last_contact)},
                                      {"promised", dateOrNull(i.promised)},
                                      {"due_on", i.due_on.toString()},
                                      {"days_overdue", i.days_overdue},
                                      {"state", i.state}});
                }
                nlohmann::json problems = nlohmann::json::array();
                for (const auto& p : q.problems_past_deadline) {
                  auto j = io::problemWithEnterpriseToJson(p);
                  j["days_past_deadline"] = p.days_past_deadline;
                  problems.push_back(j);
                }
                return Response::json(200, {{"officer", q.officer_login},
                                            {"today", q.today.toString()},
                                            {"contacts", contacts},
                                            {"problems_past_deadline", problems}});
              }});

  router.add({"GET", "/api/v1/liaison/metrics", "liaison.metrics", [&s](Request& r) {
                r.allowParams({"region", "from", "to"});
                service::MetricsQuery q;
                q.region = r.textParam("region");
                q.from = r.param("from");
                q.to = r.param("to");
                auto m = s.follow_up.metrics(r.caller, q);
                nlohmann::json officers = nlohmann::json::array();
                for (const auto& o : m.officers) {
                  auto j = metricsJson(o.metrics, false);
                  j["officer"] = {{"login", o.login}, {"display_name", o.display_name}};
                  officers.push_back(j);
                }
                return Response::json(200, {{"region", m.region.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.region)},
                                            {"from", m.from.toString()},
                                            {"to", m.to.toString()},
                                            {"totals", metricsJson(m.totals, true)},
                                            {"officers", officers}});
              }});
}

}  // namespace trellis::http
