// The designations of every enterprise in a report's facts, indexed once so the reports and
// their drill-downs ask the same questions of the same records (rules::Ladder LV1–LV4).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "trellis/rules/ladder.h"
#include "trellis/store/report_repository.h"

namespace trellis::report {

// The regions a report covers: the city and the units below it, in display order; names for tables.
struct RegionList {
  std::string city;
  std::vector<std::string> regions;
  std::map<std::string, std::string> names;
  std::string nameOf(const std::string& code) const {
    auto it = names.find(code);
    return it == names.end() ? code : it->second;
  }
};

class LadderIndex {
 public:
  LadderIndex(const rules::Ladder& ladder, const store::ReportFacts& facts);

  const rules::Ladder& ladder() const { return ladder_; }
  const store::ReportFacts& facts() const { return facts_; }
  // The enterprise's region ("" when unknown); every count is by the enterprise's region.
  const std::string& regionOf(std::int64_t enterprise_id) const;
  // In region: the city code (or "") means every region.
  bool inRegion(std::int64_t enterprise_id, const std::string& region) const;
  // Enterprises with at least one designation, ascending.
  const std::vector<std::int64_t>& withDesignations() const { return ids_; }

  bool holds(std::int64_t enterprise_id, const std::string& stage, Date on) const;
  // The highest held stage on `on` (LV4), "" when none.
  std::string topOn(std::int64_t enterprise_id, Date on) const;
  // The first day the enterprise held stage (the earliest record valid on its own start day).
  std::optional<Date> firstHeld(std::int64_t enterprise_id, const std::string& stage) const;
  // The first day on or after `from` on which a record of stage started and held.
  std::optional<Date> firstStartOnOrAfter(std::int64_t enterprise_id, const std::string& stage, Date from) const;
  // Records of the enterprise (those the facts hold: starts_on ≤ as_of).
  const std::vector<domain::Designation>& records(std::int64_t enterprise_id) const;

 private:
  const rules::Ladder& ladder_;
  const store::ReportFacts& facts_;
  // Hashed, not ordered: every report asks these for each of its enterprises, and at province
  // scale (120k enterprises) the ordered maps' lookups were a quarter of a report's time.
  std::unordered_map<std::int64_t, std::vector<domain::Designation>> by_enterprise_;
  std::unordered_map<std::int64_t, const std::string*> region_of_;
  std::vector<std::int64_t> ids_;
};

// Nearest-rank percentile of sorted values (p in (0, 1]): the ⌈p·n⌉-th smallest; none when empty.
std::optional<double> percentile(const std::vector<std::int64_t>& sorted, double p);

}  // namespace trellis::report
