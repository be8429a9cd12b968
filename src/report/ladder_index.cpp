#include "trellis/report/ladder_index.h"

#include <cmath>

namespace trellis::report {

LadderIndex::LadderIndex(const rules::Ladder& ladder, const store::ReportFacts& facts)
    : ladder_(ladder), facts_(facts) {
  for (const auto& d : facts.designations) by_enterprise_[d.enterprise_id].push_back(d.designation);
  for (const auto& [id, list] : by_enterprise_) ids_.push_back(id);
}

const std::string& LadderIndex::regionOf(std::int64_t enterprise_id) const {
  static const std::string kNone;
  auto it = facts_.enterprises.find(enterprise_id);
  return it == facts_.enterprises.end() ? kNone : it->second.region_code;
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
