// The facts of one as-of date — store::ReportFacts, their LadderIndex and the graph's metric nodes —
// kept between report requests (issue 11: reading them afresh took seconds at province scale), and
// the reports computed from them. A snapshot is immutable once built and shared by every
// request whose key matches; the key (the caller's) names the date and the change counters
// (sql/015 report_version) of every table the snapshot was read from, read in the request's own
// read transaction, so a write — committed by any process — changes the key of the next request
// and that request builds a new snapshot: never a figure from before a write the request can see.
#pragma once
#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "trellis/domain/graph_node.h"
#include "trellis/report/ladder_index.h"
#include "trellis/store/report_repository.h"

namespace trellis::report {

class ReportSnapshot {
 public:
  ReportSnapshot(const rules::Ladder& ladder, store::ReportFacts facts, std::vector<domain::GraphNode> graph_nodes);
  ReportSnapshot(const ReportSnapshot&) = delete;
  ReportSnapshot& operator=(const ReportSnapshot&) = delete;

  const store::ReportFacts& facts() const { return facts_; }
  const LadderIndex& index() const { return index_; }
  const std::vector<domain::GraphNode>& graphNodes() const { return graph_nodes_; }

  // A result computed from these facts — a report for its parameters — computed by `compute` on
  // the first call for `key` and kept with the snapshot. The caller's key names the result's type
  // and everything it reads beyond the snapshot (parameters, the change counters of other
  // tables). At most kMaxResults are kept; when full, all are dropped (memory stays bounded).
  // Computed outside the lock: a slow report does not hold up the others (two requests missing
  // together may both compute it; the first kept wins, both are equal).
  template <typename T>
  std::shared_ptr<const T> result(const std::string& key, const std::function<T()>& compute) const {
    {
      std::lock_guard<std::mutex> lock(results_mutex_);
      if (auto it = results_.find(key); it != results_.end()) return std::static_pointer_cast<const T>(it->second);
    }
    std::shared_ptr<const void> made = std::make_shared<const T>(compute());
    std::lock_guard<std::mutex> lock(results_mutex_);
    if (results_.size() >= kMaxResults) results_.clear();
    auto kept = results_.emplace(key, made).first->second;
    return std::static_pointer_cast<const T>(kept);
  }
  static constexpr std::size_t kMaxResults = 32;

 private:
  const store::ReportFacts facts_;
  const LadderIndex index_;  // over facts_ (declared after it: built from it)
  const std::vector<domain::GraphNode> graph_nodes_;
  mutable std::mutex results_mutex_;  // guards results_
  mutable std::map<std::string, std::shared_ptr<const void>> results_;
};

class ReportCache {
 public:
  // At most `capacity` snapshots, the most recently used (each holds the facts of a date: about
  // 0.5 GB of the server's resident size at province scale, so the bound is the memory bound).
  explicit ReportCache(std::size_t capacity);

  using Build = std::function<std::unique_ptr<ReportSnapshot>()>;
  // The snapshot of `key`, built by `build` when none is kept. Builds run one at a time, so
  // requests that miss on the same key together read the facts once.
  std::shared_ptr<const ReportSnapshot> get(const std::string& key, const Build& build);
  // Snapshots built since start (tests: a hit builds none, a write forces one).
  std::size_t builds() const;

 private:
  std::shared_ptr<const ReportSnapshot> find(const std::string& key);  // moves a hit to the front

  const std::size_t capacity_;
  mutable std::mutex mutex_;  // guards entries_ and builds_
  std::list<std::pair<std::string, std::shared_ptr<const ReportSnapshot>>> entries_;  // most recent first
  std::size_t builds_ = 0;
  std::mutex build_mutex_;    // one build at a time
};

}  // namespace trellis::report
