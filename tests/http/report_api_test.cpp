// The plan and reports API against the real server (README "Progress against the plan"): every
// route, its errors by field, and the scope rule — a county officer reads the same figures of
// every region as the bureau, but a drill-down lists only its own region's enterprises, and
// another region's list reads exactly like an empty one. Dates are relative to the real clock.
#include <catch2/catch.hpp>
#include <chrono>

#include "report_json.h"
#include "test_server.h"
#include "trellis/core/date.h"

namespace trellis::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

#define REQUIRE_STATUS(response, want) \
  do {                                 \
    auto r_ = (response);              \
    INFO("body: " << r_.body);         \
    REQUIRE(r_.status == (want));      \
  } while (0)

Date today() { return dateAt(std::chrono::system_clock::now(), 480); }
int thisYear() { return today().year(); }
std::string y(int offset, const char* month_day) { return std::to_string(thisYear() + offset) + "-" + month_day; }

void checkError(const HttpResponse& r, int status, const std::string& code, const std::string& field) {
  INFO("body: " << r.body);
  CHECK(r.status == status);
  REQUIRE(r.json.contains("error"));
  if (!code.empty()) CHECK(r.json["error"]["code"] == code);
  if (!field.empty()) CHECK(r.json["error"]["field"] == field);
}

// Two enterprises in 魏都区 and one in 长葛市, each a tech SME this year; one 魏都 HNTE.
struct ReportServer {
  TestServer server;
  std::string weidu1 = validUscc("411002", 9301), weidu2 = validUscc("411002", 9302);
  std::string changge = validUscc("411082", 9303);
  ReportServer() {
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(weidu1, "许昌报表电气有限公司", "411002")).status == 201);
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(weidu2, "许昌报表材料有限公司", "411002")).status == 201);
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(changge, "长葛报表机械有限公司", "411082")).status == 201);
    int n = 0;
    for (const auto& u : {weidu1, weidu2, changge})
      REQUIRE_STATUS(designate(u, "tech_sme", y(0, "01-01"), "R" + std::to_string(thisYear()) + "00" + std::to_string(++n)),
                     201);
    REQUIRE_STATUS(designate(weidu1, "hnte", y(-1, "11-20"), "GR" + std::to_string(thisYear() - 1) + "41000777"), 201);
  }
  HttpResponse designate(const std::string& uscc, const std::string& stage, const std::string& on,
                         const std::string& number = "") {
    nlohmann::json body = {{"stage", stage}, {"starts_on", on}};
    if (!number.empty()) body["number"] = number;
    return server.post("/api/v1/enterprises/" + uscc + "/designations", body.dump());
  }
  Headers as(const std::string& login, const std::string& role, const std::string& region) {
    const std::string password = "Report-Test-2026!x";
    REQUIRE(server.addUser(login, role, region, password));
    std::string saved = server.token();
    std::string token = server.signIn(login, password);
    server.setToken(saved);
    return {{"Authorization", "Bearer " + token}};
  }
  HttpResponse get(const std::string& path, const Headers& h = {}) { return server.request("GET", path, "", h); }
};

}  // namespace

TEST_CASE("reports API: progress, ladder, funnel, scorecard and liaison as of a date", "[http][report]") {
  ReportServer s;
  auto p = s.get("/api/v1/reports/progress");
  REQUIRE(p.status == 200);
  CHECK(p.json["as_of"] == today().toString());
  const auto& filed = metricOf(p.json, "tech_sme_filed");
  CHECK(filed["city"]["actual"] == 3);
  CHECK(regionOf(filed["regions"], "411002")["actual"] == 2);
  CHECK(regionOf(filed["regions"], "411082")["actual"] == 1);
  CHECK(metricOf(p.json, "tech_sme_new")["city"]["actual"] == 3);
  CHECK(metricOf(p.json, "hnte")["city"]["actual"] == 1);
  // A graph metric is measured over the graph's nodes (report_graph_test.cpp): none here, so 0.
  const auto& teams = metricOf(p.json, "talent_teams");
  CHECK(teams["status"] == "measured");
  CHECK(teams["city"]["actual"] == 0);
  CHECK(teams["city"]["forecast"].is_null());

  // Last year's report does not see this year's filings.
  auto last = s.get("/api/v1/reports/progress?as_of=" + y(-1, "12-31"));
  REQUIRE(last.status == 200);
  CHECK(metricOf(last.json, "tech_sme_filed")["city"]["actual"] == 0);
  CHECK(metricOf(last.json, "hnte")["city"]["actual"] == 1);

  auto table = s.get("/api/v1/reports/progress?format=table");
  REQUIRE(table.status == 200);
  const auto& t = table.json["tables"][0];
  CHECK(t["columns"][5]["key"] == "actual");
  CHECK(t["columns"][5]["type"] == "integer");
  CHECK(t["rows"].size() == p.json["metrics"].size() * 11);  // city + 10 regions per metric

  auto l = s.get("/api/v1/reports/ladder?from=" + y(0, "01-01"));
  REQUIRE(l.status == 200);
  CHECK(l.json["city"]["holders"]["tech_sme"] == 3);
  CHECK(l.json["city"]["top"]["hnte"] == 1);
  CHECK(l.json["city"]["moved_up"] == 2);  // weidu2 and changge: none → tech SME this year
  CHECK(l.json["stages"][0] == "tech_sme");

  for (const char* path : {"/api/v1/reports/funnel", "/api/v1/reports/funnel?region=411002", "/api/v1/reports/scorecard",
                           "/api/v1/reports/liaison", "/api/v1/reports/plan", "/api/v1/reports/targets",
                           "/api/v1/reports/scorecard?format=table", "/api/v1/reports/ladder?format=table",
                           "/api/v1/reports/funnel?format=table", "/api/v1/reports/liaison?format=table"}) {
    INFO(path);
    CHECK(s.get(path).status == 200);
  }
  auto sc = s.get("/api/v1/reports/scorecard");
  CHECK(sc.json["tasks"].size() == 55);
  // The roadmap book of a pool: one sheet per region with members (the changge one here).
  REQUIRE(s.server.post("/api/v1/pools/hnte_reserve/members",
                        nlohmann::json({{"uscc", s.changge}, {"target_year", thisYear() + 1}}).dump())
              .status == 201);
  auto book = s.get("/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=" + std::to_string(thisYear() + 1));
  REQUIRE(book.status == 200);
  REQUIRE(book.json["tables"].size() == 1);
  CHECK(book.json["tables"][0]["name"] == "长葛市");
  CHECK(book.json["tables"][0]["rows"][0][0] == s.changge);
  auto plan = s.get("/api/v1/reports/plan");
  CHECK(plan.json["priorities"].size() == 17);
  CHECK(plan.json["priorities"][0]["tasks"][0]["lead_units"][0] == "市科技局");
}

TEST_CASE("reports API errors name the parameter and change nothing", "[http][report]") {
  ReportServer s;
  checkError(s.get("/api/v1/reports/progress?as_of=2024-02-30"), 422, "invalid_date", "as_of");
  checkError(s.get("/api/v1/reports/progress?as_of=" + today().addDays(2).toString()), 422, "in_future", "as_of");
  checkError(s.get("/api/v1/reports/progress?format=xml"), 422, "unknown_format", "format");
  checkError(s.get("/api/v1/reports/progress?region=411002"), 422, "unknown_parameter", "");
  checkError(s.get("/api/v1/reports/ladder?from=" + y(1, "01-01")), 422, "", "from");
  checkError(s.get("/api/v1/reports/funnel?region=999999"), 422, "unknown_region", "region");
  checkError(s.get("/api/v1/reports/liaison?from=2000-01-01"), 422, "period_too_long", "from");
  checkError(s.get("/api/v1/reports/drill-down?report=weather"), 422, "unknown_report", "report");
  checkError(s.get("/api/v1/reports/drill-down?report=progress&metric=talent_teams&measure=forecast"), 422,
             "unknown_measure", "measure");  // a graph metric has no forecast
  checkError(s.get("/api/v1/reports/drill-down?report=progress&metric=hnte&measure=x"), 422, "unknown_measure", "measure");
  checkError(s.get("/api/v1/reports/drill-down?report=funnel&pool=hnte_reserve&outcome=entered"), 422, "required", "cohort");
  checkError(s.get("/api/v1/reports/drill-down?report=progress&metric=hnte&limit=abc"), 422, "not_a_number", "limit");
  checkError(s.get("/api/v1/reports/roadmap-book?pool=hnte_reserve"), 422, "invalid_year", "target_year");
  checkError(s.get("/api/v1/reports/roadmap-book?pool=nope&target_year=2026"), 422, "unknown_pool", "pool");
  checkError(s.get("/api/v1/reports/tasks/999/status"), 404, "", "");
  checkError(s.get("/api/v1/reports/tasks/abc/status"), 404, "", "");
}

TEST_CASE("drill-downs: every region's figures for a county, only its own enterprises in lists", "[http][report]") {
  ReportServer s;
  auto changge = s.as("report.changge", "county", "411082");
  auto viewer = s.as("report.viewer", "viewer", "411002");
  // The same figures for the county officer as for the bureau.
  auto mine = s.get("/api/v1/reports/progress", changge);
  auto bureau = s.get("/api/v1/reports/progress");
  REQUIRE(mine.status == 200);
  CHECK(mine.json == bureau.json);

  const std::string list = "/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed";
  auto all = s.get(list);
  REQUIRE(all.status == 200);
  CHECK(all.json["total"] == 3);
  auto own = s.get(list, changge);
  REQUIRE(own.status == 200);
  CHECK(own.json["total"] == 1);
  REQUIRE(own.json["items"].size() == 1);
  CHECK(own.json["items"][0]["uscc"] == s.changge);
  auto other = s.get(list + "&region=411002", changge);
  auto empty = s.get(list + "&region=411024", changge);  // 鄢陵县 has no enterprise at all
  REQUIRE(other.status == 200);
  CHECK(other.json["total"] == 0);
  CHECK(other.body == empty.body);  // out of scope reads exactly like absent
  auto v = s.get(list, viewer);
  CHECK(v.json["total"] == 2);
  for (const auto& item : v.json["items"]) CHECK(item["region"] == "411002");
  // Paging.
  auto page = s.get(list + "&limit=2");
  CHECK(page.json["items"].size() == 2);
  REQUIRE(page.json["next_cursor"].is_string());
  auto rest = s.get(list + "&limit=2&cursor=" + page.json["next_cursor"].get<std::string>());
  CHECK(rest.json["items"].size() == 1);
  CHECK(rest.json["next_cursor"].is_null());
}

TEST_CASE("task status updates: the bureau records, others are refused, history is kept", "[http][report]") {
  ReportServer s;
  auto county = s.as("report.weidu", "county", "411002");
  const std::string path = "/api/v1/reports/tasks/2/status";
  nlohmann::json body = {{"status", "in_progress"}, {"on", y(0, "01-01")}, {"unit", "市财政局"}, {"note", "已建立研发辅助账"}};
  auto r = s.server.post(path, body.dump());
  REQUIRE(r.status == 201);
  CHECK(r.json["status"] == "in_progress");
  CHECK(r.json["recorded_by"] == "tester");
  CHECK(s.server.request("POST", path, body.dump(), county).status == 403);
  checkError(s.server.post(path, nlohmann::json({{"status", "finished"}, {"unit", "市财政局"}}).dump()), 422,
             "unknown_status", "status");
  checkError(s.server.post(path, nlohmann::json({{"status", "done"}, {"unit", "市科技局"}}).dump()), 422,
             "not_a_lead_unit", "unit");
  checkError(s.server.post(path, nlohmann::json({{"status", "done"}, {"unit", "市财政局"}, {"extra", 1}}).dump()), 422,
             "unknown_field", "extra");
  checkError(s.server.post(path, nlohmann::json({{"status", "done"}, {"unit", "市财政局"}, {"on", y(1, "01-01")}}).dump()),
             422, "in_future", "on");
  checkError(s.server.post("/api/v1/reports/tasks/77/status", body.dump()), 404, "", "");
  auto history = s.get(path);
  REQUIRE(history.status == 200);
  REQUIRE(history.json["items"].size() == 1);  // the refused ones left nothing
  CHECK(history.json["items"][0]["note"] == "已建立研发辅助账");
  auto sc = s.get("/api/v1/reports/scorecard");
  CHECK(sc.json["tasks"][1]["state"] == "in_progress");
  // As of the day before the update, task 2 had none.
  auto before = s.get("/api/v1/reports/scorecard?as_of=" + y(-1, "12-31"));
  CHECK(before.json["tasks"][1]["state"] == "no_update");
}

TEST_CASE("target splits: the bureau splits a city target across regions, others are refused", "[http][report]") {
  ReportServer s;
  auto county = s.as("report.split", "county", "411002");
  const std::string path = "/api/v1/reports/targets/hnte/2020-2022";
  nlohmann::json body = {{"regions", {{"411002", 200}, {"411082", 150}}}};
  auto r = s.server.request("PUT", path, body.dump());
  REQUIRE(r.status == 200);
  CHECK(r.json["city"]["value"] == 500);
  CHECK(r.json["total"] == 350);
  CHECK(r.json["difference"] == -150);
  CHECK(r.json["regions"].size() == 2);
  CHECK(s.server.request("PUT", path, body.dump(), county).status == 403);
  checkError(s.server.request("PUT", path, R"({"regions":{"999999":1}})"), 422, "unknown_region", "regions.999999");
  checkError(s.server.request("PUT", path, R"({"regions":{"411002":"many"}})"), 422, "wrong_type", "regions.411002");
  checkError(s.server.request("PUT", path, R"({"regions":{"411002":-3}})"), 422, "out_of_range", "regions.411002");
  checkError(s.server.request("PUT", "/api/v1/reports/targets/hnte/2021", body.dump()), 422, "no_city_target", "period");
  checkError(s.server.request("PUT", "/api/v1/reports/targets/nope/2020-2022", body.dump()), 422, "unknown_metric",
             "metric");
  auto targets = s.get("/api/v1/reports/targets");
  REQUIRE(targets.status == 200);
  CHECK(targets.json["splits"].size() == 2);  // the refused writes changed nothing
  CHECK(targets.json["splits"][0]["origin"] == "split");
  CHECK(targets.json["splits"][0]["bound"] == "about");
  // Progress as of a day in the plan period shows the region's split target.
  auto p = s.get("/api/v1/reports/progress?as_of=2022-12-31");
  CHECK(regionOf(metricOf(p.json, "hnte")["regions"], "411002")["target"]["value"] == 200);
  CHECK(regionOf(metricOf(p.json, "hnte")["regions"], "411002")["target"]["origin"] == "split");
}

}  // namespace trellis::test
