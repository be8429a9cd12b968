#include "trellis/graph/betweenness_job.h"

#include "trellis/core/error.h"
#include "view_impl.h"

namespace trellis::graph {

std::shared_ptr<BetweennessJob> BetweennessJob::start(GraphView view, CentralityRequest request) {
  if (request.measure != Measure::betweenness)
    throw Error(errc::not_betweenness, "a background job computes betweenness only", "measure");
  const auto& limits = view.impl().config->limits;
  if (request.limit < 1 || request.limit > limits.max_list)
    throw Error(errc::limit_out_of_range, "limit must be 1.." + std::to_string(limits.max_list), "limit");
  std::shared_ptr<BetweennessJob> job(new BetweennessJob(std::move(view), request));
  job->thread_ = std::thread([raw = job.get()] { raw->run(); });
  return job;
}

BetweennessJob::BetweennessJob(GraphView view, CentralityRequest request) : view_(std::move(view)), request_(request) {}

BetweennessJob::~BetweennessJob() {
  cancel();
  if (thread_.joinable()) thread_.join();
}

void BetweennessJob::run() {
  GraphView view = std::move(view_);  // released when the job ends, whatever the outcome
  try {
    compute(view);
  } catch (const std::exception& e) {  // on its own thread: nobody else could catch it
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = e.what();
    status_.store(Status::failed);
  }
}

void BetweennessJob::compute(const GraphView& view) {
  const GraphView::Impl& impl = view.impl();
  auto w = impl.workingGraph();
  auto sources = detail::sampleSources(*w, 0, impl.config->analytics.betweenness_seed);
  total_.store(static_cast<std::int64_t>(sources.size()));
  std::vector<double> bc;
  if (!detail::brandes(*w, sources, bc, &cancel_, &done_)) {
    status_.store(Status::cancelled);
    return;
  }
  detail::scaleBetweenness(bc, w->size(), sources.size());
  CentralityResult r = detail::rank(impl, *w, bc, Measure::betweenness, request_.kind, request_.limit);
  r.sources = static_cast<int>(sources.size());
  r.seed = impl.config->analytics.betweenness_seed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    result_ = std::move(r);
  }
  status_.store(Status::done);
}

BetweennessJob::Status BetweennessJob::status() const { return status_.load(); }

double BetweennessJob::progress() const {
  std::int64_t total = total_.load();
  if (status_.load() == Status::done) return 1.0;
  return total ? static_cast<double>(done_.load()) / static_cast<double>(total) : 0.0;
}

void BetweennessJob::wait() {
  if (thread_.joinable()) thread_.join();
}

std::optional<CentralityResult> BetweennessJob::result() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return result_;
}

std::string BetweennessJob::failure() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failure_;
}

}  // namespace trellis::graph
