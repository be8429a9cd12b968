#include "trellis/report/report_cache.h"

namespace trellis::report {

ReportSnapshot::ReportSnapshot(const rules::Ladder& ladder, store::ReportFacts facts,
                               std::vector<domain::GraphNode> graph_nodes)
    : facts_(std::move(facts)), index_(ladder, facts_), graph_nodes_(std::move(graph_nodes)) {}

ReportCache::ReportCache(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

std::shared_ptr<const ReportSnapshot> ReportCache::find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it)
    if (it->first == key) {
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().second;
    }
  return nullptr;
}

std::shared_ptr<const ReportSnapshot> ReportCache::get(const std::string& key, const Build& build) {
  if (auto hit = find(key)) return hit;
  std::lock_guard<std::mutex> building(build_mutex_);
  if (auto hit = find(key)) return hit;  // built by the request this one waited for
  std::shared_ptr<const ReportSnapshot> built = build();
  std::lock_guard<std::mutex> lock(mutex_);
  ++builds_;
  entries_.emplace_front(key, built);
  while (entries_.size() > capacity_) entries_.pop_back();  // a request still holding one keeps it alive
  return built;
}

std::size_t ReportCache::builds() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return builds_;
}

}  // namespace trellis::report
