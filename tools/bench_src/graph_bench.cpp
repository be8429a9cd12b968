// tools/bench graph: the engine's side of the graph benchmark (issue 10 "Bench").
//
//   graph_bench --config config/graph.json --nodes N --links L --seed S --out DIR [--samples K] [--db PATH]
//
// Generates N nodes / L links deterministically (the same seed gives the same graph), loads them
// into a GraphEngine, measures each figure and prints one "key=value" line per figure. It also
// writes, for the reference libraries, the very graph the engine's analytics run over (the simple
// undirected graph of the links valid on the as-of day) and the inputs of each measured query:
//   DIR/edges.bin    uint32 m, uint32 e, then e pairs (u, v), u < v, node index = id − 1
//   DIR/sources.bin  uint32 k, then k node indices: the engine's betweenness sample
//   DIR/centers.bin  uint32 c, then c node indices (neighbourhood centres)
//   DIR/pairs.bin    uint32 p, then p (from, to) node-index pairs (shortest paths)
//   DIR/nbhd2.txt    the neighbourhood centres as GET /api/v1/graph/neighbourhood targets
// With --db, the same graph is also written into PATH (a database `trellis migrate` made, still
// empty): node id = enterprise row id for enterprises, so a server on it answers the same queries
// (the HTTP half of the benchmark, tools/bench_src/graph_bench.sh).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <malloc.h>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "trellis/core/error.h"
#include "trellis/graph/graph_engine.h"
#include "trellis/graph/synthetic_graph.h"
#include "trellis/io/graph_config.h"
#include "trellis/io/graph_json.h"
#include "trellis/store/database.h"

using namespace trellis;
using domain::GraphLink;
using domain::GraphNode;
using domain::NodeKind;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// CPU time of the calling thread: the machine is shared, so wall time includes other load; the
// references are measured the same way (process CPU time, one thread).
double cpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

double peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double currentRssMb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

void writeU32(std::ofstream& out, std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); }

struct Spec {
  std::uint32_t nodes = 300000;
  std::uint32_t links = 1500000;
  std::uint64_t seed = 7;
  int samples = 1000;
  std::string config = "config/graph.json";
  std::string out = ".";
  std::string db;  // empty: no database
};

// The generated graph into a migrated, empty Trellis database, in one transaction: enterprises
// (the sql/008 trigger gives each its node, ids 1..ent_end in insertion order), the other nodes
// with their ids and fields, then the links. Regions are the database's own codes (the
// generator's include two the register does not know).
void writeDatabase(const std::string& path, const std::vector<GraphNode>& nodes, const std::vector<GraphLink>& links) {
  store::DatabaseOptions o;
  o.path = path;
  store::Database db(o);
  db.write([&](store::Connection& c) {
    std::vector<std::string> regions;
    {
      auto st = c.prepare("SELECT code FROM region ORDER BY code");
      while (st.step()) regions.push_back(st.text(0));
    }
    if (regions.empty()) throw Error(errc::internal, "graph_bench --db: no regions (run trellis migrate first)");
    {
      auto st = c.prepare("SELECT count(*) FROM enterprise");
      st.step();
      if (st.int64(0) != 0) throw Error(errc::internal, "graph_bench --db: the database holds enterprises already");
    }
    auto region = [&](const GraphNode& n) { return regions[static_cast<std::size_t>(n.id) % regions.size()]; };
    const std::string at = "2025-06-30T00:00:00Z";
    for (const GraphNode& n : nodes) {
      if (n.kind != NodeKind::enterprise) continue;
      char uscc[32];
      std::snprintf(uscc, sizeof uscc, "91411000%010lld", static_cast<long long>(n.id));
      c.prepare("INSERT INTO enterprise(id, uscc, name, region_code, industry, created_at, updated_at, search_text) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)")
          .bind(1, static_cast<std::int64_t>(n.id)).bind(2, std::string(uscc)).bind(3, "许昌基准企业" + n.name)
          .bind(4, region(n)).bind(5, n.industry).bind(6, at).bind(7, n.name)
          .step();
    }
    for (const GraphNode& n : nodes) {
      if (n.kind == NodeKind::enterprise) continue;
      c.prepare("INSERT INTO graph_node(id, kind, name, region_code, fields, created_by, created_at, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, 'bench', ?6, ?6)")
          .bind(1, static_cast<std::int64_t>(n.id)).bind(2, domain::nodeKindName(n.kind)).bind(3, n.name).bind(4, region(n))
          .bind(5, io::graphNodeFieldsToText(n)).bind(6, at)
          .step();
    }
    for (const GraphLink& l : links) {
      std::optional<std::string> until;
      if (l.valid_until) until = l.valid_until->toString();
      c.prepare("INSERT INTO graph_link(id, kind, from_node, to_node, valid_from, valid_until, recorded_by, recorded_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'bench', ?7)")
          .bind(1, static_cast<std::int64_t>(l.id)).bind(2, l.kind).bind(3, static_cast<std::int64_t>(l.from))
          .bind(4, static_cast<std::int64_t>(l.to)).bind(5, l.valid_from.toString()).bind(6, until).bind(7, at)
          .step();
    }
  });
}

// The engine's sample draw (analytics.cpp sampleSources), repeated so the references get the
// very same sources.
std::vector<std::uint32_t> sample(std::uint32_t m, int k, std::uint64_t seed) {
  std::vector<std::uint32_t> all(m);
  std::iota(all.begin(), all.end(), 0u);
  std::mt19937_64 rng(seed);
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(k); ++i) {
    std::uint32_t j = i + static_cast<std::uint32_t>(rng() % (m - i));
    std::swap(all[i], all[j]);
  }
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  Spec spec;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--nodes") spec.nodes = static_cast<std::uint32_t>(std::stoul(v));
    else if (k == "--links") spec.links = static_cast<std::uint32_t>(std::stoul(v));
    else if (k == "--seed") spec.seed = std::stoull(v);
    else if (k == "--samples") spec.samples = std::stoi(v);
    else if (k == "--config") spec.config = v;
    else if (k == "--out") spec.out = v;
    else if (k == "--db") spec.db = v;
    else {
      std::cerr << "graph_bench: unknown option " << k << "\n";
      return 2;
    }
  }
  if (spec.nodes < 1000 || spec.links < spec.nodes) {
    std::cerr << "graph_bench: --nodes ≥ 1000 and --links ≥ nodes\n";
    return 2;
  }
  const double rss_start = currentRssMb();
  domain::GraphConfig config = io::loadGraphConfig(spec.config);
  const Date as_of(2025, 6, 30);
  const auto as_of_day = static_cast<std::int32_t>(as_of.daysSinceEpoch());
  graph::SyntheticLayout lay(spec.nodes);
  std::mt19937_64 rng(spec.seed);

  auto t0 = Clock::now();
  std::vector<GraphNode> nodes = graph::makeSyntheticNodes(lay, config, rng);
  std::vector<GraphLink> links = graph::makeSyntheticLinks(lay, spec.links, rng);
  std::printf("generate ms=%.1f nodes=%u links=%zu\n", msSince(t0), spec.nodes, links.size());

  // The reference graph: simple, undirected, links valid on as_of.
  {
    std::vector<std::uint64_t> pairs;
    pairs.reserve(links.size());
    for (const GraphLink& l : links) {
      if (!l.validOn(as_of)) continue;
      auto u = static_cast<std::uint64_t>(std::min(l.from, l.to) - 1), v = static_cast<std::uint64_t>(std::max(l.from, l.to) - 1);
      pairs.push_back(u << 32 | v);
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::ofstream out(spec.out + "/edges.bin", std::ios::binary);
    writeU32(out, spec.nodes);
    writeU32(out, static_cast<std::uint32_t>(pairs.size()));
    for (std::uint64_t p : pairs) writeU32(out, static_cast<std::uint32_t>(p >> 32)), writeU32(out, static_cast<std::uint32_t>(p));
    std::printf("reference_graph vertices=%u edges=%zu as_of=%s\n", spec.nodes, pairs.size(), as_of.toString().c_str());
  }
  (void)as_of_day;
  if (!spec.db.empty()) {
    t0 = Clock::now();
    writeDatabase(spec.db, nodes, links);
    std::printf("database write_ms=%.1f path=%s\n", msSince(t0), spec.db.c_str());
  }

  graph::GraphEngine engine(config);
  std::size_t link_count = links.size();
  t0 = Clock::now();
  double c0 = cpuMs();
  engine.load(std::move(nodes), std::move(links));
  double build_ms = msSince(t0), build_cpu = cpuMs() - c0;
  nodes = {};
  links = {};
  malloc_trim(0);
  double rss_loaded = currentRssMb();
  std::printf("engine snapshot_build_cpu_ms=%.1f\n", build_cpu);
  std::printf("engine snapshot_build_ms=%.1f rss_after_load_mb=%.1f rss_engine_mb=%.1f\n", build_ms, rss_loaded,
              rss_loaded - rss_start);

  // Inputs of the measured queries, shared with the references.
  std::mt19937_64 qrng(spec.seed + 1);
  std::vector<std::uint32_t> centers(spec.samples);
  for (auto& c : centers) c = static_cast<std::uint32_t>(qrng() % lay.ent_end);  // enterprises
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs(100);
  for (auto& p : pairs) p = {static_cast<std::uint32_t>(qrng() % lay.ent_end), static_cast<std::uint32_t>(qrng() % spec.nodes)};
  auto sources = sample(spec.nodes, 200, config.analytics.betweenness_seed);
  {
    std::ofstream c(spec.out + "/centers.bin", std::ios::binary), p(spec.out + "/pairs.bin", std::ios::binary),
        s(spec.out + "/sources.bin", std::ios::binary);
    writeU32(c, static_cast<std::uint32_t>(centers.size()));
    for (auto x : centers) writeU32(c, x);
    writeU32(p, static_cast<std::uint32_t>(pairs.size()));
    for (auto [a, b] : pairs) writeU32(p, a), writeU32(p, b);
    writeU32(s, static_cast<std::uint32_t>(sources.size()));
    for (auto x : sources) writeU32(s, x);
    std::ofstream t(spec.out + "/nbhd2.txt");
    for (auto x : centers) t << "/api/v1/graph/neighbourhood?depth=2&as_of=" << as_of.toString() << "&node=" << x + 1 << "\n";
  }

  auto view = engine.view(as_of, graph::Visibility::all());
  // Neighbourhood k = 2 (engine level; capped at 2,000 nodes, truncated beyond).
  std::vector<double> lat;
  std::size_t truncated = 0, returned = 0;
  for (std::uint32_t c : centers) {
    auto q0 = Clock::now();
    auto r = engine.view(as_of, graph::Visibility::all()).neighbourhood({static_cast<domain::NodeId>(c + 1), 2});
    lat.push_back(msSince(q0));
    truncated += r.truncated ? 1 : 0;
    returned += r.nodes.size();
  }
  std::printf("engine nbhd2_p50_ms=%.3f nbhd2_p99_ms=%.3f nbhd2_mean_nodes=%.0f nbhd2_truncated=%zu\n", percentile(lat, 0.5),
              percentile(lat, 0.99), static_cast<double>(returned) / centers.size(), truncated);
  std::vector<double> lat_scoped;
  auto scope = graph::Visibility::regions({"411002", "411000-SFQ"});
  for (std::size_t i = 0; i < std::min<std::size_t>(centers.size(), 300); ++i) {
    auto q0 = Clock::now();
    auto scoped = engine.view(as_of, scope);
    if (!scoped.node(centers[i] + 1)) continue;  // out of scope: not_found, not a neighbourhood
    scoped.neighbourhood({static_cast<domain::NodeId>(centers[i] + 1), 2});
    lat_scoped.push_back(msSince(q0));
  }
  std::printf("engine nbhd2_scoped_p50_ms=%.3f nbhd2_scoped_p99_ms=%.3f\n", percentile(lat_scoped, 0.5), percentile(lat_scoped, 0.99));

  t0 = Clock::now();
  c0 = cpuMs();
  std::size_t found = 0, hops = 0;
  for (auto [a, b] : pairs) {
    auto p = view.shortestPath(a + 1, b + 1);
    if (p) ++found, hops += p->links.size();
  }
  double path_ms = msSince(t0), path_cpu = cpuMs() - c0;
  std::printf("engine paths_ms=%.1f paths=%zu found=%zu mean_hops=%.2f\n", path_ms, pairs.size(), found,
              found ? static_cast<double>(hops) / found : 0.0);

  // Analytics. The first one builds the view's working graph; it is reported on its own too.
  t0 = Clock::now();
  c0 = cpuMs();
  auto comps = view.components(5);
  double comp_ms = msSince(t0), comp_cpu = cpuMs() - c0;
  auto t1 = Clock::now();
  view.components(5);
  double comp_only_ms = msSince(t1);
  std::printf("engine components_ms=%.1f working_graph_ms=%.1f components=%lld largest=%lld\n", comp_ms, comp_ms - comp_only_ms,
              static_cast<long long>(comps.component_count), static_cast<long long>(comps.components[0].size));
  graph::CentralityRequest pr;
  pr.measure = graph::Measure::pagerank;
  pr.limit = 3;
  t0 = Clock::now();
  c0 = cpuMs();
  auto prr = view.centrality(pr);
  double pr_ms = msSince(t0), pr_cpu = cpuMs() - c0;
  std::printf("engine pagerank_ms=%.1f iterations=%d top=%lld top_score=%.8f\n", pr_ms, prr.iterations,
              static_cast<long long>(prr.top[0].node.id - 1), prr.top[0].score);
  graph::CentralityRequest bc;
  bc.measure = graph::Measure::betweenness;
  bc.sample = 200;
  bc.limit = 3;
  t0 = Clock::now();
  c0 = cpuMs();
  auto bcr = view.centrality(bc);
  double bc_ms = msSince(t0), bc_cpu = cpuMs() - c0;
  std::printf("engine betweenness200_ms=%.1f sources=%d top=%lld top_score=%.1f\n", bc_ms, bcr.sources,
              static_cast<long long>(bcr.top[0].node.id - 1), bcr.top[0].score);
  std::printf("engine analytics_total_ms=%.1f\n", path_ms + comp_ms + pr_ms + bc_ms);
  std::printf("engine paths_cpu_ms=%.1f components_cpu_ms=%.1f pagerank_cpu_ms=%.1f betweenness200_cpu_ms=%.1f analytics_total_cpu_ms=%.1f\n",
              path_cpu, comp_cpu, pr_cpu, bc_cpu, path_cpu + comp_cpu + pr_cpu + bc_cpu);

  // Change → visible while a reader keeps querying: a change is acknowledged when putLink returns;
  // the figure is from the call until a fresh view shows the link.
  std::atomic<bool> stop{false};
  std::atomic<long> reads{0};
  std::thread reader([&] {
    std::mt19937_64 r(99);
    while (!stop.load()) {
      engine.view(as_of, graph::Visibility::all()).neighbourhood({static_cast<domain::NodeId>(1 + r() % lay.ent_end), 2});
      reads.fetch_add(1);
    }
  });
  std::vector<double> change;
  const int kChanges = 3000;
  auto before = engine.stats();
  for (int i = 0; i < kChanges; ++i) {
    GraphLink l;
    l.id = static_cast<domain::LinkId>(link_count + 1 + i);
    l.kind = "transfers_to";
    l.from = 1 + static_cast<domain::NodeId>(qrng() % lay.ent_end);
    l.to = 1 + static_cast<domain::NodeId>(qrng() % lay.ent_end);
    if (l.from == l.to) continue;
    l.valid_from = Date(2025, 1, 1);
    auto c0 = Clock::now();
    try {
      engine.putLink(l);
    } catch (const Error& e) {  // the pair has this link already: not a change, not measured
      if (e.kind() != ErrorKind::conflict) throw;
      continue;
    }
    auto seen = engine.view(as_of, graph::Visibility::all()).linksOf(l.from);
    bool visible = std::any_of(seen.begin(), seen.end(), [&](const auto& s) { return s.id == l.id; });
    change.push_back(visible ? msSince(c0) : 1e9);
  }
  stop.store(true);
  reader.join();
  auto after = engine.stats();
  std::printf("engine change_visible_p50_ms=%.3f change_visible_p99_ms=%.3f change_visible_max_ms=%.3f changes=%zu "
              "background_folds=%lld reader_queries=%ld\n",
              percentile(change, 0.5), percentile(change, 0.99), percentile(change, 1.0), change.size(),
              static_cast<long long>(after.folds - before.folds), reads.load());
  t0 = Clock::now();
  engine.fold();
  std::printf("engine fold_ms=%.1f\n", msSince(t0));
  std::printf("engine peak_rss_mb=%.1f rss_end_mb=%.1f\n", peakRssMb(), currentRssMb());
  return 0;
}
