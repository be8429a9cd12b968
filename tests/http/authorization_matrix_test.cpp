// THE AUTHORIZATION MATRIX (issue 3 "Tests"; RELIABILITY.md T20, T21): every route printed by
// `trellis routes` × every principal × an in-scope and an out-of-scope object, against the real
// `trellis serve`, compared with the expectation table below. The table is written from the
// issues' role definitions, not from src/auth/policy.cpp:
//   admin    user management only (plus reading the audit trail, issue 3 "Audit trail")
//   bureau   city S&T bureau: read/write everything, city-wide
//   county   one region's enterprises; another region's are 404 (existence does not leak)
//   liaison  only enterprises assigned to them; no assignments are made here, so none
//   auditor  reads the audit log only
//   viewer   read-only within a scope (here region 411002)
//   anonymous  public routes only
// Object A lives in 411002 (county A's, the liaison's and the viewer's region), object B in
// 411082 (county B's). A route in `trellis routes` without a row here FAILS the test, and so does
// a row for a route that no longer exists: adding a route means adding one line below.
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>

#include "auth_harness.h"

namespace trellis::authtest {
namespace {

enum Who { kAdmin, kBureau, kCountyA, kCountyB, kLiaison, kAuditor, kViewer, kAnonymous, kWhoCount };
const char* const kWhoName[kWhoCount] = {"admin", "bureau", "county A (411002)", "county B (411082)",
                                         "liaison (411002, none assigned)", "auditor", "viewer (411002)",
                                         "anonymous"};
// The `trellis user demo-users` login of each principal ("" = anonymous).
const char* const kWhoLogin[kWhoCount] = {"admin", "bureau", "weidu", "changge", "liaison", "auditor", "viewer", ""};
// Region a principal may see ("" = the whole city; "-" = nothing: the unassigned liaison).
const char* const kWhoScope[kWhoCount] = {"", "", "411002", "411082", "-", "", "411002", ""};

enum Obj { kObjA, kObjB };
const char* const kObjRegion[2] = {"411002", "411082"};

// One row: the route as `trellis routes` prints it, then the expected status for each principal
// in the order admin, bureau, county A, county B, liaison, auditor, viewer, anonymous. "S" means S
// on both objects; "SA/SB" the status on object A, then on object B.
struct Expectation {
  const char* route;
  const char* statuses;
};

// clang-format off
const Expectation kMatrix[] = {
    //                                                      admin    bureau   countyA  countyB  liaison  auditor  viewer   anon
    {"GET /api/v1/health",                                 "200      200      200      200      200      200      200      200"},
    {"GET /api/v1/regions",                                "200      200      200      200      200      200      200      401"},
    {"GET /api/v1/industries",                             "200      200      200      200      200      200      200      401"},
    {"POST /api/v1/enterprises",                           "403      201      201/403  403/201  403      403      403      401"},
    {"GET /api/v1/enterprises",                            "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/enterprises/{uscc}",                     "403      200      200/404  404/200  404      403      200/404  401"},
    {"PATCH /api/v1/enterprises/{uscc}",                   "403      200      200/404  404/200  403      403      403      401"},
    {"DELETE /api/v1/enterprises/{uscc}",                  "403      200      200/404  404/200  403      403      403      401"},
    {"POST /api/v1/enterprises/{uscc}/restore",            "403      200      200/404  404/200  403      403      403      401"},
    {"GET /api/v1/enterprises/{uscc}/contact-phone",       "403      200      200/404  404/200  404      403      403      401"},
    {"POST /api/v1/session",                               "201      201      201      201      201      201      201      201"},
    {"GET /api/v1/me",                                     "200      200      200      200      200      200      200      401"},
    {"DELETE /api/v1/session",                             "204      204      204      204      204      204      204      401"},
    {"GET /api/v1/user-names",                             "200      200      200      200      200      200      200      401"},
    {"PUT /api/v1/me/password",                            "422      422      422      422      422      422      422      401"},
    {"GET /api/v1/users",                                  "200      403      403      403      403      403      403      401"},
    {"GET /api/v1/users/{login}",                          "200      403      403      403      403      403      403      401"},
    {"POST /api/v1/users",                                 "201      403      403      403      403      403      403      401"},
    {"PATCH /api/v1/users/{login}",                        "200      403      403      403      403      403      403      401"},
    {"GET /api/v1/audit",                                  "200      403      403      403      403      200      403      401"},
    {"GET /api/v1/audit/names",                            "200      403      403      403      403      200      403      401"},
    {"GET /api/v1/audit/verify",                           "200      403      403      403      403      200      403      401"},
    // Issue 5 (liaison). The demo liaison officer has no assignment here, so every enterprise is
    // out of its reach (404); "ok" = the gate and the scope let the call through (not 401/403/404,
    // no 5xx) where the answer then depends on the body or on state the matrix does not set up.
    {"GET /api/v1/liaison/config",                         "200      200      200      200      200      200      200      401"},
    {"GET /api/v1/ladder/stages",                          "200      200      200      200      200      200      200      401"},
    {"GET /api/v1/enterprises/{uscc}/liaison",             "403      200      200/404  404/200  404      403      200/404  401"},
    {"PUT /api/v1/enterprises/{uscc}/liaison",             "403      ok       ok/404   404/ok   403      403      403      401"},
    {"POST /api/v1/enterprises/{uscc}/liaison",            "403      ok       ok/404   404/ok   403      403      403      401"},
    {"DELETE /api/v1/enterprises/{uscc}/liaison",          "403      ok       ok/404   404/ok   403      403      403      401"},
    {"POST /api/v1/liaison/assignments",                   "403      422      422      422      403      403      403      401"},
    {"GET /api/v1/enterprises/{uscc}/contacts",            "403      200      200/404  404/200  404      403      200/404  401"},
    {"POST /api/v1/enterprises/{uscc}/contacts",           "403      ok       ok/404   404/ok   404      403      403      401"},
    {"GET /api/v1/contacts",                               "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/problems",                               "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/problems/{id}",                          "403      404      404      404      404      403      404      401"},
    {"PATCH /api/v1/problems/{id}",                        "403      404      404      404      404      403      403      401"},
    {"GET /api/v1/liaison/queue",                          "403      200      200      out      200      403      403      401"},
    {"GET /api/v1/liaison/metrics",                        "403      200      200/403  403/200  200/403  403      403      401"},
    // Issue 11 (progress against the plan): the figures of every region for every role that reads
    // reports; drill-downs answer 200 for all of them but list only what is in scope (checkNoLeak);
    // status updates and target splits are the bureau's ("ok": the empty body is refused, 422).
    {"GET /api/v1/reports/plan",                           "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/targets",                        "403      200      200      200      200      403      200      401"},
    {"PUT /api/v1/reports/targets/{metric}/{period}",      "403      ok       403      403      403      403      403      401"},
    {"GET /api/v1/reports/progress",                       "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/ladder",                         "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/funnel",                         "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/scorecard",                      "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/liaison",                        "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/drill-down",                     "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/roadmap-book",                   "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/reports/tasks/{task}/status",            "403      200      200      200      200      403      200      401"},
    {"POST /api/v1/reports/tasks/{task}/status",           "403      ok       403      403      403      403      403      401"},
    // Issue 12 (imports): bureau and county import, each into its own scope. The matrix sends
    // "{}" as the file (no kind: 422) and asks for batch 1, which does not exist (404); the batch
    // scope (county B cannot see county A's batch: 404) is tested in import_api_test.cpp.
    {"POST /api/v1/imports",                               "403      422      422      422      403      403      403      401"},
    {"GET /api/v1/imports",                                "403      200      200      200      403      403      403      401"},
    {"GET /api/v1/imports/{id}",                           "403      404      404      404      403      403      403      401"},
    {"GET /api/v1/imports/templates/{kind}",               "403      200      200      200      403      403      403      401"},
    {"GET /api/v1/imports/{id}/errors",                    "403      404      404      404      403      403      403      401"},
    {"POST /api/v1/imports/{id}/commit",                   "403      404      404      404      403      403      403      401"},
    {"POST /api/v1/imports/{id}/revert",                   "403      404      404      404      403      403      403      401"},
    // The preview, the recheck with another sheet or mapping (batch 1 never exists: 404 for the
    // empty body), and the saved mappings: shared by everyone who imports, so a county lists
    // them all; mapping 1 never exists.
    {"GET /api/v1/imports/{id}/preview",                   "403      404      404      404      403      403      403      401"},
    {"POST /api/v1/imports/{id}/mapping",                  "403      404      404      404      403      403      403      401"},
    {"GET /api/v1/imports/mappings",                       "403      200      200      200      403      403      403      401"},
    {"DELETE /api/v1/imports/mappings/{id}",               "403      404      404      404      403      403      403      401"},
    // Issue 10 (the innovation graph). Nodes are addressed as enterprise:<USCC> of the object, so a
    // county reaches its own enterprise's node and gets 404 (as absent) for the other's; the
    // unassigned liaison officer sees no node. PUT/DELETE of an enterprise's node are refused by
    // the handler (422: it follows the register); POST links joins the object to itself (422
    // self_link, nothing written); no link exists, so links/{id} is 404 for every reader.
    {"GET /api/v1/graph/config",                           "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/graph/nodes",                            "403      200      200      200      200      403      200      401"},
    {"POST /api/v1/graph/nodes",                           "403      201      201/403  403/201  403      403      403      401"},
    {"GET /api/v1/graph/nodes/{id}",                       "403      200      200/404  404/200  404      403      200/404  401"},
    {"PUT /api/v1/graph/nodes/{id}",                       "403      422      422/404  404/422  403      403      403      401"},
    {"DELETE /api/v1/graph/nodes/{id}",                    "403      422      422/404  404/422  403      403      403      401"},
    {"GET /api/v1/graph/links",                            "403      200      200/404  404/200  404      403      200/404  401"},
    {"POST /api/v1/graph/links",                           "403      422      422/404  404/422  403      403      403      401"},
    {"GET /api/v1/graph/links/{id}",                       "403      404      404      404      404      403      404      401"},
    {"POST /api/v1/graph/links/{id}/end",                  "403      404      404      404      403      403      403      401"},
    {"GET /api/v1/graph/neighbourhood",                    "403      200      200/404  404/200  404      403      200/404  401"},
    {"GET /api/v1/graph/path",                             "403      200      200/404  404/200  404      403      200/404  401"},
    {"GET /api/v1/graph/components",                       "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/graph/centrality",                       "403      200      200      200      200      403      200      401"},
    // Exact-betweenness jobs: every graph reader may start one over its own view. The matrix
    // sends an unknown kind (422 before anything starts, so no job runs between the cells) and
    // asks for job 1, which never exists (404).
    {"POST /api/v1/graph/centrality/jobs",                 "403      422      422      422      422      403      422      401"},
    {"GET /api/v1/graph/centrality/jobs/{id}",             "403      404      404      404      404      403      404      401"},
    {"GET /api/v1/graph/isolated",                         "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/graph/partners",                         "403      200      200/404  404/200  404      403      200/404  401"},
    {"GET /api/v1/graph/sharing",                          "403      200      200/404  404/200  404      403      200/404  401"},
    {"GET /api/v1/graph/export",                           "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/graph/counts",                           "403      200      200      200      200      403      200      401"},
};
// clang-format on

// Issue 4 (ladder, indicators, pools, roadmaps), being written while this matrix was: rows for its
// routes are checked whenever `trellis routes` prints them, and are not "stale" while it does not.
// Enterprise sub-resources follow the enterprise's scope: reads for the reading roles, writes for
// bureau and county only. "out" = refused without effect (404 out of scope, or 422 when the body
// is checked before the scope): never 2xx.
// clang-format off
const Expectation kPendingMatrix[] = {
    //                                                      admin    bureau   countyA  countyB  liaison  auditor  viewer   anon
    {"GET /api/v1/enterprises/{uscc}/designations",        "403      200      200/404  404/200  404      403      200/404  401"},
    {"POST /api/v1/enterprises/{uscc}/designations",       "403      ok       ok/out   out/ok   403      403      403      401"},
    {"POST /api/v1/enterprises/{uscc}/designations/{id}/correction", "403 ok  ok/out   out/ok   403      403      403      401"},
    {"POST /api/v1/enterprises/{uscc}/designations/{id}/revoke",     "403 ok  ok/out   out/ok   403      403      403      401"},
    {"GET /api/v1/enterprises/{uscc}/ladder",              "403      200      200/404  404/200  404      403      200/404  401"},
    {"GET /api/v1/enterprises/{uscc}/indicators",          "403      200      200/404  404/200  404      403      200/404  401"},
    {"GET /api/v1/enterprises/{uscc}/indicators/{year}",   "403      ok       ok/404   404/ok   404      403      ok/404   401"},
    {"PUT /api/v1/enterprises/{uscc}/indicators/{year}",   "403      ok       ok/out   out/ok   403      403      403      401"},
    {"GET /api/v1/enterprises/{uscc}/expert-scores/{year}", "403     ok       ok/404   404/ok   404      403      ok/404   401"},
    {"PUT /api/v1/enterprises/{uscc}/expert-scores/{year}", "403     ok       ok/out   out/ok   403      403      403      401"},
    {"GET /api/v1/enterprises/{uscc}/ladder-facts",        "403      200      200/404  404/200  404      403      200/404  401"},
    {"PUT /api/v1/enterprises/{uscc}/ladder-facts",        "403      ok       ok/out   out/ok   403      403      403      401"},
    {"GET /api/v1/enterprises/{uscc}/evaluation",          "403      ok       ok/404   404/ok   404      403      ok/404   401"},
    {"GET /api/v1/enterprises/{uscc}/roadmap",             "403      ok       ok/404   404/ok   404      403      ok/404   401"},
    {"POST /api/v1/enterprises/{uscc}/roadmap/milestones", "403      ok       ok/out   out/ok   403      403      403      401"},
    {"PATCH /api/v1/enterprises/{uscc}/roadmap/milestones/{id}",          "403 ok ok/out out/ok 403 403   403      401"},
    {"POST /api/v1/enterprises/{uscc}/roadmap/milestones/{id}/complete",  "403 ok ok/out out/ok 403 403   403      401"},
    {"POST /api/v1/enterprises/{uscc}/roadmap/milestones/{id}/waive",     "403 ok ok/out out/ok 403 403   403      401"},
    {"POST /api/v1/enterprises/{uscc}/roadmap/milestones/{id}/reopen",    "403 ok ok/out out/ok 403 403   403      401"},
    {"GET /api/v1/pools",                                  "403      200      200      200      200      403      200      401"},
    {"POST /api/v1/pools/{pool}/members",                  "403      ok       ok       ok       403      403      403      401"},
    {"GET /api/v1/pools/{pool}/members",                   "403      200      200      200      200      403      200      401"},
    {"GET /api/v1/pools/{pool}/members/{id}",              "403      ok       ok       ok       ok       403      ok       401"},
    {"POST /api/v1/pools/{pool}/members/{id}/exit",        "403      ok       ok       ok       403      403      403      401"},
    {"POST /api/v1/pools/{pool}/members/{id}/pipeline",    "403      ok       ok       ok       403      403      403      401"},
    {"GET /api/v1/pools/{pool}/milestones",                "403      200      200      200      200      403      200      401"},
};
// clang-format on

// "ok": authorization and scope passed; the status is whatever the handler says about the request
// itself (2xx, 409, 422, or 404 for a sub-resource that does not exist) — but not the 404 that
// hides an out-of-scope enterprise ("enterprise_not_found"), nor 401/403/5xx.
constexpr int kThrough = -1, kRefusedOut = -2;
bool matches(int want, const Reply& r) {
  if (want == kRefusedOut) return r.status == 404 || r.status == 422;
  if (want != kThrough) return r.status == want;
  if (r.status == 404) return r.errorCode() != "enterprise_not_found";
  return r.status != 401 && r.status != 403 && r.status < 500 && r.status >= 200;
}
std::string statusName(int want) {
  return want == kThrough ? "ok" : want == kRefusedOut ? "out (404 or 422)" : std::to_string(want);
}

struct Cell {
  int a = 0, b = 0;
};

std::array<Cell, kWhoCount> parseStatuses(const std::string& route, const std::string& text) {
  std::array<Cell, kWhoCount> out;
  std::istringstream in(text);
  std::string tok;
  int i = 0;
  while (in >> tok) {
    if (i >= kWhoCount) FAIL("matrix row " << route << " has more than " << kWhoCount << " statuses");
    auto slash = tok.find('/');
    auto status = [](const std::string& t) { return t == "ok" ? kThrough : t == "out" ? kRefusedOut : std::stoi(t); };
    out[i].a = status(tok.substr(0, slash));
    out[i].b = slash == std::string::npos ? out[i].a : status(tok.substr(slash + 1));
    ++i;
  }
  if (i != kWhoCount) FAIL("matrix row " << route << " has " << i << " statuses, expected " << kWhoCount);
  return out;
}

// `trellis routes` → "METHOD /path" in table order.
std::vector<std::string> routeTable(AuthServer& server) {
  std::string out;
  REQUIRE(server.cli({"routes"}, "", &out) == 0);
  auto json = nlohmann::json::parse(out, nullptr, false);
  REQUIRE(json.is_array());
  std::vector<std::string> routes;
  for (const auto& r : json) {
    REQUIRE(r.contains("action"));
    CHECK_FALSE(r["action"].get<std::string>().empty());  // every route declares its action
    routes.push_back(r["method"].get<std::string>() + " " + r["path"].get<std::string>());
  }
  return routes;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

struct World {
  AuthServer& server;
  std::map<std::string, std::string> passwords;
  std::array<std::string, kWhoCount> tokens;
  std::array<std::string, 2> uscc;         // object A, object B
  std::array<std::string, 2> user_login;   // user objects: a county user in each region
  std::uint64_t serial = 1000;
  int counter = 0;

  Headers auth(Who who) const {
    if (who == kAnonymous) return {};
    return {bearer(tokens[who])};
  }
  std::string etag(Obj o) {
    auto r = server.request("GET", "/api/v1/enterprises/" + uscc[o], "", {bearer(tokens[kBureau])});
    REQUIRE(r.status == 200);
    return r.header("ETag");
  }
};

struct Call {
  std::string method, path, body;
  Headers headers;
};

// What each route is called with. Path parameters are filled generically; routes that need a
// body or a precondition (a version, a fresh session) say so here. A route not named here gets
// its path parameters filled and an empty JSON object as body.
Call buildCall(World& w, const std::string& route, Who who, Obj o) {
  auto space = route.find(' ');
  Call c{route.substr(0, space), route.substr(space + 1), "", w.auth(who)};
  c.path = replaceAll(c.path, "/graph/nodes/{id}", "/graph/nodes/enterprise:" + w.uscc[o]);
  c.path = replaceAll(c.path, "{uscc}", w.uscc[o]);
  c.path = replaceAll(c.path, "{login}", w.user_login[o]);
  c.path = replaceAll(c.path, "{year}", "2024");
  c.path = replaceAll(c.path, "{pool}", "hnte_reserve");
  c.path = replaceAll(c.path, "{stage}", "hnte");
  c.path = replaceAll(c.path, "{id}", "1");
  c.path = replaceAll(c.path, "{task}", "3");
  c.path = replaceAll(c.path, "{metric}", "hnte");
  c.path = replaceAll(c.path, "{kind}", "designations");
  c.path = replaceAll(c.path, "{period}", "2020-2022");
  if (c.method == "POST" || c.method == "PUT" || c.method == "PATCH") c.body = "{}";
  const std::string region = kObjRegion[o];
  const std::string n = std::to_string(++w.counter);

  if (route == "POST /api/v1/enterprises") {
    c.body = enterpriseJson(region, ++w.serial, region);
  } else if (route == "GET /api/v1/enterprises") {
    c.path += "?region=" + region;
  } else if (route == "PATCH /api/v1/enterprises/{uscc}") {
    c.body = nlohmann::json{{"address", "许昌市矩阵路" + n + "号"}}.dump();
    c.headers.emplace_back("If-Match", w.etag(o));
  } else if (route == "POST /api/v1/session") {
    std::string login = who == kAnonymous ? "bureau" : kWhoLogin[who];
    c.body = nlohmann::json{{"login", login}, {"password", w.passwords[login]}, {"bearer", true}}.dump();
    c.headers.clear();
  } else if (route == "DELETE /api/v1/session") {
    // Sign-out ends the session: use a session of its own, not the one the matrix reuses.
    if (who != kAnonymous) c.headers = {bearer(w.server.signInBearer(kWhoLogin[who], w.passwords[kWhoLogin[who]]))};
  } else if (route == "PUT /api/v1/me/password") {
    // Reaching the handler is what is tested: a wrong current password is refused there (422).
    c.body = R"({"current_password":"Not#The-Password1","new_password":"Matrix#Password-99"})";
  } else if (route == "POST /api/v1/users") {
    c.body = nlohmann::json{{"login", "matrix.user" + n}, {"display_name", "矩阵用户"}, {"role", "viewer"},
                            {"region_scope", region}, {"password", "Matrix#Password-99"}}
                 .dump();
  } else if (route == "PUT /api/v1/enterprises/{uscc}/liaison" || route == "POST /api/v1/enterprises/{uscc}/liaison") {
    // A county officer, not a liaison officer: refused by the handler, so no assignment is made
    // and the unassigned liaison keeps seeing nothing.
    c.body = R"({"officer":"target.a"})";
  } else if (route == "POST /api/v1/enterprises/{uscc}/contacts") {
    c.body = R"({"mode":"on_site","summary":"矩阵测试走访"})";
  } else if (route == "GET /api/v1/enterprises/{uscc}/evaluation") {
    c.path += "?stage=hnte&year=2024";
  } else if (route == "GET /api/v1/liaison/queue") {
    if (who != kLiaison) c.path += "?officer=liaison";  // the 411002 liaison officer's queue
  } else if (route == "GET /api/v1/problems" || route == "GET /api/v1/liaison/metrics") {
    c.path += "?region=" + region;
  } else if (route == "GET /api/v1/reports/roadmap-book") {
    c.path += "?pool=hnte_reserve&target_year=2026&region=" + region;
  } else if (route == "GET /api/v1/reports/drill-down") {
    c.path += "?report=ladder&kind=holders&stage=tech_sme&region=" + region;
  } else if (route == "PATCH /api/v1/problems/{id}") {
    c.body = R"({"status":"in_progress"})";
    c.headers.emplace_back("If-Match", "\"1\"");
  } else if (route == "POST /api/v1/graph/nodes") {
    c.body = nlohmann::json{{"kind", "institution"}, {"name", "矩阵机构" + n}, {"region", region}, {"sub_kind", "高校"}}.dump();
  } else if (route == "GET /api/v1/graph/links" || route == "GET /api/v1/graph/neighbourhood") {
    c.path += "?node=enterprise:" + w.uscc[o];
  } else if (route == "GET /api/v1/graph/path") {
    c.path += "?from=enterprise:" + w.uscc[o] + "&to=enterprise:" + w.uscc[o];
  } else if (route == "GET /api/v1/graph/partners" || route == "GET /api/v1/graph/sharing") {
    c.path += "?enterprise=enterprise:" + w.uscc[o];
  } else if (route == "POST /api/v1/graph/centrality/jobs") {
    c.body = R"({"kind":"matrix"})";
  } else if (route == "POST /api/v1/graph/links") {
    c.body = nlohmann::json{{"kind", "partners_with"}, {"from", "enterprise:" + w.uscc[o]}, {"to", "enterprise:" + w.uscc[o]}}.dump();
  } else if (route == "PATCH /api/v1/users/{login}") {
    c.body = nlohmann::json{{"display_name", "矩阵目标" + n}}.dump();
  }
  return c;
}

// Beyond the status: a list that answers 200 holds nothing outside the caller's scope.
void checkNoLeak(const std::string& route, Who who, const Reply& r) {
  if ((route != "GET /api/v1/enterprises" && route != "GET /api/v1/reports/drill-down") || r.status != 200) return;
  std::string scope = kWhoScope[who];
  REQUIRE(r.json.contains("items"));
  for (const auto& item : r.json["items"]) {
    INFO(kWhoName[who] << " listed " << item.dump());
    CHECK(scope != "-");
    if (!scope.empty() && scope != "-") CHECK(item["region"] == scope);
  }
}

}  // namespace

TEST_CASE("authorization matrix: every route x every role x in/out-of-scope object", "[http][auth]") {
  AuthServer server(Properties{{"trellis.login.attempts_per_minute", "10000"}});
  World w{server};
  w.passwords = server.demoUsers();
  for (int i = 0; i < kAnonymous; ++i) REQUIRE(w.passwords.count(kWhoLogin[i]));
  server.addUser("target.a", "county", "411002", "Target#Password-1a");
  server.addUser("target.b", "county", "411082", "Target#Password-1b");
  w.user_login = {"target.a", "target.b"};
  for (int i = 0; i < kAnonymous; ++i) w.tokens[i] = server.signInBearer(kWhoLogin[i], w.passwords[kWhoLogin[i]]);
  for (int o : {kObjA, kObjB}) {
    auto r = server.request("POST", "/api/v1/enterprises", enterpriseJson(kObjRegion[o], 10 + o, kObjRegion[o]),
                            {bearer(w.tokens[kBureau])});
    REQUIRE(r.status == 201);
    w.uscc[o] = r.json["uscc"].get<std::string>();
  }

  // The route table and the expectation table must cover each other exactly.
  auto routes = routeTable(server);
  REQUIRE(routes.size() >= 20);
  std::map<std::string, std::array<Cell, kWhoCount>> expected;
  std::set<std::string> pending;
  for (const auto& e : kMatrix) {
    INFO("matrix row " << e.route);
    CHECK(expected.count(e.route) == 0);
    expected[e.route] = parseStatuses(e.route, e.statuses);
  }
  for (const auto& e : kPendingMatrix) {
    INFO("matrix row " << e.route);
    CHECK(expected.count(e.route) == 0);
    expected[e.route] = parseStatuses(e.route, e.statuses);
    pending.insert(e.route);
  }
  std::set<std::string> in_table(routes.begin(), routes.end());
  std::vector<std::string> missing, stale;
  for (const auto& r : routes)
    if (!expected.count(r)) missing.push_back(r);
  for (const auto& [r, cells] : expected)
    if (!in_table.count(r) && !pending.count(r)) stale.push_back(r);
  for (const auto& r : missing) FAIL_CHECK("route " << r << " is in `trellis routes` but has no row in the authorization matrix");
  for (const auto& r : stale) FAIL_CHECK("matrix row " << r << " names a route that `trellis routes` does not print");

  int cells = 0, mismatches = 0;
  for (const auto& route : routes) {
    auto it = expected.find(route);
    if (it == expected.end()) continue;
    for (int who = 0; who < kWhoCount; ++who) {
      for (int o : {kObjA, kObjB}) {
        Call c = buildCall(w, route, static_cast<Who>(who), static_cast<Obj>(o));
        Reply r = server.request(c.method, c.path, c.body, c.headers);
        int want = o == kObjA ? it->second[who].a : it->second[who].b;
        ++cells;
        if (!matches(want, r)) {
          ++mismatches;
          FAIL_CHECK(route << " as " << kWhoName[who] << " on object " << (o == kObjA ? "A (411002)" : "B (411082)")
                           << ": got " << r.status << ", expected " << statusName(want) << " — " << r.body.substr(0, 300));
        }
        checkNoLeak(route, static_cast<Who>(who), r);
      }
    }
  }
  std::printf("authorization matrix: %zu routes, %d principals, 2 objects: %d cells checked, %d mismatches\n",
              routes.size(), static_cast<int>(kWhoCount), cells, mismatches);
  CHECK(cells == static_cast<int>(routes.size()) * kWhoCount * 2);
  CHECK(mismatches == 0);
}

}  // namespace trellis::authtest
