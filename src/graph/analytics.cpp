// Whole-graph analytics over the view's working graph: components, degree, PageRank, Brandes
// betweenness (V3, V5).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "trellis/core/error.h"
#include "trellis/graph/graph_view.h"
#include "view_impl.h"

namespace trellis::graph {

const char* measureName(Measure m) {
  switch (m) {
    case Measure::degree: return "degree";
    case Measure::pagerank: return "pagerank";
    case Measure::betweenness: return "betweenness";
  }
  return "degree";
}

namespace detail {

// Power iteration on the undirected random walk; a node without neighbours spreads its mass
// evenly (as igraph and networkx do). Stops when the L1 change is below tolerance.
std::vector<double> pageRank(const Working& w, double damping, double tolerance, int max_iterations, int* iterations) {
  const std::uint32_t m = w.size();
  std::vector<double> pr(m, m ? 1.0 / m : 0.0), next(m), share(m);
  int it = 0;
  while (m && it < max_iterations) {
    ++it;
    double dangling = 0;
    for (std::uint32_t v = 0; v < m; ++v) {
      std::uint32_t deg = w.degree(v);
      if (deg) share[v] = pr[v] / deg;
      else share[v] = 0, dangling += pr[v];
    }
    const double base = (1.0 - damping) / m + damping * dangling / m;
    double change = 0;
    const std::uint32_t* adj = w.adj.data();
    for (std::uint32_t v = 0; v < m; ++v) {
      double sum = 0;
      for (std::uint32_t i = w.offsets[v], end = w.offsets[v + 1]; i < end; ++i) sum += share[adj[i]];
      next[v] = base + damping * sum;
      change += std::fabs(next[v] - pr[v]);
    }
    pr.swap(next);
    if (change < tolerance) break;
  }
  if (iterations) *iterations = it;
  return pr;
}

std::vector<std::uint32_t> sampleSources(const Working& w, int sample, std::uint64_t seed) {
  const std::uint32_t m = w.size();
  std::vector<std::uint32_t> all(m);
  std::iota(all.begin(), all.end(), 0u);
  if (sample <= 0 || static_cast<std::uint32_t>(sample) >= m) return all;
  // Partial Fisher–Yates with our own draw (std::uniform_int_distribution is not portable).
  std::mt19937_64 rng(seed);
  for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(sample); ++i) {
    std::uint64_t span = m - i;
    std::uint32_t j = i + static_cast<std::uint32_t>(rng() % span);
    std::swap(all[i], all[j]);
  }
  all.resize(sample);
  std::sort(all.begin(), all.end());
  return all;
}

bool brandes(const Working& w, const std::vector<std::uint32_t>& sources, std::vector<double>& bc,
             const std::atomic<bool>* cancel, std::atomic<std::int64_t>* done) {
  const std::uint32_t m = w.size();
  bc.assign(m, 0.0);
  // One record per vertex, so a neighbour costs one cache line, not three (the graph does not
  // fit in cache at 300k nodes; this loop is bound by memory).
  struct Slot {
    double sigma;
    double delta;
    std::int32_t dist;
  };
  std::vector<Slot> st(m, Slot{0.0, 0.0, -1});
  std::vector<std::uint32_t> order;
  order.reserve(m);
  const std::uint32_t* adj = w.adj.data();
  const std::uint32_t* off = w.offsets.data();
  for (std::uint32_t s : sources) {
    if (cancel && cancel->load(std::memory_order_relaxed)) return false;
    order.clear();
    st[s].dist = 0;
    st[s].sigma = 1;
    order.push_back(s);
    for (std::size_t head = 0; head < order.size(); ++head) {
      std::uint32_t v = order[head];
      const std::int32_t dv = st[v].dist + 1;
      const double sv = st[v].sigma;
      for (std::uint32_t i = off[v], end = off[v + 1]; i < end; ++i) {
        Slot& u = st[adj[i]];
        if (u.dist < 0) {
          u.dist = dv;
          order.push_back(adj[i]);
        }
        if (u.dist == dv) u.sigma += sv;
      }
    }
    // Dependencies, farthest first: δ(v) = Σ over successors u of σ(v)/σ(u) · (1 + δ(u)).
    for (std::size_t k = order.size(); k-- > 0;) {
      std::uint32_t v = order[k];
      const std::int32_t dv = st[v].dist + 1;
      double acc = 0;
      for (std::uint32_t i = off[v], end = off[v + 1]; i < end; ++i) {
        const Slot& u = st[adj[i]];
        if (u.dist == dv) acc += (1.0 + u.delta) / u.sigma;
      }
      st[v].delta = st[v].sigma * acc;
      if (v != s) bc[v] += st[v].delta;
    }
    for (std::uint32_t v : order) st[v] = Slot{0.0, 0.0, -1};
    if (done) done->fetch_add(1, std::memory_order_relaxed);
  }
  return true;
}

void scaleBetweenness(std::vector<double>& bc, std::uint32_t m, std::size_t sources) {
  if (!sources) return;
  double factor = 0.5 * static_cast<double>(m) / static_cast<double>(sources);
  for (double& x : bc) x *= factor;
}

CentralityResult rank(const GraphView::Impl& view, const Working& w, const std::vector<double>& score, Measure m,
                      std::optional<NodeKind> kind, int limit) {
  Access a = view.access();
  CentralityResult out;
  out.measure = m;
  out.node_count = w.size();
  std::vector<std::uint32_t> picked;
  for (std::uint32_t c = 0; c < w.size(); ++c)
    if (!kind || a.node(w.vertex[c]).kind == *kind) picked.push_back(c);
  // Compact order is ascending id, so a stable order on score breaks ties by smaller id (V5).
  auto better = [&](std::uint32_t x, std::uint32_t y) { return score[x] > score[y] || (score[x] == score[y] && x < y); };
  std::size_t n = std::min<std::size_t>(picked.size(), static_cast<std::size_t>(limit));
  std::partial_sort(picked.begin(), picked.begin() + static_cast<std::ptrdiff_t>(n), picked.end(), better);
  for (std::size_t i = 0; i < n; ++i) out.top.push_back({summaryOf(a, w.vertex[picked[i]]), score[picked[i]]});
  return out;
}

}  // namespace detail

ComponentsResult GraphView::components(int limit) const {
  const domain::GraphConfig& c = *impl_->config;
  if (limit < 1 || limit > c.limits.max_list)
    throw Error(errc::limit_out_of_range, "limit must be 1.." + std::to_string(c.limits.max_list), "limit");
  auto w = impl_->workingGraph();
  detail::Access a = impl_->access();
  const std::uint32_t m = w->size();
  std::vector<std::uint32_t> label(m, detail::kNone), queue;
  ComponentsResult out;
  out.node_count = m;
  std::vector<ComponentSummary> all;
  for (std::uint32_t s = 0; s < m; ++s) {
    if (label[s] != detail::kNone) continue;
    ComponentSummary comp;
    comp.representative = a.node(w->vertex[s]).id;  // s is the smallest compact index, so smallest id
    auto id = static_cast<std::uint32_t>(all.size());
    queue.assign(1, s);
    label[s] = id;
    for (std::size_t h = 0; h < queue.size(); ++h) {
      std::uint32_t v = queue[h];
      ++comp.by_kind[static_cast<int>(a.node(w->vertex[v]).kind)];
      for (std::uint32_t i = w->offsets[v]; i < w->offsets[v + 1]; ++i)
        if (label[w->adj[i]] == detail::kNone) label[w->adj[i]] = id, queue.push_back(w->adj[i]);
    }
    comp.size = static_cast<std::int64_t>(queue.size());
    if (comp.size == 1) ++out.isolated_nodes;
    all.push_back(comp);
  }
  out.component_count = static_cast<std::int64_t>(all.size());
  std::stable_sort(all.begin(), all.end(), [](const ComponentSummary& x, const ComponentSummary& y) { return x.size > y.size; });
  if (all.size() > static_cast<std::size_t>(limit)) all.resize(limit);
  out.components = std::move(all);
  return out;
}

CentralityResult GraphView::centrality(const CentralityRequest& req) const {
  const domain::GraphConfig& c = *impl_->config;
  if (req.limit < 1 || req.limit > c.limits.max_list)
    throw Error(errc::limit_out_of_range, "limit must be 1.." + std::to_string(c.limits.max_list), "limit");
  if (req.sample < 0 || req.sample > c.limits.max_betweenness_sample)
    throw Error(errc::sample_out_of_range, "sample must be 1.." + std::to_string(c.limits.max_betweenness_sample) + " (0: the default)", "sample");
  auto w = impl_->workingGraph();
  std::vector<double> score(w->size());
  int iterations = 0, sources = 0;
  switch (req.measure) {
    case Measure::degree:
      for (std::uint32_t v = 0; v < w->size(); ++v) score[v] = w->degree(v);
      break;
    case Measure::pagerank:
      score = detail::pageRank(*w, c.analytics.pagerank_damping, c.analytics.pagerank_tolerance,
                               c.analytics.pagerank_max_iterations, &iterations);
      break;
    case Measure::betweenness: {
      auto src = detail::sampleSources(*w, req.sample ? req.sample : c.limits.default_betweenness_sample,
                                       c.analytics.betweenness_seed);
      detail::brandes(*w, src, score, nullptr, nullptr);
      detail::scaleBetweenness(score, w->size(), src.size());
      sources = static_cast<int>(src.size());
      break;
    }
  }
  CentralityResult out = detail::rank(*impl_, *w, score, req.measure, req.kind, req.limit);
  out.iterations = iterations;
  out.sources = sources;
  out.seed = req.measure == Measure::betweenness ? c.analytics.betweenness_seed : 0;
  return out;
}

}  // namespace trellis::graph
