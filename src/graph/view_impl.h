// Private to graph/: what a GraphView holds, the per-query visibility test (V1) and the compact
// undirected graph the analytics run over (V3).
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "snapshot.h"
#include "trellis/domain/graph_config.h"
#include "trellis/graph/graph_results.h"
#include "trellis/graph/graph_view.h"
#include "trellis/graph/visibility.h"

namespace trellis::graph {

namespace detail {

// The visible simple undirected graph of a view as of its date, in CSR form over compact
// indices 0..m-1 assigned in ascending node id (V5).
struct Working {
  std::vector<std::uint32_t> vertex;   // compact → vertex index of the state
  std::vector<std::uint32_t> offsets;  // m + 1
  std::vector<std::uint32_t> adj;      // neighbours, compact
  std::uint32_t size() const { return static_cast<std::uint32_t>(vertex.size()); }
  std::uint32_t degree(std::uint32_t c) const { return offsets[c + 1] - offsets[c]; }
};

}  // namespace detail

struct GraphView::Impl {
  std::shared_ptr<const detail::State> state;
  std::shared_ptr<const domain::GraphConfig> config;
  Date as_of;
  std::int32_t day = 0;
  Visibility visibility;
  std::vector<bool> region_in_scope;   // by dict index, for Visibility::regions

  mutable std::mutex mutex;            // guards working
  mutable std::shared_ptr<const detail::Working> working;

  Impl(std::shared_ptr<const detail::State> s, std::shared_ptr<const domain::GraphConfig> c, Date d, Visibility v);
  detail::Access access() const { return detail::Access(*state); }
  // Built on first use, then shared by every query of this view (and its copies).
  std::shared_ptr<const detail::Working> workingGraph() const;
};

namespace detail {

// The visibility of one view, memoised per vertex for one query.
class Visible {
 public:
  explicit Visible(const GraphView::Impl& view);
  bool operator()(std::uint32_t v);

 private:
  bool compute(std::uint32_t v);
  const GraphView::Impl& view_;
  Access access_;
  std::vector<std::int8_t> memo_;      // -1 unknown
};

// Per-thread scratch marks over vertex indices: O(1) "seen" and a value per vertex, reset in O(1)
// by a generation counter, so a query on a 300k-node graph allocates nothing per call. Slots
// 0 and 1 serve the traversals of one query (neighbourhood, the two sides of a path search).
class Scratch {
 public:
  static Scratch& get(int slot, std::uint32_t vertices);
  bool seen(std::uint32_t v) const { return mark_[v] == gen_; }
  std::int32_t value(std::uint32_t v) const { return value_[v]; }
  void set(std::uint32_t v, std::int32_t value) { mark_[v] = gen_, value_[v] = value; }

 private:
  void reset(std::uint32_t vertices);
  std::vector<std::uint32_t> mark_;
  std::vector<std::int32_t> value_;
  std::uint32_t gen_ = 0;
};

// The vertex of a visible node, or nodeNotFound() (same for absent and invisible: V1).
std::uint32_t requireVisible(const GraphView::Impl& view, Visible& visible, NodeId id);
NodeSummary summaryOf(const Access& a, std::uint32_t v);
LinkSummary linkSummaryOf(const Access& a, const domain::GraphConfig& config, std::uint32_t ref);
const std::string& linkKindCode(const domain::GraphConfig& config, std::uint16_t kind);

// Scores on the working graph (analytics.cpp).
std::vector<double> pageRank(const Working& w, double damping, double tolerance, int max_iterations, int* iterations);
std::vector<std::uint32_t> sampleSources(const Working& w, int sample, std::uint64_t seed);
// Top entries of a score vector: optional kind filter, best first, ties by smaller id.
CentralityResult rank(const GraphView::Impl& view, const Working& w, const std::vector<double>& score, Measure m,
                      std::optional<NodeKind> kind, int limit);
// Brandes accumulation from these compact sources into bc (size m, unscaled pair counts × 2).
// cancel (may be null) is polled between sources; done (may be null) counts finished sources.
// Returns false when cancelled.
bool brandes(const Working& w, const std::vector<std::uint32_t>& sources, std::vector<double>& bc,
             const std::atomic<bool>* cancel, std::atomic<std::int64_t>* done);
// bc scaled: undirected (÷ 2) and sampled (× m / sources).
void scaleBetweenness(std::vector<double>& bc, std::uint32_t m, std::size_t sources);

}  // namespace detail
}  // namespace trellis::graph
