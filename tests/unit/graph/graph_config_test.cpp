// config/graph.json and its loader (io/graph_config.h GC1–GC6), and the node/link checks of
// domain::GraphConfig.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "graph_fixture.h"
#include "trellis/core/error.h"

using namespace trellis;
using namespace trellis::graph::test;

namespace {

nlohmann::json realJson() {
  std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/config/graph.json");
  return nlohmann::json::parse(in);
}

// The field the loader names when it refuses j.
std::string refusedAt(const nlohmann::json& j) {
  try {
    io::parseGraphConfig(j.dump(), "graph.json");
  } catch (const Error& e) {
    CHECK(e.code() == "graph_config");
    CHECK(std::string(e.what()).find("graph.json: ") == 0);
    return e.field();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("config/graph.json loads with every node kind, the issue's lists and the limits", "[graph][unit]") {
  domain::GraphConfig c = realConfig();
  REQUIRE(c.node_kinds.size() == 5);
  const auto& p = c.nodeKind(NodeKind::platform);
  CHECK(p.levels == std::vector<std::string>{"国家级", "省级", "市级"});
  CHECK(std::find(p.sub_kinds.begin(), p.sub_kinds.end(), "产业技术创新战略联盟") != p.sub_kinds.end());
  CHECK(p.valid_statuses == std::vector<std::string>{"已认定", "已备案"});
  const auto& proj = c.nodeKind(NodeKind::project);
  REQUIRE(proj.programmes.front().code == "省十百千");
  CHECK(proj.programmes.front().tiers == std::vector<std::string>{"十", "百", "千"});
  CHECK(c.limits.max_depth == 3);
  CHECK(c.limits.max_neighbourhood_nodes == 2000);
  CHECK(c.allowsLink("hosts", NodeKind::enterprise, NodeKind::platform));
  CHECK_FALSE(c.allowsLink("hosts", NodeKind::platform, NodeKind::enterprise));
  CHECK_FALSE(c.allowsLink("no_such_kind", NodeKind::enterprise, NodeKind::platform));
  CHECK(c.analytics.isolation_kinds.size() == 3);
}

TEST_CASE("the graph config loader names the JSON path of what it refuses", "[graph][unit]") {
  SECTION("GC1 missing key") {
    auto j = realJson();
    j["node_kinds"]["platform"].erase("levels");
    CHECK(refusedAt(j) == "node_kinds.platform.levels");
  }
  SECTION("GC1 mistyped key") {
    auto j = realJson();
    j["link_kinds"][2]["joins"] = "enterprise";
    CHECK(refusedAt(j) == "link_kinds[2].joins");
  }
  SECTION("GC2 unknown node kind in a join") {
    auto j = realJson();
    j["link_kinds"][0]["joins"][1][0] = "university";
    CHECK(refusedAt(j) == "link_kinds[0].joins[1][0]");
  }
  SECTION("GC2 unknown node kind as a key") {
    auto j = realJson();
    j["node_kinds"]["university"] = {{"name_zh", "大学"}};
    CHECK(refusedAt(j) == "node_kinds.university");
  }
  SECTION("GC3 missing node kind") {
    auto j = realJson();
    j["node_kinds"].erase("institution");
    CHECK(refusedAt(j) == "node_kinds");
  }
  SECTION("GC4 duplicate level and duplicate link kind") {
    auto j = realJson();
    j["node_kinds"]["platform"]["levels"].push_back("省级");
    CHECK(refusedAt(j) == "node_kinds.platform.levels[3]");
    auto k = realJson();
    k["link_kinds"].push_back(k["link_kinds"][0]);
    CHECK(refusedAt(k) == "link_kinds[11].code");
  }
  SECTION("GC5 a valid status that is not a status") {
    auto j = realJson();
    j["node_kinds"]["platform"]["valid_statuses"].push_back("已撤销");
    CHECK(refusedAt(j) == "node_kinds.platform.valid_statuses[2]");
  }
  SECTION("GC5 a counted programme that is not a project programme") {
    auto j = realJson();
    j["analytics"]["sino_german_programmes"] = {"中美合作"};
    CHECK(refusedAt(j) == "analytics.sino_german_programmes[0]");
  }
  SECTION("GC6 depth above 3 and a damping of 1") {
    auto j = realJson();
    j["limits"]["max_depth"] = 4;
    CHECK(refusedAt(j) == "limits.max_depth");
    auto k = realJson();
    k["analytics"]["pagerank_damping"] = 1.0;
    CHECK(refusedAt(k) == "analytics.pagerank_damping");
  }
  SECTION("malformed JSON") {
    CHECK_THROWS_AS(io::parseGraphConfig("{", "graph.json"), Error);
  }
}

TEST_CASE("GraphConfig::checkNode refuses values config does not list, naming the field", "[graph][unit]") {
  domain::GraphConfig c = realConfig();
  auto fieldOf = [&](const GraphNode& n) {
    try {
      c.checkNode(n);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::invalid);
      return e.field();
    }
    return std::string("(accepted)");
  };
  for (const GraphNode& n : g1Nodes()) CHECK(fieldOf(n) == "(accepted)");
  GraphNode p = g1Nodes()[5];
  p.level = "县级";
  CHECK(fieldOf(p) == "level");
  GraphNode j = g1Nodes()[9];
  j.tier = "万";
  CHECK(fieldOf(j) == "tier");
  j = g1Nodes()[9];
  j.programme = "科技成果转移转化";  // a programme without tiers takes none
  CHECK(fieldOf(j) == "tier");
  GraphNode e = enterprise(9, "411002", "electrical");
  e.enterprise_id.reset();
  CHECK(fieldOf(e) == "enterprise_id");
  GraphNode t = g1Nodes()[8];
  t.status = "撤销";
  CHECK(fieldOf(t) == "status");
}

TEST_CASE("GraphConfig::checkLink refuses forbidden kinds, self links and reversed dates", "[graph][unit]") {
  domain::GraphConfig c = realConfig();
  auto codeOf = [&](const GraphLink& l, NodeKind from, NodeKind to) {
    try {
      c.checkLink(l, from, to);
    } catch (const Error& e) {
      return e.code();
    }
    return std::string("(accepted)");
  };
  CHECK(codeOf(link(1, "hosts", 1, 10, "2020-01-01"), NodeKind::enterprise, NodeKind::platform) == "(accepted)");
  CHECK(codeOf(link(1, "hosts", 1, 20, "2020-01-01"), NodeKind::enterprise, NodeKind::institution) == "link_kinds_forbidden");
  CHECK(codeOf(link(1, "owns", 1, 10, "2020-01-01"), NodeKind::enterprise, NodeKind::platform) == "unknown_link_kind");
  CHECK(codeOf(link(1, "partners_with", 1, 1, "2020-01-01"), NodeKind::enterprise, NodeKind::enterprise) == "self_link");
  CHECK(codeOf(link(1, "hosts", 1, 10, "2020-01-01", "2020-01-01"), NodeKind::enterprise, NodeKind::platform) == "link_dates");
}
