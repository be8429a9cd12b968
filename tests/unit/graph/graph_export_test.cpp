// GraphML and DOT through Boost's writers; GraphML parsed back with boost::read_graphml.
#include <catch2/catch.hpp>

#include <sstream>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>

#include "graph_fixture.h"
#include "trellis/core/error.h"

using namespace trellis;
using namespace trellis::graph;
using namespace trellis::graph::test;

namespace {

struct ReadNode {
  long node_id = 0;
  std::string kind, name, region, sub_kind, level;
};
struct ReadLink {
  long link_id = 0;
  std::string kind, valid_from, valid_until;
};
using ReadGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, ReadNode, ReadLink>;

}  // namespace

TEST_CASE("GraphML export of G1 reads back with read_graphml: same nodes, links and attributes", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  std::string xml = g.view(day("2023-01-01"), Visibility::all()).exportGraph({ExportFormat::graphml, std::nullopt});
  CHECK(xml.find("<graphml") != std::string::npos);
  CHECK(xml.find("<node id=\"n20\">") != std::string::npos);  // our ids, never vertex descriptors

  ReadGraph r;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("node_id", boost::get(&ReadNode::node_id, r));
  dp.property("kind", boost::get(&ReadNode::kind, r));
  dp.property("name", boost::get(&ReadNode::name, r));
  dp.property("region", boost::get(&ReadNode::region, r));
  dp.property("sub_kind", boost::get(&ReadNode::sub_kind, r));
  dp.property("level", boost::get(&ReadNode::level, r));
  dp.property("link_id", boost::get(&ReadLink::link_id, r));
  dp.property("link_kind", boost::get(&ReadLink::kind, r));
  dp.property("valid_from", boost::get(&ReadLink::valid_from, r));
  dp.property("valid_until", boost::get(&ReadLink::valid_until, r));
  std::istringstream in(xml);
  boost::read_graphml(in, r, dp);
  CHECK(boost::num_vertices(r) == 10);
  std::size_t edge_count = 0;
  for (auto v : boost::make_iterator_range(boost::vertices(r))) edge_count += boost::out_degree(v, r);
  CHECK(edge_count == 8);  // L108 ended 2022-01-01
  std::map<long, ReadNode> by_id;
  for (auto v : boost::make_iterator_range(boost::vertices(r))) by_id[r[v].node_id] = r[v];
  CHECK(by_id.at(20).name == "许昌学院");
  CHECK(by_id.at(20).kind == "institution");
  CHECK(by_id.at(11).level == "国家级");
  CHECK(by_id.at(40).sub_kind == "省十百千");
  bool found = false;
  for (auto v : boost::make_iterator_range(boost::vertices(r)))
    for (auto e : boost::make_iterator_range(boost::out_edges(v, r))) {
    if (r[e].link_id != 102) continue;
    found = true;
    CHECK(r[boost::source(e, r)].node_id == 2);
    CHECK(r[boost::target(e, r)].node_id == 11);
    CHECK(r[e].kind == "member_of");
    CHECK(r[e].valid_from == "2021-06-01");
    CHECK(r[e].valid_until.empty());
    }
  CHECK(found);
}

TEST_CASE("DOT export of a neighbourhood, and the export limits", "[graph][unit]") {
  auto config = realConfig();
  config.limits.max_export_nodes = 5;
  GraphEngine g(config);
  loadG1(g);
  auto v = g.view(day("2023-01-01"), Visibility::all());
  std::string dot = v.exportGraph({ExportFormat::dot, NeighbourhoodRequest{1, 1}});
  CHECK(dot.find("digraph") == 0);
  CHECK(dot.find("n1->n10") != std::string::npos);
  CHECK(dot.find("n30->n1") != std::string::npos);
  CHECK(dot.find("n3 ") == std::string::npos);
  try {
    v.exportGraph({ExportFormat::graphml, std::nullopt});
    FAIL("a 10-node export passed a limit of 5");
  } catch (const Error& e) {
    CHECK(e.code() == "export_too_large");
  }
  SECTION("V1 the export holds only visible nodes") {
    std::string scoped = g.view(day("2023-01-01"), Visibility::nodes({1, 10})).exportGraph({ExportFormat::graphml, std::nullopt});
    CHECK(scoped.find("n20") == std::string::npos);
    CHECK(scoped.find("<node id=\"n10\">") != std::string::npos);
  }
}

TEST_CASE("exact betweenness runs as a job with progress, and can be cancelled", "[graph][unit]") {
  GraphEngine g(realConfig());
  std::vector<GraphNode> nodes;
  std::vector<GraphLink> links;
  for (int i = 1; i <= 5; ++i) nodes.push_back(enterprise(i, "411002", "electrical"));
  for (int i = 1; i < 5; ++i) links.push_back(link(100 + i, "partners_with", i, i + 1, "2020-01-01"));
  g.load(nodes, links);
  CentralityRequest req;
  req.measure = Measure::betweenness;
  auto job = BetweennessJob::start(g.view(day("2023-01-01"), Visibility::all()), req);
  job->wait();
  CHECK(job->status() == BetweennessJob::Status::done);
  CHECK(job->progress() == 1.0);
  CHECK(job->sourcesDone() == 5);
  REQUIRE(job->result());
  CHECK(job->result()->top[0].node.id == 3);
  CHECK(job->result()->top[0].score == Approx(4.0));
  CHECK(job->result()->sources == 5);

  SECTION("cancelled before it runs a source: no result") {
    std::vector<GraphNode> big;
    std::vector<GraphLink> chain;
    for (int i = 1; i <= 3000; ++i) big.push_back(enterprise(i, "411002", "electrical"));
    for (int i = 1; i < 3000; ++i) chain.push_back(link(i, "partners_with", i, i + 1, "2020-01-01"));
    g.load(big, chain);
    auto long_job = BetweennessJob::start(g.view(day("2023-01-01"), Visibility::all()), req);
    long_job->cancel();
    long_job->wait();
    CHECK(long_job->status() == BetweennessJob::Status::cancelled);
    CHECK_FALSE(long_job->result());
    CHECK(long_job->sourcesDone() < 3000);
  }
  CentralityRequest degree;
  CHECK_THROWS_AS(BetweennessJob::start(g.view(day("2023-01-01"), Visibility::all()), degree), Error);
}
