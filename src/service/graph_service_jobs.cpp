// GS7: the background exact-betweenness jobs of GraphService (graph_service.h).
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/service/graph_service.h"

namespace trellis::service {
namespace {

using graph::BetweennessJob;

// GS2 for jobs: one error for absent and another user's, naming no key.
Error jobNotFound() { return Error(errc::centrality_job_not_found, "no such centrality job (or not yours)"); }

AuditObject jobObject(std::int64_t id, const std::string& region) { return {"centrality_job", std::to_string(id), region}; }

// A job id on the wire: digits only, else it names nothing.
std::optional<std::int64_t> jobId(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace

CentralityJobState GraphService::stateOf(std::int64_t id, const Job& j) const {
  CentralityJobState s;
  s.id = id;
  s.status = j.job->status();
  s.sources_done = j.job->sourcesDone();
  s.sources_total = j.job->sourcesTotal();
  s.as_of = j.as_of;
  s.kind = j.kind;
  s.limit = j.limit;
  s.started_at = j.started_at;
  if (s.status == BetweennessJob::Status::done) s.result = j.job->result();
  if (s.status == BetweennessJob::Status::failed) s.failure = j.job->failure();
  return s;
}

CentralityJobState GraphService::startCentralityJob(const Caller& caller, const io::CentralityJobDraft& draft) {
  const auto& limits = config().limits;
  const std::int64_t limit = draft.limit.value_or(50);
  if (limit < 1 || limit > limits.max_list)
    throw Error(errc::limit_out_of_range, "limit must be 1.." + std::to_string(limits.max_list), "limit");
  auto v = view(caller, draft.as_of);
  // Built here, once: the job's first step reuses it (the view shares its analytics graph).
  const std::int64_t nodes = v.nodeCount();
  if (nodes > limits.max_exact_betweenness_nodes)
    throw Error(errc::exact_betweenness_too_large,
                "your visible graph has " + std::to_string(nodes) + " nodes on that day; an exact betweenness job runs over at most " +
                    std::to_string(limits.max_exact_betweenness_nodes) + " (GET /graph/centrality?measure=betweenness samples sources)",
                "as_of");
  graph::CentralityRequest request;
  request.measure = graph::Measure::betweenness;
  request.kind = draft.kind;
  request.limit = static_cast<int>(limit);

  std::lock_guard<std::mutex> lock(jobs_mutex_);
  for (const auto& [id, j] : jobs_)
    if (j.job->status() == BetweennessJob::Status::running)
      throw Error(errc::centrality_job_running, "an exact betweenness job is running on this server; start yours when it has finished");
  const std::int64_t id = next_job_id_;
  Job j;
  j.owner = caller.user_id;
  j.as_of = v.asOf();
  j.kind = draft.kind;
  j.limit = request.limit;
  j.started_at = ctx_.now();
  nlohmann::json what = {{"as_of", j.as_of.toString()},
                         {"kind", j.kind ? nlohmann::json(domain::nodeKindName(*j.kind)) : nlohmann::json(nullptr)},
                         {"limit", j.limit},
                         {"nodes", nodes}};
  ctx_.db.write([&](store::Connection& c) {
    ctx_.audit.record(c, caller, "graph.centrality_job.start", jobObject(id, caller.region_scope),
                      AuditTrail::diff(nlohmann::json::object(), what));
  });
  // The audited id is spent even if the job then cannot start, so no two rows name one id. (The
  // row comes first so that the answer finds a small job still running; a start that fails leaves
  // the row of a job that never ran, and the request fails.)
  ++next_job_id_;
  j.job = BetweennessJob::start(std::move(v), request);
  // Keep the newest kKeptJobs: none of the older ones runs (only one ever does, and it is newer).
  while (jobs_.size() >= kKeptJobs) jobs_.erase(jobs_.begin());
  auto& kept = jobs_[id] = std::move(j);
  return stateOf(id, kept);
}

CentralityJobState GraphService::centralityJob(const Caller& caller, std::string_view ref) {
  auto id = jobId(ref);
  std::lock_guard<std::mutex> lock(jobs_mutex_);
  auto it = id ? jobs_.find(*id) : jobs_.end();
  if (it == jobs_.end() || it->second.owner != caller.user_id) {
    bool exists = it != jobs_.end();
    refuseRead(caller, "graph.centrality_job.read", jobObject(exists ? *id : 0, ""), exists);
    throw jobNotFound();
  }
  return stateOf(it->first, it->second);
}

}  // namespace trellis::service
