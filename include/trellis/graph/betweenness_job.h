// Exact betweenness as a background job (issue 10: "the exact figure runs as a background job
// with progress"). The job runs Brandes from every visible node of one view on its own thread;
// progress is sources done / sources total; cancel() stops it at the next source. The job lets go
// of its view (and so of the snapshot it pins) when it ends, so a finished job kept for its
// result holds only the result.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "trellis/graph/graph_results.h"
#include "trellis/graph/graph_view.h"

namespace trellis::graph {

class BetweennessJob {
 public:
  enum class Status { running, done, cancelled, failed };

  // Starts at once. request.measure must be betweenness (invalid "measure"); request.sample is
  // ignored (exact); kind and limit as in GraphView::centrality.
  static std::shared_ptr<BetweennessJob> start(GraphView view, CentralityRequest request);
  ~BetweennessJob();  // cancels and joins
  BetweennessJob(const BetweennessJob&) = delete;
  BetweennessJob& operator=(const BetweennessJob&) = delete;

  Status status() const;
  std::int64_t sourcesDone() const { return done_.load(); }
  std::int64_t sourcesTotal() const { return total_.load(); }
  double progress() const;                // 0..1
  void cancel() { cancel_.store(true); }
  void wait();                            // until done or cancelled
  std::optional<CentralityResult> result() const;  // when done
  std::string failure() const;                     // when failed: what went wrong

 private:
  BetweennessJob(GraphView view, CentralityRequest request);
  void run();
  void compute(const GraphView& view);

  GraphView view_;
  CentralityRequest request_;
  std::atomic<bool> cancel_{false};
  std::atomic<std::int64_t> done_{0};
  std::atomic<std::int64_t> total_{0};
  std::atomic<Status> status_{Status::running};
  mutable std::mutex mutex_;
  std::optional<CentralityResult> result_;
  std::string failure_;
  std::thread thread_;
};

}  // namespace trellis::graph
