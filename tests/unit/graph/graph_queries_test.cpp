// Queries on G1 and on small paths and stars (graph_fixture.h), answers computed by hand.
// Labels: graph_view.h V1–V5.
#include <catch2/catch.hpp>

#include <cmath>

#include "graph_fixture.h"
#include "trellis/core/error.h"

using namespace trellis;
using namespace trellis::graph;
using namespace trellis::graph::test;

namespace {

std::string errorCode(const std::function<void()>& f, ErrorKind* kind = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (kind) *kind = e.kind();
    return e.code() + "@" + e.field();
  }
  return "(none)";
}

// path 1-2-3-4-5 (enterprises, partners_with), or a star: centre 1, leaves 2..n.
void loadPath(GraphEngine& g, int n) {
  std::vector<GraphNode> nodes;
  std::vector<GraphLink> links;
  for (int i = 1; i <= n; ++i) nodes.push_back(enterprise(i, "411002", "electrical"));
  for (int i = 1; i < n; ++i) links.push_back(link(100 + i, "partners_with", i, i + 1, "2020-01-01"));
  g.load(nodes, links);
}

void loadStar(GraphEngine& g, int leaves, bool platform_centre) {
  std::vector<GraphNode> nodes;
  std::vector<GraphLink> links;
  if (platform_centre) nodes.push_back(platform(1, "中心平台", "技术创新中心", "省级", "411002", "2020-01-01"));
  else nodes.push_back(enterprise(1, "411002", "electrical"));
  for (int i = 2; i <= leaves + 1; ++i) {
    nodes.push_back(enterprise(i, "411002", "electrical"));
    links.push_back(platform_centre ? link(100 + i, "member_of", i, 1, "2020-01-01")
                                    : link(100 + i, "partners_with", 1, i, "2020-01-01"));
  }
  g.load(nodes, links);
}

double scoreOf(const CentralityResult& r, domain::NodeId id) {
  for (const auto& e : r.top)
    if (e.node.id == id) return e.score;
  FAIL("node " << id << " not ranked");
  return -1;
}

}  // namespace

TEST_CASE("shortest path on G1: E1 → I20 is E1-E2-P11-E3-I20 with the links that join them", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto p = g.view(day("2023-01-01"), Visibility::all()).shortestPath(1, 20);
  REQUIRE(p);
  CHECK(idsOf(p->nodes) == std::vector<domain::NodeId>{1, 2, 11, 3, 20});
  REQUIRE(p->links.size() == 4);
  CHECK(p->links[0].id == 107);
  CHECK(p->links[1].id == 102);
  CHECK(p->links[2].id == 103);
  CHECK(p->links[3].id == 104);
  SECTION("V2 as of 2021-04-01 L102 has not started: no path") {
    CHECK_FALSE(g.view(day("2021-04-01"), Visibility::all()).shortestPath(1, 20));
  }
  SECTION("a path to itself is the node alone") {
    auto self = g.view(day("2023-01-01"), Visibility::all()).shortestPath(1, 1);
    REQUIRE(self);
    CHECK(self->nodes.size() == 1);
    CHECK(self->links.empty());
  }
}

TEST_CASE("V1 no path runs through a node the caller may not see", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  // Both ends visible, E3 (the only bridge to I20) not.
  auto v = g.view(day("2023-01-01"), Visibility::nodes({1, 2, 10, 11, 20}));
  CHECK_FALSE(v.shortestPath(1, 20));
  CHECK(v.shortestPath(1, 11));
  SECTION("an invisible end is not_found, exactly like an absent one") {
    auto scope = g.view(day("2023-01-01"), Visibility::regions({"411002"}));
    ErrorKind k1{}, k2{};
    std::string invisible = errorCode([&] { scope.shortestPath(1, 20); }, &k1);
    std::string absent = errorCode([&] { scope.shortestPath(1, 999); }, &k2);
    CHECK(k1 == ErrorKind::not_found);
    CHECK(invisible == absent);
    CHECK_FALSE(scope.node(20));
  }
}

TEST_CASE("region scope: own region's nodes, and read-only the nodes linked to its enterprises", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto v = g.view(day("2023-01-01"), Visibility::regions({"411002"}));
  CHECK(v.node(1));    // E1 魏都区
  CHECK(v.node(10));   // P10 魏都区
  CHECK(v.node(11));   // P11 禹州市, linked to E2 (魏都区)
  CHECK(v.node(30));   // T30 魏都区
  CHECK_FALSE(v.node(3));   // E3 禹州市: an enterprise is seen by its own region only
  CHECK_FALSE(v.node(20));  // I20 linked to E3 only
  CHECK_FALSE(v.node(40));  // J40 linked to E3 only
  auto comps = v.components(10);
  CHECK(comps.node_count == 6);  // E1 E2 E5 P10 P11 T30
  auto n = v.neighbourhood({11, 3});
  for (const auto& x : n.nodes) CHECK((x.node.region_code != "411081" || x.node.id == 11));
  SECTION("as of 2021-05-01, before L102, P11 is not linked to a visible enterprise") {
    CHECK_FALSE(g.view(day("2021-05-01"), Visibility::regions({"411002"})).node(11));
  }
}

TEST_CASE("components on G1 with sizes, as of three dates", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto at = [&](const char* d) { return g.view(day(d), Visibility::all()).components(10); };
  auto c2023 = at("2023-01-01");
  CHECK(c2023.node_count == 10);
  CHECK(c2023.component_count == 3);
  CHECK(c2023.isolated_nodes == 2);  // E4 (L108 ended), E5
  REQUIRE(c2023.components.size() == 3);
  CHECK(c2023.components[0].size == 8);
  CHECK(c2023.components[0].representative == 1);
  CHECK(c2023.components[0].by_kind[static_cast<int>(NodeKind::enterprise)] == 3);
  CHECK(c2023.components[1].representative == 4);
  CHECK(c2023.components[2].representative == 5);
  auto c2020 = at("2020-06-01");
  CHECK(c2020.component_count == 6);
  std::vector<std::int64_t> sizes;
  for (const auto& c : c2020.components) sizes.push_back(c.size);
  CHECK(sizes == std::vector<std::int64_t>{3, 2, 2, 1, 1, 1});
  CHECK(at("2021-07-01").components[0].size == 8);  // E4 still on P11, J40 not yet
  CHECK(errorCode([&] { g.view(day("2023-01-01"), Visibility::all()).components(0); }) == "limit_out_of_range@limit");
}

TEST_CASE("degree per node kind on G1, ties by smaller id", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto v = g.view(day("2023-01-01"), Visibility::all());
  CentralityRequest req;
  req.measure = Measure::degree;
  req.kind = NodeKind::platform;
  auto r = v.centrality(req);
  REQUIRE(r.top.size() == 2);
  CHECK(r.top[0].node.id == 10);
  CHECK(r.top[0].score == 2);
  CHECK(r.top[1].node.id == 11);
  CHECK(r.top[1].score == 2);  // E2, E3: L108 ended
  req.kind = NodeKind::enterprise;
  r = v.centrality(req);
  CHECK(idsOf({r.top[0].node, r.top[1].node, r.top[2].node}) == std::vector<domain::NodeId>{1, 2, 3});
  CHECK(scoreOf(r, 4) == 0);
}

TEST_CASE("V3 several links between one pair count once in degree", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  g.putLink(link(200, "co_builds", 1, 10, "2021-01-01"));  // E1 hosts and co-builds P10
  CentralityRequest req;
  req.kind = NodeKind::platform;
  auto r = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
  CHECK(scoreOf(r, 10) == 2);
  CHECK(g.view(day("2023-01-01"), Visibility::all()).linksOf(10).size() == 3);
}

TEST_CASE("PageRank on the 4-node star: centre 0.4797, leaves 0.1734 (d = 0.85)", "[graph][unit]") {
  // Centre c, leaves l: c = 0.15/4 + 0.85·3l, l = 0.15/4 + 0.85·c/3, c + 3l = 1
  // → c = 0.133125 / 0.2775 = 0.479730, l = (1 − c) / 3 = 0.173423.
  GraphEngine g(realConfig());
  loadStar(g, 3, true);
  CentralityRequest req;
  req.measure = Measure::pagerank;
  auto r = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
  CHECK(r.top[0].node.id == 1);
  CHECK(scoreOf(r, 1) == Approx(0.479730).epsilon(1e-5));
  for (domain::NodeId leaf : {2, 3, 4}) CHECK(scoreOf(r, leaf) == Approx(0.173423).epsilon(1e-5));
  CHECK(r.iterations > 1);
  SECTION("an isolated node keeps (1 - d)/n plus its share of the dangling mass; the sum stays 1") {
    g.putNode(enterprise(9, "411002", "electrical"));
    auto r5 = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
    double sum = 0;
    for (const auto& e : r5.top) sum += e.score;
    CHECK(sum == Approx(1.0).epsilon(1e-9));
  }
}

TEST_CASE("betweenness on a path and on a star, exact when the sample covers every node", "[graph][unit]") {
  CentralityRequest req;
  req.measure = Measure::betweenness;
  SECTION("path 1-2-3-4-5: 0, 3, 4, 3, 0") {
    GraphEngine g(realConfig());
    loadPath(g, 5);
    auto r = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
    CHECK(r.sources == 5);
    CHECK(scoreOf(r, 1) == Approx(0.0).margin(1e-12));
    CHECK(scoreOf(r, 2) == Approx(3.0));
    CHECK(scoreOf(r, 3) == Approx(4.0));
    CHECK(scoreOf(r, 4) == Approx(3.0));
    CHECK(r.top[0].node.id == 3);
  }
  SECTION("star with 4 leaves: centre C(4,2) = 6") {
    GraphEngine g(realConfig());
    loadStar(g, 4, false);
    auto r = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
    CHECK(scoreOf(r, 1) == Approx(6.0));
    CHECK(scoreOf(r, 2) == Approx(0.0).margin(1e-12));
  }
  SECTION("V5 a sample is drawn from the seed: same sources, same answer, scaled by n / k") {
    GraphEngine g(realConfig());
    loadPath(g, 5);
    req.sample = 2;
    auto a = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
    auto b = g.view(day("2023-01-01"), Visibility::all()).centrality(req);
    CHECK(a.sources == 2);
    CHECK(a.seed == realConfig().analytics.betweenness_seed);
    for (std::size_t i = 0; i < a.top.size(); ++i) CHECK(a.top[i].score == b.top[i].score);
  }
  SECTION("a sample above the limit is refused") {
    GraphEngine g(realConfig());
    loadPath(g, 5);
    req.sample = 100000;
    CHECK(errorCode([&] { g.view(day("2023-01-01"), Visibility::all()).centrality(req); }) == "sample_out_of_range@sample");
  }
}

TEST_CASE("neighbourhood of E1: depth, kind filters, truncation and limits", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto v = g.view(day("2023-01-01"), Visibility::all());
  auto d1 = v.neighbourhood({1, 1});
  std::vector<domain::NodeId> ids;
  for (const auto& n : d1.nodes) ids.push_back(n.node.id);
  CHECK(ids == std::vector<domain::NodeId>{1, 2, 10, 30});
  std::vector<domain::LinkId> links;
  for (const auto& l : d1.links) links.push_back(l.id);
  CHECK(links == std::vector<domain::LinkId>{100, 101, 105, 107});
  CHECK_FALSE(d1.truncated);

  NeighbourhoodRequest hosts{1, 2, {}, {"hosts"}};
  CHECK(v.neighbourhood(hosts).nodes.size() == 2);  // E1, P10
  NeighbourhoodRequest platforms{1, 2, {NodeKind::platform}, {}};
  CHECK(v.neighbourhood(platforms).nodes.size() == 2);

  NeighbourhoodRequest capped{1, 2, {}, {}, 3};
  auto t = v.neighbourhood(capped);
  CHECK(t.truncated);
  CHECK(t.nodes.size() == 3);
  auto d3 = v.neighbourhood({1, 3});
  CHECK(d3.nodes.back().depth == 3);

  CHECK(errorCode([&] { v.neighbourhood({1, 4}); }) == "depth_out_of_range@depth");
  CHECK(errorCode([&] { v.neighbourhood({1, 0}); }) == "depth_out_of_range@depth");
  CHECK(errorCode([&] { v.neighbourhood({1, 1, {}, {"owns"}}); }) == "unknown_link_kind@link_kinds");
  CHECK(errorCode([&] { v.neighbourhood({1, 1, {}, {}, 2001}); }) == "max_nodes_out_of_range@max_nodes");
  CHECK(errorCode([&] { v.neighbourhood({999, 1}); }) == "graph_node_not_found@");
}

TEST_CASE("neighbourhood is truncated at 2,000 nodes around a hub", "[graph][unit]") {
  GraphEngine g(realConfig());
  std::vector<GraphNode> nodes{platform(1, "孵化器", "科技企业孵化器", "市级", "411002", "2020-01-01")};
  std::vector<GraphLink> links;
  for (int i = 2; i <= 2600; ++i) {
    nodes.push_back(enterprise(i, "411002", "electrical"));
    links.push_back(link(i, "incubated_by", i, 1, "2020-01-01"));
  }
  g.load(nodes, links);
  auto r = g.view(day("2023-01-01"), Visibility::all()).neighbourhood({1, 1});
  CHECK(r.truncated);
  CHECK(r.nodes.size() == 2000);
  CHECK(r.nodes.back().node.id == 2000);  // smallest ids first
  CHECK(r.links.size() == 1999);
}

TEST_CASE("isolated reserve members: no platform, team or project link as of the day", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  std::vector<std::int64_t> pool{1, 2, 3, 4, 5, 99};
  CHECK(g.view(day("2023-01-01"), Visibility::all()).isolated(pool) == std::vector<std::int64_t>{4, 5, 99});
  CHECK(g.view(day("2021-07-01"), Visibility::all()).isolated(pool) == std::vector<std::int64_t>{5, 99});
  SECTION("V1 a link to an invisible platform does not count, and invisible members are left out") {
    auto v = g.view(day("2023-01-01"), Visibility::nodes({1, 2, 3, 4, 5}));
    CHECK(v.isolated(pool) == std::vector<std::int64_t>{1, 2, 3, 4, 5, 99});
    auto w = g.view(day("2023-01-01"), Visibility::regions({"411002"}));
    CHECK(w.isolated(pool) == std::vector<std::int64_t>{5, 99});
  }
}

TEST_CASE("enterprises sharing platforms with E2", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto v = g.view(day("2023-01-01"), Visibility::all());
  auto s = v.sharingPlatforms(2, 10);
  REQUIRE(s.size() == 2);
  CHECK(s[0].enterprise.id == 1);
  CHECK(s[0].platforms == std::vector<domain::NodeId>{10});
  CHECK(s[1].enterprise.id == 3);
  CHECK(s[1].platforms == std::vector<domain::NodeId>{11});
  CHECK(errorCode([&] { v.sharingPlatforms(10, 10); }) == "not_an_enterprise@enterprise");
  CHECK(v.sharingPlatforms(5, 10).empty());
}

TEST_CASE("partners who could help E1: P11 through E2 (same chain), Adamic–Adar 1/ln 3", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto r = g.view(day("2023-01-01"), Visibility::all()).partners(1, 10);
  CHECK(r.industry == "electrical");
  CHECK(r.measure == "adamic_adar");
  REQUIRE(r.partners.size() == 1);  // P10 is E1's already
  CHECK(r.partners[0].candidate.id == 11);
  CHECK(r.partners[0].score == Approx(1.0 / std::log(3.0)));
  CHECK(r.partners[0].via_count == 1);
  CHECK(idsOf(r.partners[0].path.nodes) == std::vector<domain::NodeId>{1, 2, 11});
  REQUIRE(r.partners[0].path.links.size() == 2);
  CHECK(r.partners[0].path.links[0].id == 107);
  CHECK(r.partners[0].path.links[1].id == 102);
  SECTION("an enterprise of another chain leads nowhere: E4 (materials) on P11 adds no via") {
    g.putLink(link(201, "partners_with", 4, 1, "2021-01-01"));
    auto r4 = g.view(day("2021-07-01"), Visibility::all()).partners(1, 10);
    REQUIRE(r4.partners.size() == 1);
    CHECK(r4.partners[0].candidate.id == 11);
    CHECK(r4.partners[0].via_count == 1);
  }
  SECTION("V1 the candidate is dropped when the caller may not see it") {
    CHECK(g.view(day("2023-01-01"), Visibility::nodes({1, 2, 10})).partners(1, 10).partners.empty());
  }
}

TEST_CASE("counts for the plan over G1", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto v = g.view(day("2023-01-01"), Visibility::all());
  PlanCounts c = v.counts({day("2023-01-01"), 2020, 2022});
  CHECK(c.platforms_valid.size() == 2);
  CHECK(c.platforms_valid[{"工程技术研究中心", "省级", "411002"}] == 1);
  CHECK(c.platforms_valid[{"重点实验室", "国家级", "411081"}] == 1);
  CHECK(c.platforms_new[{2020, "工程技术研究中心", "省级", "411002"}] == 1);
  CHECK(c.platforms_new[{2021, "重点实验室", "国家级", "411081"}] == 1);
  CHECK(c.talent_teams_valid[{"许昌英才计划", "411002"}] == 1);
  CHECK(c.talent_teams_new[{2021, "许昌英才计划"}] == 1);
  CHECK(c.projects_new[{2022, "省十百千", "百"}] == 1);
  CHECK(c.rd_institutions_valid.empty());
  SECTION("valid as of a date before an approval does not count it") {
    PlanCounts early = v.counts({day("2020-06-01"), 0, 0});
    CHECK(early.platforms_valid.size() == 1);
    CHECK(early.talent_teams_valid.empty());  // recognised in 2021
  }
  SECTION("V1 counts exclude nodes the caller may not see") {
    PlanCounts scoped = g.view(day("2023-01-01"), Visibility::nodes({1, 10})).counts({day("2023-01-01"), 2020, 2022});
    CHECK(scoped.platforms_valid.size() == 1);
    CHECK(scoped.projects_new.empty());
  }
  SECTION("a revoked platform is not in force after its end") {
    GraphNode p = g1Nodes()[5];
    p.status = "撤销";
    p.ended_on = day("2022-06-01");
    g.putNode(p);
    PlanCounts after = g.view(day("2023-01-01"), Visibility::all()).counts({day("2023-01-01"), 0, 0});
    CHECK(after.platforms_valid.count({"工程技术研究中心", "省级", "411002"}) == 0);
  }
  CHECK(errorCode([&] { v.counts({day("2023-01-01"), 2022, 2020}); }) == "year_range@to_year");
}
