#include "trellis/report/ladder_index.h"

#include <algorithm>
#include <cmath>

namespace trellis::report {

LadderIndex::LadderIndex(const rules::Ladder& ladder, const store::ReportFacts& facts)
    : ladder_(ladder), facts_(facts) {
  // The facts hold designations by enterprise, starts_on, id: each enterprise's records stay in
  // that order and ids_ comes out ascending.
  for (const auto& d : facts.designations) {
    auto& list = by_enterprise_[d.enterprise_id];
    if (list.empty()) ids_.push_back(d.enterprise_id);
    list.push_back(d.designation);
  }
  std::sort(ids_.begin(), ids_.end());
  region_of_.reserve(facts.enterprises.size());
  for (const auto& [id, e] : facts.enterprises) region_of_.emplace(id, &e.region_code);
}

const std::string& LadderIndex::regionOf(std::int64_t enterprise_id) const {
  static const std::string kNone;
  auto it = region_of_.find(enterprise_id);
  return it == region_of_.end() ? kNone : *it->second;
}

bool LadderIndex::inRegion(std::int64_t enterprise_id, const std::string& region) const {
  return region.empty() || regionOf(enterprise_id) == region;
}

const std::vector<domain::Designation>& LadderIndex::records(std::int64_t enterprise_id) const {
  static const std::vector<domain::Designation> kNone;
  auto it = by_enterprise_.find(enterprise_id);
  return it == by_enterprise_.end() ? kNone : it->second;
}

bool LadderIndex::holds(std::int64_t enterprise_id, const std::string& stage, Date on) const {
  return ladder_.holdsOn(stage, records(enterprise_id), on);
}

std::string LadderIndex::topOn(std::int64_t enterprise_id, Date on) const {
  return ladder_.positionOn(records(enterprise_id), on).top;
}

std::optional<Date> LadderIndex::firstHeld(std::int64_t enterprise_id, const std::string& stage) const {
  return firstStartOnOrAfter(enterprise_id, stage, Date(1900, 1, 1));
}

std::optional<Date> LadderIndex::firstStartOnOrAfter(std::int64_t enterprise_id, const std::string& stage,
                                                     Date from) const {
  const auto& all = records(enterprise_id);
  std::optional<Date> first;
  for (const auto& d : all) {
    if (d.stage != stage || d.starts_on < from || !ladder_.validOn(d, all, d.starts_on)) continue;
    if (!first || d.starts_on < *first) first = d.starts_on;
  }
  return first;
}

std::optional<double> percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  if (rank < 1) rank = 1;
  return static_cast<double>(sorted[rank - 1]);
}

}  // namespace trellis::report
