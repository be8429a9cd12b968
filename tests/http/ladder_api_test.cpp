// The ladder and pool API against the real server: each endpoint, its errors (stage not
// reachable, inconsistent dates, future indicator year, bad certificate number, refused entry,
// unknown field) and the scope rules of issue 3 (another region's county officer gets 404, a
// viewer cannot write: 403). Dates are relative to the current year, as the server's clock is real.
#include <catch2/catch.hpp>
#include <chrono>

#include "test_server.h"
#include "trellis/core/date.h"

namespace trellis::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

int thisYear() { return dateAt(std::chrono::system_clock::now(), 480).year(); }
std::string y(int offset, const char* month_day) { return std::to_string(thisYear() + offset) + "-" + month_day; }

void checkError(const HttpResponse& r, int status, const std::string& code, const std::string& field) {
  INFO("body: " << r.body);
  CHECK(r.status == status);
  REQUIRE(r.json.contains("error"));
  CHECK(r.json["error"]["code"] == code);
  if (!field.empty()) CHECK(r.json["error"]["field"] == field);
}

nlohmann::json yearFigures(std::int64_t revenue) {
  return {{"revenue", revenue},           {"total_income", revenue},       {"non_taxable_income", 0},
          {"rd_expense_total", revenue * 3 / 100}, {"rd_expense_domestic", revenue * 3 / 100},
          {"employees", 80},              {"st_staff", 6},                 {"high_tech_income", revenue * 7 / 10},
          {"ip_class1", 0},               {"ip_class2", 2},                {"total_assets", revenue},
          {"total_liabilities", revenue / 2}, {"rd_ledger_kept", true}};
}

// A server with one enterprise in 魏都区 (411002) and one in 长葛市 (411082).
struct LadderServer {
  TestServer server;
  std::string weidu = validUscc("411002", 9101);
  std::string changge = validUscc("411082", 9102);
  LadderServer() {
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(weidu, "许昌阶梯电气有限公司", "411002")).status == 201);
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(changge, "长葛阶梯机械有限公司", "411082")).status == 201);
  }
  std::string e(const std::string& uscc, const std::string& rest) { return "/api/v1/enterprises/" + uscc + rest; }
  HttpResponse put(const std::string& path, const nlohmann::json& body) { return server.request("PUT", path, body.dump()); }
  // A token for a new user of role in region.
  Headers as(const std::string& login, const std::string& role, const std::string& region) {
    const std::string password = "Ladder-Test-2024!x";
    REQUIRE(server.addUser(login, role, region, password));
    std::string saved = server.token();
    std::string token = server.signIn(login, password);
    server.setToken(saved);
    return {{"Authorization", "Bearer " + token}};
  }
};

}  // namespace

TEST_CASE("designations: record, list, ladder as of, correction, revocation, errors", "[http][ladder]") {
  LadderServer s;
  auto& srv = s.server;
  std::string path = s.e(s.weidu, "/designations");
  std::string cert = "GR" + std::to_string(thisYear() - 1) + "41000123";

  auto sme = srv.post(path, nlohmann::json({{"stage", "tech_sme"}, {"starts_on", y(-1, "05-10")},
                                            {"number", std::string("T").append(std::to_string(thisYear() - 1)).append("0001")}}).dump());
  REQUIRE(sme.status == 201);
  CHECK(sme.json["ends_on"] == y(-1, "12-31"));
  auto hnte = srv.post(path, nlohmann::json({{"stage", "hnte"}, {"starts_on", y(-1, "11-20")}, {"number", cert},
                                             {"source", "豫科〔2025〕8号"}}).dump());
  REQUIRE(hnte.status == 201);
  CHECK(hnte.json["status"] == "valid");
  CHECK(hnte.json["ends_on"] == y(2, "11-19"));

  SECTION("the ladder position as of a date, and the timeline") {
    auto now = srv.get(s.e(s.weidu, "/ladder"));
    REQUIRE(now.status == 200);
    CHECK(now.json["position"]["top"] == "hnte");
    CHECK(now.json["next_stages"].size() == 3);
    auto before = srv.get(s.e(s.weidu, "/ladder?as_of=" + y(-1, "06-01")));
    CHECK(before.json["position"]["top"] == "tech_sme");
    CHECK(before.json["timeline"].size() == 4);
    checkError(srv.get(s.e(s.weidu, "/ladder?as_of=yesterday")), 422, "invalid_date", "as_of");
  }
  SECTION("errors: bad certificate, inconsistent dates, not reachable, future, unknown field") {
    checkError(srv.post(path, R"({"stage":"hnte","starts_on":")" + y(-1, "11-20") + R"(","number":"GR2024410001"})"), 422,
               "hnte_certificate_format", "number");
    checkError(srv.post(path, nlohmann::json({{"stage", "hnte"}, {"starts_on", y(-1, "12-01")}, {"number", cert},
                                              {"ends_on", y(2, "12-01")}}).dump()),
               422, "inconsistent_dates", "ends_on");
    checkError(srv.post(s.e(s.changge, "/designations"), nlohmann::json({{"stage", "gazelle"}, {"starts_on", y(-1, "03-01")}}).dump()),
               409, "stage_not_reachable", "stage");
    checkError(srv.post(path, nlohmann::json({{"stage", "eaglet"}, {"starts_on", y(1, "03-01")}}).dump()), 422,
               "date_in_future", "starts_on");
    checkError(srv.post(path, R"({"stage":"eaglet","starts_on":"2024-01-01","colour":"red"})"), 422, "unknown_field", "colour");
    checkError(srv.post(path, R"({"stage":"rocket","starts_on":"2024-01-01"})"), 422, "unknown_stage", "stage");
  }
  SECTION("correction is a new record; revocation once") {
    std::string id = std::to_string(hnte.json["id"].get<int>());
    auto fixed = srv.post(path + "/" + id + "/correction",
                          nlohmann::json({{"stage", "hnte"}, {"starts_on", y(-1, "11-25")}, {"number", cert}}).dump());
    REQUIRE(fixed.status == 201);
    CHECK(fixed.json["corrects_id"] == hnte.json["id"]);
    auto list = srv.get(path);
    REQUIRE(list.json["items"].size() == 3);
    CHECK(list.json["items"][1]["status"] == "superseded");
    std::string fid = std::to_string(fixed.json["id"].get<int>());
    auto revoked = srv.post(path + "/" + fid + "/revoke", nlohmann::json({{"revoked_on", y(-1, "12-20")}, {"reason", "年报未报"}}).dump());
    CHECK(revoked.status == 200);
    CHECK(revoked.json["status"] == "revoked");
    checkError(srv.post(path + "/" + fid + "/revoke", nlohmann::json({{"revoked_on", y(-1, "12-21")}, {"reason", "x"}}).dump()),
               409, "already_revoked", "");
    checkError(srv.post(path + "/999999/revoke", R"({"revoked_on":"2024-01-01","reason":"x"})"), 404, "designation_not_found", "");
  }
}

TEST_CASE("indicators, expert scores, facts and evaluation", "[http][ladder]") {
  LadderServer s;
  auto& srv = s.server;
  for (int off = -3; off <= -1; ++off) {
    auto r = s.put(s.e(s.weidu, "/indicators/" + std::to_string(thisYear() + off)), yearFigures(60000000));
    REQUIRE(r.status == 200);
    CHECK(r.json["version"] == 1);
    CHECK(r.json["ratios"]["st_staff_ratio"] == Approx(0.075));
  }
  std::string last = std::to_string(thisYear() - 1);
  auto got = srv.get(s.e(s.weidu, "/indicators/" + last));
  CHECK(got.status == 200);
  CHECK(got.json["revenue"] == 60000000);
  CHECK(got.header("ETag") == "\"1\"");
  checkError(srv.get(s.e(s.weidu, "/indicators/1999")), 404, "indicators_not_found", "");

  SECTION("impossible values are refused by field") {
    checkError(s.put(s.e(s.weidu, "/indicators/" + std::to_string(thisYear() + 1)), yearFigures(1)), 422, "future_year", "year");
    checkError(s.put(s.e(s.weidu, "/indicators/" + last), {{"revenue", -5}}), 422, "negative_value", "revenue");
    checkError(s.put(s.e(s.weidu, "/indicators/" + last), {{"employees", 5}, {"st_staff", 6}}), 422,
               "st_staff_exceeds_employees", "st_staff");
    checkError(s.put(s.e(s.weidu, "/indicators/" + last), {{"revenue", 1.5}}), 422, "wrong_type", "revenue");
    checkError(s.put(s.e(s.weidu, "/indicators/" + last), {{"revenu", 1}}), 422, "unknown_field", "revenu");
    checkError(s.put(s.e(s.weidu, "/indicators/" + last), {{"version", 7}, {"revenue", 1}}), 409, "stale_version", "version");
  }
  SECTION("evaluation: per criterion, value, threshold, status and the gap in numbers") {
    auto r = srv.get(s.e(s.weidu, "/evaluation?stage=hnte&year=" + std::to_string(thisYear())));
    REQUIRE(r.status == 200);
    CHECK(r.json["overall"] == "fail");
    std::map<std::string, nlohmann::json> by;
    for (const auto& c : r.json["criteria"]) by[c["id"]] = c;
    CHECK(by["hnte.rd_ratio"]["status"] == "fail");
    CHECK(by["hnte.rd_ratio"]["gap"].get<std::string>().find("1,800,000") != std::string::npos);
    CHECK(by["hnte.tech_field"]["status"] == "unknown");
    CHECK(by["hnte.tech_field"]["missing"][0] == "core_tech_in_key_fields");
    REQUIRE(s.put(s.e(s.weidu, "/ladder-facts"), {{"core_tech_in_key_fields", true}, {"clean_record", true}}).status == 200);
    REQUIRE(s.put(s.e(s.weidu, "/expert-scores/" + std::to_string(thisYear())), {{"ip_quality", 20}, {"results_transfer", 18}}).status == 200);
    auto again = srv.get(s.e(s.weidu, "/evaluation?stage=hnte&year=" + std::to_string(thisYear())));
    for (const auto& c : again.json["criteria"])
      if (c["id"] == "hnte.tech_field") CHECK(c["status"] == "pass");
    auto sme = srv.get(s.e(s.weidu, "/evaluation?stage=tech_sme"));
    CHECK(sme.status == 200);
    CHECK(sme.json["pass_line"].get<std::string>().rfind("≥ 60", 0) == 0);
    checkError(srv.get(s.e(s.weidu, "/evaluation?stage=rocket")), 422, "unknown_stage", "stage");
    checkError(srv.get(s.e(s.weidu, "/evaluation")), 422, "required", "stage");
    checkError(s.put(s.e(s.weidu, "/expert-scores/" + std::to_string(thisYear())), {{"rd_management", 21}}), 422,
               "out_of_range", "rd_management");
  }
}

TEST_CASE("pools: entry, refused entry, lists, pipeline, roadmap, milestones, exit", "[http][pool]") {
  LadderServer s;
  auto& srv = s.server;
  for (int off = -3; off <= -1; ++off)
    REQUIRE(s.put(s.e(s.weidu, "/indicators/" + std::to_string(thisYear() + off)), yearFigures(60000000)).status == 200);

  auto pools = srv.get("/api/v1/pools");
  REQUIRE(pools.status == 200);
  REQUIRE(pools.json["items"].size() == 3);
  CHECK(pools.json["items"][1]["id"] == "hnte_reserve");

  checkError(srv.post("/api/v1/pools/double_hundred_reserve/members",
                      nlohmann::json({{"uscc", s.weidu}, {"target_stage", "eaglet"}}).dump()),
             409, "entry_refused", "target_stage");
  checkError(srv.post("/api/v1/pools/moon/members", nlohmann::json({{"uscc", s.weidu}}).dump()), 404, "pool_not_found", "");

  auto entered = srv.post("/api/v1/pools/hnte_reserve/members",
                          nlohmann::json({{"uscc", s.weidu}, {"tier", "key"}, {"target_year", thisYear()}}).dump());
  REQUIRE(entered.status == 201);
  std::string mid = std::to_string(entered.json["id"].get<int>());
  CHECK(entered.json["evaluation"]["stage"] == "hnte");
  REQUIRE(entered.json["milestones"].size() >= 5);
  CHECK(entered.json["milestones"][0]["generated"] == true);
  checkError(srv.post("/api/v1/pools/hnte_reserve/members", nlohmann::json({{"uscc", s.weidu}}).dump()), 409,
             "already_member", "");

  auto list = srv.get("/api/v1/pools/hnte_reserve/members?region=411002&tier=key&target_year=" + std::to_string(thisYear()));
  REQUIRE(list.status == 200);
  REQUIRE(list.json["items"].size() == 1);
  CHECK(list.json["items"][0]["evaluation"]["overall"] == "fail");
  CHECK(list.json["items"][0]["evaluation"]["gaps"].size() > 0);
  CHECK(srv.get("/api/v1/pools/hnte_reserve/members?tier=long_term").json["items"].empty());
  checkError(srv.get("/api/v1/pools/hnte_reserve/members?limit=501"), 422, "out_of_range", "limit");

  auto step = srv.post("/api/v1/pools/hnte_reserve/members/" + mid + "/pipeline", R"({"kind":"coaching","result":"onsite"})");
  CHECK(step.status == 201);
  checkError(srv.post("/api/v1/pools/hnte_reserve/members/" + mid + "/pipeline", R"({"kind":"pre_review","result":"maybe"})"),
             422, "invalid_result", "result");
  CHECK(srv.get("/api/v1/pools/hnte_reserve/members/" + mid).json["pipeline_step"]["result"] == "onsite");

  auto own = srv.post(s.e(s.weidu, "/roadmap/milestones"),
                      nlohmann::json({{"title", "走访核对研发辅助账"}, {"due_on", y(1, "01-15")}, {"kind", "coaching"}}).dump());
  REQUIRE(own.status == 201);
  std::string oid = std::to_string(own.json["id"].get<int>());
  auto edited = srv.request("PATCH", s.e(s.weidu, "/roadmap/milestones/" + oid), R"({"title":"走访并核对研发辅助账","version":1})");
  CHECK(edited.status == 200);
  CHECK(edited.json["version"] == 2);
  auto done = srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/complete"), "{}");
  CHECK(done.status == 200);
  CHECK(done.json["status"] == "done");
  CHECK(done.json["on_time"] == true);
  checkError(srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/waive"), R"({"reason":"x"})"), 409, "milestone_closed", "");

  // 撤销完成: the milestone is planned again (reason required, stale version refused), and a planned
  // one cannot be reopened.
  checkError(srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/reopen"), R"({"reason":"  "})"), 422, "required", "reason");
  checkError(srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/reopen"), R"({"reason":"误点","version":2})"), 409,
             "stale_version", "version");
  auto reopened = srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/reopen"), R"({"reason":"误点完成","version":3})");
  CHECK(reopened.status == 200);
  CHECK(reopened.json["status"] == "planned");
  CHECK(reopened.json["done_on"].is_null());
  CHECK(reopened.json["version"] == 4);
  checkError(srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/reopen"), R"({"reason":"再撤一次"})"), 409,
             "illegal_transition", "");
  auto redone = srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/complete"), "{}");
  CHECK(redone.status == 200);

  auto roadmap = srv.get(s.e(s.weidu, "/roadmap"));
  REQUIRE(roadmap.status == 200);
  CHECK(roadmap.json["memberships"][0]["roadmap"]["on_time_pct"] == 100.0);

  auto due = srv.get("/api/v1/pools/hnte_reserve/milestones?due_before=" + y(2, "12-31"));
  REQUIRE(due.status == 200);
  CHECK(due.json["items"].size() >= 5);
  CHECK(due.json["items"][0]["member"]["uscc"] == s.weidu);

  auto exited = srv.post("/api/v1/pools/hnte_reserve/members/" + mid + "/exit", R"({"reason":"withdrawn"})");
  CHECK(exited.status == 200);
  CHECK(exited.json["exit_reason"] == "withdrawn");
  checkError(srv.post("/api/v1/pools/hnte_reserve/members/" + mid + "/exit", R"({"reason":"withdrawn"})"), 409,
             "already_exited", "");
  checkError(srv.post(s.e(s.weidu, "/roadmap/milestones/" + oid + "/reopen"), R"({"reason":"误点完成"})"), 409,
             "member_exited", "");
}

TEST_CASE("ladder and pool routes under the scope rules", "[http][ladder][pool]") {
  LadderServer s;
  auto& srv = s.server;
  auto entered = srv.post("/api/v1/pools/hnte_reserve/members", nlohmann::json({{"uscc", s.weidu}}).dump());
  REQUIRE(entered.status == 201);
  std::string mid = std::to_string(entered.json["id"].get<int>());
  Headers changge = s.as("changge2", "county", "411082");
  Headers viewer = s.as("viewer2", "viewer", "411002");
  Headers auditor = s.as("auditor2", "auditor", "");

  SECTION("a county officer of another region gets 404, never the data") {
    for (const char* p : {"/ladder", "/designations", "/indicators/2024", "/evaluation?stage=hnte", "/roadmap"})
      checkError(srv.request("GET", s.e(s.weidu, p), "", changge), 404, "enterprise_not_found", "");
    checkError(srv.request("PUT", s.e(s.weidu, "/indicators/2024"), R"({"revenue":1})", changge), 404, "enterprise_not_found", "");
    // Hidden means absent: the answer of a member id that does not exist (issue 8 §4).
    checkError(srv.request("GET", "/api/v1/pools/hnte_reserve/members/" + mid, "", changge), 404, "pool_member_not_found", "");
    auto list = srv.request("GET", "/api/v1/pools/hnte_reserve/members", "", changge);
    CHECK(list.status == 200);
    CHECK(list.json["items"].empty());
    checkError(srv.request("POST", "/api/v1/pools/hnte_reserve/members", nlohmann::json({{"uscc", s.weidu}}).dump(), changge),
               404, "enterprise_not_found", "");
    CHECK(srv.request("GET", s.e(s.changge, "/ladder"), "", changge).status == 200);
  }
  SECTION("a viewer reads within its region and cannot write: 403") {
    CHECK(srv.request("GET", s.e(s.weidu, "/ladder"), "", viewer).status == 200);
    CHECK(srv.request("GET", "/api/v1/pools/hnte_reserve/members/" + mid, "", viewer).status == 200);
    CHECK(srv.request("PUT", s.e(s.weidu, "/indicators/2024"), R"({"revenue":1})", viewer).status == 403);
    CHECK(srv.request("POST", "/api/v1/pools/hnte_reserve/members", nlohmann::json({{"uscc", s.weidu}}).dump(), viewer).status == 403);
    checkError(srv.request("GET", s.e(s.changge, "/ladder"), "", viewer), 404, "enterprise_not_found", "");
  }
  SECTION("the auditor has no ladder or pool actions") {
    CHECK(srv.request("GET", s.e(s.weidu, "/ladder"), "", auditor).status == 403);
    CHECK(srv.request("GET", "/api/v1/pools", "", auditor).status == 403);
  }
}

}  // namespace trellis::test
