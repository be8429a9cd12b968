// Routes of the cultivation ladder (issue 4): designations, the ladder position, yearly
// indicators, expert scores, compliance facts, evaluation, reserve pools, the application
// pipeline and the growth roadmap. Thin handlers: parse, call the service, serialize.
#include <cmath>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "list_answer.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/ladder_json.h"
#include "trellis/io/pool_json.h"

namespace trellis::http {
namespace {

using nlohmann::json;

json stagesJson(const std::vector<std::string>& ids, const rules::Ladder& ladder) {
  json out = json::array();
  for (const auto& id : ids) out.push_back({{"id", id}, {"name_zh", ladder.stage(id).name_zh}});
  return out;
}

json designationJson(const service::DesignationView& v, const rules::Ladder& ladder) {
  return io::designationToJson(v.designation, ladder, v.status);
}

json statsJson(const service::RoadmapStats& s) {
  return {{"planned", s.planned},
          {"overdue", s.overdue},
          {"done", s.done},
          {"done_on_time", s.done_on_time},
          {"waived", s.waived},
          {"on_time_pct", s.on_time ? json(std::round(*s.on_time * 1000) / 10) : json(nullptr)},
          {"next_due", s.next_due ? json(s.next_due->toString()) : json(nullptr)}};
}

// A member with its evaluation summary (lists) or the whole report, steps and milestones (detail).
json memberViewJson(const service::MemberView& v, const rules::Ladder& ladder, bool detail) {
  json j = io::memberToJson(v.member);
  if (v.evaluation) {
    const auto& r = *v.evaluation;
    json gaps = json::array();
    for (const auto* c : r.gaps()) gaps.push_back({{"id", c->id}, {"label_zh", c->label_zh},
                                                   {"status", rules::statusName(c->status)}, {"gap", c->gap_zh}});
    j["evaluation"] = {{"stage", r.stage}, {"year", r.year}, {"overall", rules::statusName(r.overall)},
                       {"total_min", r.total_min ? json(*r.total_min) : json(nullptr)},
                       {"total_max", r.total_max ? json(*r.total_max) : json(nullptr)},
                       {"pass_line", r.pass_line}, {"gaps", gaps}};
    if (detail) j["evaluation_report"] = io::reportToJson(r, ladder);
  } else {
    j["evaluation"] = {{"error", v.evaluation_error}};
  }
  j["pipeline_step"] = v.pipeline_step ? io::stepToJson(*v.pipeline_step) : json(nullptr);
  j["roadmap"] = statsJson(v.roadmap);
  if (detail) {
    json steps = json::array(), milestones = json::array();
    for (const auto& s : v.steps) steps.push_back(io::stepToJson(s));
    for (const auto& m : v.milestones) milestones.push_back(io::milestoneToJson(m));
    j["pipeline"] = steps;
    j["milestones"] = milestones;
  }
  return j;
}

}  // namespace

void addLadderRoutes(Router& router, ApiServices& s) {
  service::LadderService& L = s.ladder;
  service::PoolService& P = s.pools;
  const std::string E = "/api/v1/enterprises/{uscc}";

  // The stages of config/ladder.json and the reserve pools, so forms and labels follow the
  // configuration, not a copy in the UI.
  router.add({"GET", "/api/v1/ladder/stages", "catalog.read", [&L](Request&) {
                return Response::json(200, io::ladderCatalogToJson(L.ladder()));
              }});

  // Designations and the ladder position.
  router.add({"GET", E + "/designations", "ladder.read", [&L](Request& r) {
                r.allowParams({"as_of"});
                json items = json::array();
                for (const auto& v : L.designations(r.caller, r.path_params[0], r.dateParam("as_of")))
                  items.push_back(designationJson(v, L.ladder()));
                return Response::json(200, {{"items", items}});
              }});
  router.add({"POST", E + "/designations", "ladder.write", [&L](Request& r) {
                auto v = L.recordDesignation(r.caller, r.path_params[0], io::parseDesignationDraft(r.json()));
                return Response::json(201, designationJson(v, L.ladder()));
              }});
  router.add({"POST", E + "/designations/{id}/correction", "ladder.write", [&L](Request& r) {
                auto v = L.correctDesignation(r.caller, r.path_params[0], r.idPathParam(1, errc::designation_not_found),
                                              io::parseDesignationDraft(r.json()));
                return Response::json(201, designationJson(v, L.ladder()));
              }});
  router.add({"POST", E + "/designations/{id}/revoke", "ladder.write", [&L](Request& r) {
                auto v = L.revokeDesignation(r.caller, r.path_params[0], r.idPathParam(1, errc::designation_not_found),
                                             io::parseRevocation(r.json()));
                return Response::json(200, designationJson(v, L.ladder()));
              }});
  router.add({"GET", E + "/ladder", "ladder.read", [&L](Request& r) {
                r.allowParams({"as_of"});
                auto v = L.ladderOf(r.caller, r.path_params[0], r.dateParam("as_of"));
                json held = json::array(), timeline = json::array(), records = json::array();
                for (const auto& d : v.position.valid)
                  held.push_back(io::designationToJson(d, L.ladder(), "valid"));
                for (const auto& e : v.timeline) timeline.push_back(io::timelineEventToJson(e, L.ladder()));
                for (const auto& d : v.designations) records.push_back(designationJson(d, L.ladder()));
                const rules::StageDef* top = L.ladder().findStage(v.position.top);
                return Response::json(200, {{"as_of", v.position.as_of.toString()},
                                            {"position", {{"top", orNull(v.position.top)},
                                                          {"top_name", top ? json(top->name_zh) : json(nullptr)},
                                                          {"held", stagesJson(v.position.held, L.ladder())}}},
                                            {"valid", held},
                                            {"next_stages", stagesJson(v.next_stages, L.ladder())},
                                            {"timeline", timeline},
                                            {"designations", records}});
              }});

  // Yearly indicators, expert scores, compliance facts.
  router.add({"GET", E + "/indicators", "ladder.read", [&L](Request& r) {
                json items = json::array();
                for (const auto& v : L.allIndicators(r.caller, r.path_params[0])) items.push_back(io::indicatorsToJson(v));
                return Response::json(200, {{"items", items}});
              }});
  router.add({"GET", E + "/indicators/{year}", "ladder.read", [&L](Request& r) {
                auto row = L.indicators(r.caller, r.path_params[0], r.yearPathParam(1, "year"));
                return Response::json(200, io::indicatorsRecordToJson(row)).with("ETag", etagOf(row.version));
              }});
  router.add({"PUT", E + "/indicators/{year}", "ladder.write", [&L](Request& r) {
                int year = r.yearPathParam(1, "year");
                std::optional<std::int64_t> version = ifMatchVersion(r);
                std::optional<std::int64_t> body_version;
                auto values = io::parseIndicators(r.json(), year, &body_version);
                if (version && body_version && *version != *body_version)
                  throw Error(errc::version_mismatch, "If-Match and the body's version disagree", "version");
                if (!version) version = body_version;
                auto row = L.putIndicators(r.caller, r.path_params[0], values, version);
                return Response::json(200, io::indicatorsRecordToJson(row)).with("ETag", etagOf(row.version));
              }});
  router.add({"GET", E + "/expert-scores/{year}", "ladder.read", [&L](Request& r) {
                std::string note;
                int year = r.yearPathParam(1, "year");
                json j = io::expertScoresToJson(L.expertScores(r.caller, r.path_params[0], year, &note));
                j["year"] = year;
                j["note"] = note;
                return Response::json(200, j);
              }});
  router.add({"PUT", E + "/expert-scores/{year}", "ladder.write", [&L](Request& r) {
                int year = r.yearPathParam(1, "year");
                auto draft = io::parseExpertScores(r.json());
                json j = io::expertScoresToJson(L.putExpertScores(r.caller, r.path_params[0], year, draft));
                j["year"] = year;
                j["note"] = draft.note;
                return Response::json(200, j);
              }});
  router.add({"GET", E + "/ladder-facts", "ladder.read", [&L](Request& r) {
                return Response::json(200, io::ladderFactsToJson(L.facts(r.caller, r.path_params[0])));
              }});
  router.add({"PUT", E + "/ladder-facts", "ladder.write", [&L](Request& r) {
                return Response::json(200, io::ladderFactsToJson(L.putFacts(r.caller, r.path_params[0], io::parseLadderFacts(r.json()))));
              }});
  router.add({"GET", E + "/evaluation", "ladder.read", [&L](Request& r) {
                r.allowParams({"stage", "year", "as_of"});
                auto year = r.intParam("year");
                auto report = L.evaluate(r.caller, r.path_params[0], r.textParam("stage"),
                                         year ? std::optional<int>(static_cast<int>(*year)) : std::nullopt,
                                         r.dateParam("as_of"));
                return Response::json(200, io::reportToJson(report, L.ladder()));
              }});

  // Roadmap of one enterprise.
  router.add({"GET", E + "/roadmap", "pool.read", [&P, &L](Request& r) {
                auto roadmap = P.roadmap(r.caller, r.path_params[0]);
                json items = json::array();
                for (const auto& v : roadmap.memberships) items.push_back(memberViewJson(v, L.ladder(), true));
                return Response::json(200, {{"today", roadmap.today.toString()}, {"memberships", items}});
              }});
  router.add({"POST", E + "/roadmap/milestones", "pool.write", [&P](Request& r) {
                auto m = P.addMilestone(r.caller, r.path_params[0], io::parseMilestoneDraft(r.json(), false));
                return Response::json(201, io::milestoneToJson(m));
              }});
  router.add({"PATCH", E + "/roadmap/milestones/{id}", "pool.write", [&P](Request& r) {
                auto d = io::parseMilestoneDraft(r.json(), true);
                if (auto v = ifMatchVersion(r)) d.version = v;
                auto m = P.editMilestone(r.caller, r.path_params[0], r.idPathParam(1, errc::milestone_not_found), d);
                return Response::json(200, io::milestoneToJson(m));
              }});
  router.add({"POST", E + "/roadmap/milestones/{id}/complete", "pool.write", [&P](Request& r) {
                auto m = P.completeMilestone(r.caller, r.path_params[0], r.idPathParam(1, errc::milestone_not_found),
                                             io::parseMilestoneComplete(r.body.empty() ? json::object() : r.json()));
                return Response::json(200, io::milestoneToJson(m));
              }});
  router.add({"POST", E + "/roadmap/milestones/{id}/waive", "pool.write", [&P](Request& r) {
                auto m = P.waiveMilestone(r.caller, r.path_params[0], r.idPathParam(1, errc::milestone_not_found),
                                          io::parseMilestoneWaive(r.json()));
                return Response::json(200, io::milestoneToJson(m));
              }});

  router.add({"POST", E + "/roadmap/milestones/{id}/reopen", "pool.write", [&P](Request& r) {
                auto m = P.reopenMilestone(r.caller, r.path_params[0], r.idPathParam(1, errc::milestone_not_found),
                                           io::parseMilestoneWaive(r.json()));
                return Response::json(200, io::milestoneToJson(m));
              }});

  // Reserve pools.
  router.add({"GET", "/api/v1/pools", "pool.read", [&P, &L](Request& r) {
                json items = json::array();
                for (const auto& p : P.pools(r.caller)) {
                  items.push_back({{"id", p.pool->id}, {"name_zh", p.pool->name_zh},
                                   {"target_stages", stagesJson(p.pool->target_stages, L.ladder())},
                                   {"open_members", p.open_members}});
                }
                return Response::json(200, {{"items", items}});
              }});
  router.add({"POST", "/api/v1/pools/{pool}/members", "pool.write", [&P, &L](Request& r) {
                auto v = P.enter(r.caller, r.path_params[0], io::parseMemberDraft(r.json()));
                return Response::json(201, memberViewJson(v, L.ladder(), true))
                    .with("Location", "/api/v1/pools/" + v.member.pool + "/members/" + std::to_string(v.member.id));
              }});
  router.add({"GET", "/api/v1/pools/{pool}/members", "pool.read", [&P, &L, &s](Request& r) {
                r.allowParams({"region", "tier", "target_year", "include_exited", "limit", "cursor", "format"});
                TableFormat format = tableFormat(r, false);
                service::MemberQuery q;
                readTextParams(r, {{"region", &q.region}, {"tier", &q.tier}, {"cursor", &q.cursor}});
                if (auto y = r.intParam("target_year")) q.target_year = static_cast<int>(*y);
                q.include_exited = r.flagParam("include_exited");
                q.limit = r.intParam("limit");
                const std::string& pool = r.path_params[0];
                const domain::PoolDef* def = domain::findPool(pool);
                return listAnswer(
                    format,
                    {pool + "-members", std::string(def ? def->name_zh : "后备库") + "成员",
                     [&](domain::TableSink& sink) { s.exports.poolMembers(r.caller, pool, q, sink); }},
                    [&] { return P.members(r.caller, pool, q); },
                    [&](const auto& v) { return memberViewJson(v, L.ladder(), false); });
              }});
  router.add({"GET", "/api/v1/pools/{pool}/members/{id}", "pool.read", [&P, &L](Request& r) {
                auto v = P.member(r.caller, r.path_params[0], r.idPathParam(1, errc::pool_member_not_found));
                return Response::json(200, memberViewJson(v, L.ladder(), true));
              }});
  router.add({"POST", "/api/v1/pools/{pool}/members/{id}/exit", "pool.write", [&P, &L](Request& r) {
                auto v = P.exit(r.caller, r.path_params[0], r.idPathParam(1, errc::pool_member_not_found),
                                io::parseExitDraft(r.json()));
                return Response::json(200, memberViewJson(v, L.ladder(), true));
              }});
  router.add({"POST", "/api/v1/pools/{pool}/members/{id}/pipeline", "pool.write", [&P](Request& r) {
                auto step = P.addStep(r.caller, r.path_params[0], r.idPathParam(1, errc::pool_member_not_found),
                                      io::parseStepDraft(r.json()));
                return Response::json(201, io::stepToJson(step));
              }});
  router.add({"GET", "/api/v1/pools/{pool}/milestones", "pool.read", [&P, &s](Request& r) {
                r.allowParams({"region", "due_before", "limit", "cursor", "format"});
                TableFormat format = tableFormat(r, false);
                service::DueQuery q;
                readTextParams(r, {{"region", &q.region}, {"cursor", &q.cursor}});
                q.due_before = r.dateParam("due_before");
                q.limit = r.intParam("limit");
                const std::string& pool = r.path_params[0];
                if (format != TableFormat::json) {
                  const domain::PoolDef* def = domain::findPool(pool);
                  return tableDownload(format, pool + "-milestones", std::string(def ? def->name_zh : "后备库") + "到期节点",
                                       [&](domain::TableSink& sink) { s.exports.milestones(r.caller, pool, q, sink); });
                }
                auto page = P.dueMilestones(r.caller, pool, q);
                json answer = pageJson(page, [](const auto& it) {
                  json m = io::milestoneToJson(it.milestone);
                  m["member"] = {{"id", it.member.id}, {"uscc", it.member.uscc},
                                 {"enterprise_name", it.member.enterprise_name}, {"region", it.member.region_code},
                                 {"tier", it.member.tier}, {"target_stage", it.member.target_stage},
                                 {"target_year", it.member.target_year}};
                  return m;
                });
                answer["due_before"] = page.due_before.toString();
                answer["today"] = page.today.toString();
                return Response::json(200, answer);
              }});
}

}  // namespace trellis::http
