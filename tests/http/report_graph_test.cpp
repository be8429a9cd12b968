// Graph metrics of the progress report and the scorecard (README "Progress against the plan",
// report/graph_metrics.h G1–G4) on the demo city: each metric's figure equals a naive recount
// written here, independently of config/plan.json, over what GET /api/v1/graph/nodes lists; the
// as-of date excludes nodes approved later; the drill-down lists exactly the nodes behind each
// figure, in the caller's scope only, and its CSV / XLSX export holds the same nodes.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "demo_city.h"
#include "table_readback.h"
#include "trellis/core/date.h"

namespace trellis::consistencytest {
namespace {

using nlohmann::json;
using Ids = std::set<std::int64_t>;

Date today() { return dateAt(std::chrono::system_clock::now(), 480); }

bool among(const json& v, std::initializer_list<const char*> list) {
  if (!v.is_string()) return false;
  for (const char* s : list)
    if (v.get<std::string>() == s) return true;
  return false;
}

// The seed's wording of each target, as this test reads it (written apart from plan.json).
struct Recount {
  const char* metric;
  const char* kind;                      // the /graph/nodes kind
  std::function<bool(const json&)> match;
  enum { holders, new_in_period, new_per_year } measure;
};

bool platformInForce(const json& n) { return among(n["status"], {"已认定", "已备案"}); }
bool teamInForce(const json& n) { return among(n["status"], {"引进", "认定", "跟踪服务", "绩效考核"}); }
bool projectCounts(const json& n) { return among(n["status"], {"立项", "实施", "验收", "结项"}); }

const std::vector<Recount>& recounts() {
  static const std::vector<Recount> r = {
      {"provincial_platforms", "platform",
       [](const json& n) {
         return platformInForce(n) && n["level"] == "省级" && among(n["sub_kind"], {"工程技术研究中心", "重点实验室", "技术创新中心"});
       },
       Recount::holders},
      {"municipal_platforms", "platform", [](const json& n) { return platformInForce(n) && n["level"] == "市级"; },
       Recount::holders},
      {"new_alliances", "platform",
       [](const json& n) { return platformInForce(n) && n["level"] == "省级" && n["sub_kind"] == "产业技术创新战略联盟"; },
       Recount::new_in_period},
      {"new_incubators", "platform",
       [](const json& n) {
         return platformInForce(n) && among(n["sub_kind"], {"科技企业孵化器", "众创空间", "星创天地", "双创示范基地", "大学科技园"});
       },
       Recount::new_in_period},
      {"talent_teams", "talent_team", teamInForce, Recount::new_in_period},
      {"talent_programme", "talent_team",
       [](const json& n) { return teamInForce(n) && among(n["programme"], {"省科技创新人才计划", "中原英才计划", "国家计划"}); },
       Recount::new_in_period},
      {"rd_institutions", "platform",
       [](const json& n) { return platformInForce(n) && n["level"] == "省级" && n["sub_kind"] == "新型研发机构"; },
       Recount::holders},
      {"sbq_projects", "project", [](const json& n) { return projectCounts(n) && n["programme"] == "省十百千"; },
       Recount::new_in_period},
      {"transfer_projects", "project", [](const json& n) { return projectCounts(n) && n["programme"] == "科技成果转移转化"; },
       Recount::new_per_year},
      {"sino_german_projects", "project", [](const json& n) { return projectCounts(n) && n["programme"] == "中德(欧)合作"; },
       Recount::new_in_period},
  };
  return r;
}

// Every node of a kind GET /api/v1/graph/nodes lists to this user, walking its pages.
std::vector<json> listed(DemoCity& city, const std::string& login, const std::string& kind, const Date& on) {
  std::vector<json> out;
  std::string cursor;
  for (int page = 0; page < 200; ++page) {
    auto r = city.as(login, "GET", "/api/v1/graph/nodes?limit=500&kind=" + kind + "&as_of=" + on.toString() +
                                       (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(r.status == 200);
    for (const auto& n : r.json["items"]) out.push_back(n);
    if (r.json["next_cursor"].is_null()) return out;
    cursor = r.json["next_cursor"].get<std::string>();
  }
  FAIL("the node list did not end");
  return out;
}

std::optional<Date> dateOf(const json& n) {
  auto text = [&](const char* key) -> std::optional<Date> {
    if (!n[key].is_string()) return std::nullopt;
    return Date::parse(n[key].get<std::string>());
  };
  if (n["kind"] == "platform") return text("approved_on");
  if (n["kind"] == "project") return text("starts_on");
  if (n["year_recognised"].is_number()) return Date(n["year_recognised"].get<int>(), 1, 1);
  return std::nullopt;
}

// region "" = the city. The plan's period starts in 2020 (config/plan.json), and has ended, so
// no target period applies to this year: new_in_period counts from 1 Jan 2020.
Ids recount(const std::vector<json>& nodes, const Recount& m, const Date& on, const std::string& region) {
  Ids out;
  for (const auto& n : nodes) {
    if (!region.empty() && n["region"] != region) continue;
    auto d = dateOf(n);
    if (!m.match(n) || !d || *d > on) continue;
    bool counts = false;
    if (m.measure == Recount::holders) {
      auto ended = n["ended_on"].is_string() ? Date::parse(n["ended_on"].get<std::string>()) : std::nullopt;
      counts = !ended || on < *ended;
    } else {
      counts = *d >= (m.measure == Recount::new_per_year ? Date(on.year(), 1, 1) : Date(2020, 1, 1));
    }
    if (counts) out.insert(n["id"].get<std::int64_t>());
  }
  return out;
}

Ids newThisYear(const std::vector<json>& nodes, const Recount& m, const Date& on, const std::string& region) {
  Recount per_year = m;
  per_year.measure = Recount::new_per_year;
  return recount(nodes, per_year, on, region);
}

const json& metricOf(const json& progress, const std::string& key) {
  for (const auto& m : progress["metrics"])
    if (m["metric"] == key) return m;
  FAIL("no metric " << key);
  return progress;
}

// Every node id of a drill-down, walking its pages.
Ids drilled(DemoCity& city, const std::string& login, const std::string& query, json* first = nullptr) {
  Ids out;
  std::string cursor;
  for (int page = 0; page < 200; ++page) {
    auto r = city.as(login, "GET", "/api/v1/reports/drill-down?report=progress&limit=100&" + query +
                                       (cursor.empty() ? "" : "&cursor=" + cursor));
    INFO(query << " " << r.body.substr(0, 300));
    REQUIRE(r.status == 200);
    if (first && page == 0) *first = r.json;
    CHECK(r.json["rows"] == "graph_nodes");
    for (const auto& i : r.json["items"]) {
      CHECK(i["uscc"].is_null());
      out.insert(i["node_id"].get<std::int64_t>());
    }
    if (r.json["next_cursor"].is_null()) return out;
    cursor = r.json["next_cursor"].get<std::string>();
  }
  FAIL("the drill-down did not end");
  return out;
}

}  // namespace

TEST_CASE("graph metrics: each figure is a naive recount of the graph's nodes, as of any date",
          "[http][report][graph]") {
  DemoCity city(60);
  const Date now = today();
  std::map<std::string, std::vector<json>> nodes;
  for (const char* kind : {"platform", "talent_team", "project"}) nodes[kind] = listed(city, "bureau", kind, now);
  REQUIRE(nodes["platform"].size() >= 8);
  REQUIRE(nodes["project"].size() >= 3);

  for (const Date on : {now, Date(now.year() - 2, 12, 31), Date(now.year() - 4, 6, 30)}) {
    auto p = city.as("bureau", "GET", "/api/v1/reports/progress?as_of=" + on.toString());
    REQUIRE(p.status == 200);
    std::int64_t counted = 0;
    for (const auto& m : recounts()) {
      INFO(m.metric << " as of " << on.toString());
      const auto& mp = metricOf(p.json, m.metric);
      CHECK(mp["status"] == "measured");
      const auto& all = nodes[m.kind];
      std::int64_t want = static_cast<std::int64_t>(recount(all, m, on, "").size());
      CHECK(mp["city"]["actual"] == want);
      CHECK(mp["city"]["new_this_year"] == static_cast<std::int64_t>(newThisYear(all, m, on, "").size()));
      CHECK(mp["city"]["forecast"].is_null());
      std::int64_t sum = 0;
      for (const auto& cell : mp["regions"]) {
        const std::string region = cell["region"].get<std::string>();
        INFO(region);
        CHECK(cell["actual"] == static_cast<std::int64_t>(recount(all, m, on, region).size()));
        sum += cell["actual"].get<std::int64_t>();
      }
      CHECK(sum == want);  // the demo's counted nodes all belong to a region below the city
      counted += want;
    }
    if (on == now) CHECK(counted > 20);  // the recount is not vacuous
  }

  // A platform approved today counts as of today, not as of yesterday.
  auto before = city.as("bureau", "GET", "/api/v1/reports/progress?as_of=" + now.addDays(-1).toString());
  json body = {{"kind", "platform"},   {"name", "许昌报表测试省级重点实验室"}, {"region", "411025"},
               {"sub_kind", "重点实验室"}, {"level", "省级"},                   {"build_mode", "独立建设"},
               {"status", "已认定"},     {"approved_on", now.toString()}};
  auto made = city.as("bureau", "POST", "/api/v1/graph/nodes", body.dump());
  REQUIRE(made.status == 201);
  auto yesterday = city.as("bureau", "GET", "/api/v1/reports/progress?as_of=" + now.addDays(-1).toString());
  auto today_p = city.as("bureau", "GET", "/api/v1/reports/progress?as_of=" + now.toString());
  const json& was = metricOf(before.json, "provincial_platforms");
  CHECK(metricOf(yesterday.json, "provincial_platforms") == was);
  const json& is = metricOf(today_p.json, "provincial_platforms");
  CHECK(is["city"]["actual"] == was["city"]["actual"].get<std::int64_t>() + 1);
  if (now.addDays(-1).year() == now.year())
    CHECK(is["city"]["new_this_year"] == was["city"]["new_this_year"].get<std::int64_t>() + 1);
  else
    CHECK(is["city"]["new_this_year"] == 1);  // 1 January: the only new one this year
  for (const auto& cell : is["regions"])
    if (cell["region"] == "411025") {
      std::int64_t earlier = 0;
      for (const auto& c : was["regions"])
        if (c["region"] == "411025") earlier = c["actual"].get<std::int64_t>();
      CHECK(cell["actual"] == earlier + 1);
    }
  CHECK(metricOf(today_p.json, "municipal_platforms") == metricOf(yesterday.json, "municipal_platforms"));

  // The scorecard, as of a day inside the plan period (so targets apply): every task metric is
  // measured, a graph metric's attainment is the progress report's.
  const std::string in_plan = "?as_of=2022-12-31";
  auto sc = city.as("bureau", "GET", "/api/v1/reports/scorecard" + in_plan);
  auto plan_p = city.as("bureau", "GET", "/api/v1/reports/progress" + in_plan);
  REQUIRE(sc.status == 200);
  bool seen = false;
  for (const auto& t : sc.json["tasks"])
    for (const auto& m : t["metrics"]) {
      CHECK(m["status"] == "measured");
      if (m["metric"] == "provincial_platforms") {
        seen = true;
        CHECK(t["state"] == "measured");
        REQUIRE(m["attainment"].is_number());
        CHECK(m["attainment"] == metricOf(plan_p.json, "provincial_platforms")["city"]["attainment"]);
      }
    }
  CHECK(seen);
}

TEST_CASE("graph metric drill-downs list exactly the nodes behind each figure, in the caller's scope",
          "[http][report][graph][export]") {
  DemoCity city(60);
  const Date now = today();
  const std::string day = "&as_of=" + now.toString();
  auto p = city.as("bureau", "GET", "/api/v1/reports/progress?as_of=" + now.toString());
  REQUIRE(p.status == 200);
  std::map<std::string, std::vector<json>> nodes;
  for (const char* kind : {"platform", "talent_team", "project"}) nodes[kind] = listed(city, "bureau", kind, now);

  for (const auto& m : recounts()) {
    const auto& mp = metricOf(p.json, m.metric);
    std::vector<std::pair<std::string, json>> cells = {{"", mp["city"]}};
    for (const auto& c : mp["regions"]) cells.push_back({c["region"].get<std::string>(), c});
    for (const auto& [region, cell] : cells) {
      INFO(m.metric << " region " << region);
      std::string q = "metric=" + std::string(m.metric) + day + (region.empty() ? "" : "&region=" + region);
      json first;
      Ids rows = drilled(city, "bureau", q, &first);
      CHECK(static_cast<std::int64_t>(rows.size()) == cell["actual"].get<std::int64_t>());
      CHECK(first["total"] == cell["actual"]);
      CHECK(rows == recount(nodes[m.kind], m, now, region));
      CHECK(drilled(city, "bureau", q + "&measure=new").size() == cell["new_this_year"].get<std::size_t>());
    }
  }
  auto forecast = city.as("bureau", "GET", "/api/v1/reports/drill-down?report=progress&metric=sbq_projects&measure=forecast");
  CHECK(forecast.status == 422);
  CHECK(forecast.errorCode() == "unknown_measure");

  // A county officer: the same figures, but lists of its own region's nodes only; another
  // region's list reads exactly like an empty one.
  auto mine = city.as("weidu", "GET", "/api/v1/reports/progress?as_of=" + now.toString());
  CHECK(mine.json == p.json);
  const Recount& platforms = recounts()[0];
  Ids own = drilled(city, "weidu", "metric=provincial_platforms" + day);
  CHECK(own == recount(nodes["platform"], platforms, now, "411002"));
  CHECK(own == drilled(city, "weidu", "metric=provincial_platforms&region=411002" + day));
  std::string other_region;
  for (const auto& c : metricOf(p.json, "provincial_platforms")["regions"])
    if (c["region"] != "411002" && c["actual"].get<std::int64_t>() > 0) other_region = c["region"].get<std::string>();
  REQUIRE_FALSE(other_region.empty());
  const auto& alliances = metricOf(p.json, "new_alliances")["regions"];
  for (const auto& c : alliances)
    if (c["region"] == other_region) REQUIRE(c["actual"] == 0);
  auto other = city.as("weidu", "GET", "/api/v1/reports/drill-down?report=progress&metric=provincial_platforms&region=" +
                                           other_region + day);
  auto empty = city.as("weidu", "GET", "/api/v1/reports/drill-down?report=progress&metric=new_alliances&region=" +
                                           other_region + day);
  REQUIRE(other.status == 200);
  CHECK(other.json["total"] == 0);
  CHECK(other.body == empty.body);

  // Export: every row of the list, node ids and names as the JSON has them, dates as dates.
  const std::string dir = city.server().dir();
  json page;
  Ids all = drilled(city, "bureau", "metric=municipal_platforms" + day, &page);
  REQUIRE(all.size() > 1);
  for (const char* ext : {"csv", "xlsx"}) {
    INFO(ext);
    auto r = city.as("bureau", "GET", "/api/v1/reports/drill-down?report=progress&metric=municipal_platforms" + day +
                                          "&format=" + ext);
    REQUIRE(r.status == 200);
    auto rows = httptest::readBack(r.body, dir, ext);
    REQUIRE(rows.size() == all.size() + 1);
    CHECK(rows[0].at(0) == "节点编号");
    CHECK(rows[0].at(4) == "认定/备案日期");
    Ids exported;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      exported.insert(std::stoll(rows[i].at(0)));
      CHECK(Date::parse(rows[i].at(4).substr(0, 10)).has_value());
    }
    CHECK(exported == all);
  }
  auto county_csv = city.as("weidu", "GET", "/api/v1/reports/drill-down?report=progress&metric=provincial_platforms" + day +
                                                "&format=csv");
  REQUIRE(county_csv.status == 200);
  CHECK(httptest::readBack(county_csv.body, dir, "csv").size() == own.size() + 1);
}

}  // namespace trellis::consistencytest
