// Graph metrics of the plan (report/graph_metrics.h G1–G4) on hand-made nodes, and the plan's
// graph selectors checked against config/graph.json (rules/plan_config.h PC5, PC6).
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "report_fixture.h"
#include "trellis/io/graph_config.h"
#include "trellis/report/graph_metrics.h"

namespace trellis::reporttest {
namespace {

using domain::GraphNode;
using domain::NodeKind;

GraphNode node(domain::NodeId id, NodeKind kind, const char* region, const char* status) {
  GraphNode n;
  n.id = id;
  n.kind = kind;
  n.name = "节点" + std::to_string(id);
  n.region_code = region;
  n.status = status;
  return n;
}

GraphNode platform(domain::NodeId id, const char* region, const char* sub_kind, const char* level, const char* approved,
                   const char* status = "已认定", const char* ended = nullptr) {
  GraphNode n = node(id, NodeKind::platform, region, status);
  n.sub_kind = sub_kind;
  n.level = level;
  if (approved) n.approved_on = d(approved);
  if (ended) n.ended_on = d(ended);
  return n;
}

GraphNode team(domain::NodeId id, const char* region, const char* programme, int year, const char* status = "跟踪服务") {
  GraphNode n = node(id, NodeKind::talent_team, region, status);
  n.programme = programme;
  n.year_recognised = year;
  return n;
}

GraphNode project(domain::NodeId id, const char* region, const char* programme, const char* starts, const char* status) {
  GraphNode n = node(id, NodeKind::project, region, status);
  n.programme = programme;
  n.starts_on = d(starts);
  return n;
}

std::vector<domain::NodeId> ids(const std::vector<const GraphNode*>& nodes) {
  std::vector<domain::NodeId> out;
  for (const auto* n : nodes) out.push_back(n->id);
  return out;
}

const domain::PlanMetric& metricOf(const char* key) {
  const auto* m = shippedPlan().findMetric(key);
  REQUIRE(m);
  return *m;
}

const domain::GraphConfig& shippedGraph() {
  static const domain::GraphConfig c = io::loadGraphConfig(std::string(TRELLIS_SOURCE_DIR) + "/config/graph.json");
  return c;
}

}  // namespace

TEST_CASE("graph metrics: which nodes count, by the plan's selectors, as of a date (G1-G4)", "[unit][report]") {
  const std::vector<GraphNode> nodes = {
      platform(1, "411002", "工程技术研究中心", "省级", "2021-05-01"),
      platform(2, "411082", "重点实验室", "省级", "2022-06-30"),
      platform(3, "411002", "企业技术中心", "省级", "2020-01-01"),                       // not a counted sub-kind
      platform(4, "411002", "技术创新中心", "国家级", "2020-01-01"),                     // national, not provincial
      platform(5, "411082", "技术创新中心", "省级", "2019-03-01", "撤销", "2022-03-01"),  // revoked: status
      platform(6, "411082", "技术创新中心", "省级", "2019-03-01", "已认定", "2022-03-01"),  // ended before 06-30
      platform(7, "411002", "工程技术研究中心", "省级", "2022-07-01"),                   // after the as-of date
      platform(8, "411002", "技术创新中心", "省级", nullptr),                            // no date: never
      platform(9, "411002", "产业技术创新战略联盟", "省级", "2020-02-02"),
      platform(10, "411082", "产业技术创新战略联盟", "省级", "2019-12-31"),            // before the period
      platform(11, "411002", "众创空间", "市级", "2022-01-01"),
      platform(12, "411002", "新型研发机构", "省级", "2021-01-01", "已备案"),
      platform(13, "411002", "技术创新中心", "省级", "2020-01-01", "申报中"),            // not in force
      team(20, "411002", "许昌英才计划", 2021),
      team(21, "411082", "省科技创新人才计划", 2022),
      team(22, "411082", "国家计划", 2019),                                            // before the period
      team(23, "411002", "中原英才计划", 2022, "结项"),                                  // closed: status
      project(30, "411002", "省十百千", "2022-03-01", "实施"),
      project(31, "411082", "科技成果转移转化", "2022-03-01", "立项"),
      project(32, "411082", "科技成果转移转化", "2021-03-01", "实施"),                  // last year
      project(33, "411002", "科技成果转移转化", "2022-05-01", "谋划"),                  // only planned
      project(34, "411002", "中德(欧)合作", "2022-07-01", "立项"),                      // after the as-of date
  };
  const Date on = d("2022-06-30");
  const int from = 2020;
  CHECK(ids(report::graphMetricActual(nodes, metricOf("provincial_platforms"), on, from, "")) ==
        std::vector<domain::NodeId>{1, 2});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("provincial_platforms"), on, from, "411082")) ==
        std::vector<domain::NodeId>{2});
  // As of an earlier day: platform 6 had not ended yet, platform 2 was not approved yet.
  CHECK(ids(report::graphMetricActual(nodes, metricOf("provincial_platforms"), d("2022-02-28"), from, "")) ==
        std::vector<domain::NodeId>{1, 6});
  CHECK(ids(report::graphMetricNew(nodes, metricOf("provincial_platforms"), on, "")) == std::vector<domain::NodeId>{2});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("new_alliances"), on, from, "")) == std::vector<domain::NodeId>{9});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("new_alliances"), on, 2019, "")) ==
        std::vector<domain::NodeId>{9, 10});  // a target period from 2019
  CHECK(ids(report::graphMetricActual(nodes, metricOf("municipal_platforms"), on, from, "")) ==
        std::vector<domain::NodeId>{11});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("new_incubators"), on, from, "")) == std::vector<domain::NodeId>{11});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("rd_institutions"), on, from, "")) == std::vector<domain::NodeId>{12});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("talent_teams"), on, from, "")) == std::vector<domain::NodeId>{20, 21});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("talent_programme"), on, from, "")) == std::vector<domain::NodeId>{21});
  // A team recognised in 2022 counts from 1 Jan 2022, not before.
  CHECK(ids(report::graphMetricActual(nodes, metricOf("talent_teams"), d("2021-12-31"), from, "")) ==
        std::vector<domain::NodeId>{20});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("sbq_projects"), on, from, "")) == std::vector<domain::NodeId>{30});
  // new_per_year: this year's only.
  CHECK(ids(report::graphMetricActual(nodes, metricOf("transfer_projects"), on, from, "")) == std::vector<domain::NodeId>{31});
  CHECK(ids(report::graphMetricActual(nodes, metricOf("transfer_projects"), d("2021-12-31"), from, "")) ==
        std::vector<domain::NodeId>{32});
  CHECK(report::graphMetricActual(nodes, metricOf("sino_german_projects"), on, from, "").empty());
  CHECK(ids(report::graphMetricActual(nodes, metricOf("sino_german_projects"), d("2022-07-01"), from, "")) ==
        std::vector<domain::NodeId>{34});
  // A designation metric counts no node.
  CHECK(report::graphMetricActual(nodes, metricOf("hnte"), on, from, "").empty());
}

TEST_CASE("plan.json graph selectors: malformed ones and values graph.json lacks are refused (PC5, PC6)",
          "[unit][report][config]") {
  std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/config/plan.json");
  const nlohmann::json base = nlohmann::json::parse(in);
  std::size_t graph_index = 0;  // the first graph metric (provincial_platforms)
  while (base["metrics"][graph_index]["source"] != "graph") ++graph_index;
  const std::string at = "$.metrics[" + std::to_string(graph_index) + "].graph";
  // Every shipped graph metric has a selector and passes the check.
  for (const auto& m : shippedPlan().metrics) CHECK(m.measurable());
  CHECK_NOTHROW(rules::checkGraphMetrics(shippedPlan(), shippedGraph(), "plan.json"));

  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
    std::string field;
    bool parse;  // refused by parsePlan (PC5) rather than by checkGraphMetrics (PC6)
  };
  const Case cases[] = {
      {"PC5 no selector", [&](nlohmann::json& g) { g.erase("graph"); }, at, true},
      {"PC5 unknown key", [&](nlohmann::json& g) { g["graph"]["colour"] = "red"; }, at + ".colour", true},
      {"PC5 enterprise kind", [&](nlohmann::json& g) { g["graph"]["kind"] = "enterprise"; }, at + ".kind", true},
      {"PC5 no status", [&](nlohmann::json& g) { g["graph"]["statuses"] = nlohmann::json::array(); }, at + ".statuses", true},
      {"PC5 a level on a team",
       [&](nlohmann::json& g) {
         g["graph"]["kind"] = "talent_team";
         g["graph"].erase("sub_kinds");
       },
       at + ".levels", true},
      {"PC6 unknown level", [&](nlohmann::json& g) { g["graph"]["levels"][0] = "省部级"; }, at + ".levels[0]", false},
      {"PC6 unknown sub-kind", [&](nlohmann::json& g) { g["graph"]["sub_kinds"][1] = "实验室"; }, at + ".sub_kinds[1]", false},
      {"PC6 unknown status", [&](nlohmann::json& g) { g["graph"]["statuses"][0] = "有效"; }, at + ".statuses[0]", false},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto doc = base;
    c.edit(doc["metrics"][graph_index]);
    auto e = laddertest::errorOf([&] {
      auto plan = rules::parsePlan(doc.dump(), "plan.json", regionCodes(), stageIds());
      REQUIRE_FALSE(c.parse);
      rules::checkGraphMetrics(plan, shippedGraph(), "plan.json");
    });
    CHECK(e.code() == "plan_config");
    CHECK(e.field() == c.field);
    CHECK(std::string(e.what()).find(c.field) != std::string::npos);
  }
}

}  // namespace trellis::reporttest
