// The engine's promises (graph_engine.h E1–E4): snapshots, read-your-writes under concurrent
// readers and writers, folds, validation that changes nothing.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "graph_fixture.h"
#include "trellis/core/error.h"

using namespace trellis;
using namespace trellis::graph;
using namespace trellis::graph::test;

namespace {

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code() + "@" + e.field();
  }
  return "(none)";
}

}  // namespace

TEST_CASE("E2 a link change is visible to the next view; E1 an older view keeps its snapshot", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto before = g.view(day("2023-01-01"), Visibility::all());
  CHECK_FALSE(before.shortestPath(5, 10));
  g.putLink(link(300, "incubated_by", 5, 10, "2022-01-01"));
  auto after = g.view(day("2023-01-01"), Visibility::all());
  REQUIRE(after.shortestPath(5, 10));
  CHECK(after.shortestPath(5, 10)->links[0].id == 300);
  CHECK_FALSE(before.shortestPath(5, 10));
  CHECK(after.version() == before.version() + 1);

  SECTION("ending a link dates it: gone after that day, still there before") {
    g.endLink(300, day("2022-07-01"));
    CHECK_FALSE(g.view(day("2023-01-01"), Visibility::all()).shortestPath(5, 10));
    CHECK(g.view(day("2022-03-01"), Visibility::all()).shortestPath(5, 10));
    CHECK(refusal([&] { g.endLink(300, day("2022-08-01")); }) == "link_ended@valid_until");
    CHECK(refusal([&] { g.endLink(999, day("2022-08-01")); }) == "graph_link_not_found@");
  }
  SECTION("a base link ended in the overlay disappears from traversal") {
    g.endLink(107, day("2022-01-01"));
    auto p = g.view(day("2023-01-01"), Visibility::all()).shortestPath(1, 2);
    REQUIRE(p);
    CHECK(p->nodes.size() == 3);  // E1-P10-E2 now
  }
  SECTION("a new node and its links") {
    GraphNode inst;
    inst.id = 50;
    inst.kind = NodeKind::institution;
    inst.name = "中科院合肥物质科学研究院许昌智能制造研究所";
    inst.sub_kind = "中科院院所";
    inst.region_code = "411000";
    g.putNode(inst);
    g.putLink(link(301, "cooperates_with", 5, 50, "2022-01-01"));
    auto v = g.view(day("2023-01-01"), Visibility::all());
    REQUIRE(v.node(50));
    CHECK(v.node(50)->name == inst.name);
    CHECK(v.neighbourhood({50, 1}).nodes.size() == 2);
  }
  SECTION("a removed node disappears with its links") {
    g.removeNode(10);
    auto v = g.view(day("2023-01-01"), Visibility::all());
    CHECK_FALSE(v.node(10));
    CHECK_FALSE(v.shortestPath(5, 1));
    CHECK(refusal([&] { g.putNode(g1Nodes()[5]); }) == "node_removed@id");
    CHECK(refusal([&] { g.removeNode(10); }) == "graph_node_not_found@");
  }
}

TEST_CASE("E5 an enterprise node follows its enterprise: a move of region and an archive were seen only after a reload",
          "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  const Date on = day("2023-01-01");
  auto weidu = [&] { return g.view(on, Visibility::regions({"411002"})); };
  auto changge = [&] { return g.view(on, Visibility::regions({"411082"})); };
  REQUIRE(weidu().node(2));
  REQUIRE(weidu().node(11));  // P11 (禹州市), read-only through E2's L102
  REQUIRE_FALSE(changge().node(2));

  SECTION("a region change moves the node and what it makes visible, at once") {
    GraphNode e2 = g1Nodes()[1];
    e2.region_code = "411082";
    g.putNode(e2);
    CHECK_FALSE(weidu().node(2));
    CHECK_FALSE(weidu().node(11));
    CHECK(changge().node(2));
    CHECK(changge().node(11));
    CHECK(changge().neighbourhood({2, 1}).nodes.size() == 3);  // E2, P11, and P10 (changge sees it through E2's L101)
  }
  SECTION("archived: in no view, not even city-wide; restored: back with its links, folded or not") {
    GraphNode e1 = g1Nodes()[0];
    e1.archived = true;
    g.putNode(e1);
    auto all = g.view(on, Visibility::all());
    CHECK_FALSE(all.node(1));
    CHECK_FALSE(all.enterpriseNode(1));
    CHECK(refusal([&] { all.neighbourhood({1, 1}); }) == "graph_node_not_found@");
    CHECK_FALSE(all.shortestPath(30, 2));  // T30 reached E2 only through E1
    g.putLink(link(310, "partners_with", 1, 5, "2022-01-01"));  // kept, hidden with E1
    CHECK(g.view(on, Visibility::all()).linksOf(5).empty());
    g.fold();
    CHECK_FALSE(g.view(on, Visibility::all()).node(1));
    e1.archived = false;
    g.putNode(e1);
    auto back = g.view(on, Visibility::all());
    REQUIRE(back.node(1));
    REQUIRE(back.shortestPath(30, 2));
    CHECK(back.shortestPath(30, 2)->links.size() == 2);  // L105, L107 kept
    CHECK(back.linksOf(5).size() == 1);                   // and L310, recorded while it was archived
    CHECK(weidu().node(1));
  }
  SECTION("loaded archived: hidden, with its links, until a putNode without the flag") {
    auto nodes = g1Nodes();
    nodes[0].archived = true;
    g.load(nodes, g1Links());
    CHECK_FALSE(g.view(on, Visibility::all()).node(1));
    nodes[0].archived = false;
    g.putNode(nodes[0]);
    CHECK(g.view(on, Visibility::all()).neighbourhood({1, 1}).nodes.size() == 4);  // E1, P10, T30, E2
  }
}

TEST_CASE("E4 refused changes change nothing", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  auto version = g.stats().version;
  CHECK(refusal([&] { g.putLink(link(400, "hosts", 1, 20, "2022-01-01")); }) == "link_kinds_forbidden@kind");
  CHECK(refusal([&] { g.putLink(link(400, "owns", 1, 10, "2022-01-01")); }) == "unknown_link_kind@kind");
  CHECK(refusal([&] { g.putLink(link(400, "hosts", 1, 999, "2022-01-01")); }) == "unknown_node@to");
  CHECK(refusal([&] { g.putLink(link(400, "hosts", 2, 10, "2022-01-01", "2021-01-01")); }) == "link_dates@valid_until");
  // L100 E1 hosts P10 is open-ended: a second one overlaps it; another kind is fine.
  CHECK(refusal([&] { g.putLink(link(400, "hosts", 1, 10, "2022-01-01")); }) == "duplicate_link@kind");
  CHECK(refusal([&] { g.putLink(link(100, "co_builds", 1, 10, "2020-05-01")); }) == "link_immutable@kind");
  GraphNode bad = g1Nodes()[5];
  bad.level = "县级";
  CHECK(refusal([&] { g.putNode(bad); }) == "unknown_level@level");
  GraphNode rekind = g1Nodes()[5];
  rekind.kind = NodeKind::institution;
  rekind.sub_kind = "高校";
  CHECK(refusal([&] { g.putNode(rekind); }) == "node_kind_immutable@kind");
  CHECK(g.stats().version == version);
  CHECK(g.stats().overlay_changes == 0);
  CHECK_FALSE(g.view(day("2023-01-01"), Visibility::all()).shortestPath(1, 20)->links.empty());

  SECTION("after the first link has ended, the same kind may join the pair again") {
    g.endLink(100, day("2022-01-01"));
    g.putLink(link(400, "hosts", 1, 10, "2022-01-01"));
    CHECK(g.view(day("2023-01-01"), Visibility::all()).linksOf(1).size() == 3);  // L105, L107, L400 (L100 ended)
  }
  SECTION("load refuses a whole set, naming the element") {
    auto links = g1Links();
    links[3].kind = "hosts";
    links[3].to = 20;  // E3 hosts I20: forbidden
    CHECK(refusal([&] { g.load(g1Nodes(), links); }) == "link_kinds_forbidden@links[3].kind");
    auto dup = g1Links();
    dup.push_back(link(500, "hosts", 1, 10, "2021-01-01"));
    CHECK(refusal([&] { g.load(g1Nodes(), dup); }) == "duplicate_link@links[9].kind");
    CHECK(g.stats().nodes == 10);  // the old graph stays
  }
}

TEST_CASE("E3 fold: the same answers from base alone as from base + overlay", "[graph][unit]") {
  GraphEngine g(realConfig());
  loadG1(g);
  g.putLink(link(300, "incubated_by", 5, 10, "2022-01-01"));
  g.endLink(104, day("2022-06-01"));
  GraphNode p = g1Nodes()[6];
  p.name = "禹州国家重点实验室";
  g.putNode(p);
  auto before = g.view(day("2023-01-01"), Visibility::all());
  CHECK(g.stats().overlay_changes == 3);
  g.fold();
  auto st = g.stats();
  CHECK(st.overlay_changes == 0);
  CHECK(st.folds == 1);
  CHECK(st.nodes == 10);
  CHECK(st.links == 10);
  auto after = g.view(day("2023-01-01"), Visibility::all());
  CHECK(after.node(11)->name == "禹州国家重点实验室");
  CHECK(after.components(10).components[0].size == before.components(10).components[0].size);
  CHECK(idsOf(after.shortestPath(5, 3)->nodes) == idsOf(before.shortestPath(5, 3)->nodes));
  CHECK_FALSE(after.shortestPath(5, 20));
  CHECK(g.view(day("2020-06-01"), Visibility::all()).components(10).component_count == 6);
}

TEST_CASE("E2 under concurrent readers and a writer: every acknowledged link is seen, folds included", "[graph][unit]") {
  auto config = realConfig();
  config.limits.overlay_fold_threshold = 16;  // force background folds during the run
  GraphEngine g(config);
  std::vector<GraphNode> nodes{platform(1, "孵化器", "科技企业孵化器", "市级", "411002", "2020-01-01")};
  constexpr int kWrites = 300;
  for (int i = 2; i <= kWrites + 1; ++i) nodes.push_back(enterprise(i, "411002", "electrical"));
  g.load(nodes, {});
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::atomic<int> violations{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!stop.load()) {
        int seen_ack = acknowledged.load();
        auto v = g.view(day("2023-01-01"), Visibility::all());
        auto n = v.neighbourhood({1, 1});
        if (static_cast<int>(n.nodes.size()) - 1 < seen_ack) violations.fetch_add(1);
        reads.fetch_add(1);
      }
    });
  // Writes start once every reader is running (bounded wait: a loaded machine is slow to schedule).
  for (int i = 0; i < 1000 && reads.load() < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const int reads_before = reads.load();
  for (int i = 2; i <= kWrites + 1; ++i) {
    g.putLink(link(i, "incubated_by", i, 1, "2021-01-01"));
    acknowledged.store(i - 1);
    // Read-your-writes for the writer itself, at once.
    if (!g.view(day("2023-01-01"), Visibility::all()).shortestPath(i, 1)) violations.fetch_add(1);
    if (i % 50 == 0)  // let the readers interleave with the writes
      for (int r = reads.load(), w = 0; w < 1000 && reads.load() == r; ++w) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop.store(true);
  for (auto& t : readers) t.join();
  CHECK(violations.load() == 0);
  CHECK(reads_before >= 3);
  CHECK(reads.load() > reads_before);
  // Folds run at low priority: on a loaded machine the last one may still be building.
  for (int i = 0; i < 1000 && g.stats().folds == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(g.stats().folds > 0);
  CHECK(g.stats().last_fold_error.empty());
  CHECK(g.view(day("2023-01-01"), Visibility::all()).neighbourhood({1, 1}).nodes.size() == kWrites + 1);
}
