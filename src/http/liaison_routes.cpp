// The one-to-one liaison routes (README "Liaison"): assignments, the contact log, problems, the
// follow-up queue and the metrics. Thin: parse, call the service, serialize.
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "list_answer.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/liaison_json.h"

namespace trellis::http {
namespace {

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
                auto page = pageJson(list, contactJson);
                const auto& e = list.enterprise;
                page["enterprise"] = io::enterpriseRefToJson(e.uscc, e.name, e.region_code);
                return Response::json(200, page);
              }});
  router.add({"POST", "/api/v1/enterprises/{uscc}/contacts", "contact.write", [&s](Request& r) {
                auto v = s.liaison.logContact(r.caller, r.path_params[0], io::parseContactDraft(r.json()));
                return Response::json(201, contactJson(v));
              }});

  // The contact log across the enterprises the caller sees (走访台账), newest first; ?format=csv|xlsx
  // downloads every row the filters select.
  router.add({"GET", "/api/v1/contacts", "contact.read", [&s](Request& r) {
                r.allowParams({"region", "from", "to", "limit", "cursor", "format"});
                TableFormat format = tableFormat(r, false);
                service::ContactLogQuery q;
                readTextParams(r, {{"region", &q.region}, {"cursor", &q.cursor}});
                q.from = r.dateParam("from");
                q.to = r.dateParam("to");
                q.limit = r.intParam("limit");
                return listAnswer(
                    format,
                    {"contacts", "走访台账", [&](domain::TableSink& sink) { s.exports.contacts(r.caller, q, sink); }},
                    [&] { return s.liaison.contactLog(r.caller, q); }, io::contactLogItemToJson);
              }});

  router.add({"GET", "/api/v1/problems", "problem.read", [&s](Request& r) {
                r.allowParams({"status", "category", "owner_unit", "region", "enterprise", "overdue", "limit", "cursor", "format"});
                TableFormat format = tableFormat(r, false);
                service::ProblemQuery q;
                readTextParams(r, {{"status", &q.status},
                                   {"category", &q.category},
                                   {"owner_unit", &q.owner_unit},
                                   {"region", &q.region},
                                   {"enterprise", &q.uscc},
                                   {"cursor", &q.cursor}});
                q.overdue = r.flagParam("overdue");
                q.limit = r.intParam("limit");
                return listAnswer(
                    format,
                    {"problems", "问题台账", [&](domain::TableSink& sink) { s.exports.problems(r.caller, q, sink); }},
                    [&] { return s.problems.list(r.caller, q); }, io::problemWithEnterpriseToJson);
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
                return Response::json(200, {{"region", orNull(m.region)},
                                            {"from", m.from.toString()},
                                            {"to", m.to.toString()},
                                            {"totals", metricsJson(m.totals, true)},
                                            {"officers", officers}});
              }});
}

}  // namespace trellis::http
