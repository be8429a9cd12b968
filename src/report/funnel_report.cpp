#include "trellis/report/funnel_report.h"

#include <algorithm>

#include "trellis/domain/pool.h"

namespace trellis::report {
namespace {

DurationStat durations(const std::string& key, std::vector<std::int64_t> days) {
  std::sort(days.begin(), days.end());
  DurationStat s;
  s.key = key;
  s.n = static_cast<std::int64_t>(days.size());
  s.median_days = percentile(days, 0.5);
  s.p75_days = percentile(days, 0.75);
  return s;
}

int poolOrder(const std::string& pool) {
  const auto& all = domain::pools();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (pool == all[i].id) return static_cast<int>(i);
  return static_cast<int>(all.size());
}

// F2 for window n (1..3): eligible when the window closed by d; reached when within it.
bool eligible(const domain::PoolMember& m, int n, Date d) { return m.entered_on.addYears(n) <= d; }
bool reachedWithin(const std::optional<Date>& on, const domain::PoolMember& m, int n) {
  return on && *on <= m.entered_on.addYears(n);
}

}  // namespace

std::optional<Date> reachedOn(const LadderIndex& ix, const domain::PoolMember& m) {
  return ix.firstStartOnOrAfter(m.enterprise_id, m.target_stage, m.entered_on);
}

std::vector<const domain::PoolMember*> cohortMembers(const LadderIndex& ix, const std::string& pool, int year,
                                                     const std::string& outcome, const std::string& region) {
  std::vector<const domain::PoolMember*> out;
  const Date d = ix.facts().as_of;
  for (const auto& m : ix.facts().memberships) {
    if (m.pool != pool || m.entered_on.year() != year || !ix.inRegion(m.enterprise_id, region)) continue;
    auto on = reachedOn(ix, m);
    bool take = outcome == "entered" || (outcome == "reached" && on) || (outcome == "exited" && m.exited_on) ||
                (outcome == "open" && !m.exited_on);
    for (int n = 1; n <= 3; ++n)
      if (outcome == "reached_" + std::to_string(n) && eligible(m, n, d) && reachedWithin(on, m, n)) take = true;
    if (take) out.push_back(&m);
  }
  return out;
}

FunnelReport funnelReport(const LadderIndex& ix, const std::string& region) {
  FunnelReport r;
  r.as_of = ix.facts().as_of;
  r.region = region;
  const Date d = r.as_of;
  std::map<std::pair<int, int>, CohortRow> cohorts;                 // (pool order, year)
  std::map<std::pair<int, std::string>, TierConversion> tiers;      // (pool order, tier)
  std::map<std::string, std::vector<std::int64_t>> to_target;
  for (const auto& m : ix.facts().memberships) {
    if (!ix.inRegion(m.enterprise_id, region)) continue;
    int order = poolOrder(m.pool);
    auto& c = cohorts[{order, m.entered_on.year()}];
    c.pool = m.pool;
    c.year = m.entered_on.year();
    ++c.entered;
    auto on = reachedOn(ix, m);
    for (int n = 1; n <= 3; ++n) {
      if (!eligible(m, n, d)) continue;
      ++c.eligible[n - 1];
      if (reachedWithin(on, m, n)) ++c.reached[n - 1];
    }
    if (on) {
      ++c.reached_by_as_of;
      to_target[m.pool].push_back(on->daysSinceEpoch() - m.entered_on.daysSinceEpoch());
    }
    if (m.exited_on) {
      ++c.exits[m.exit_reason];
      ++r.exits[m.pool][m.exit_reason];
    } else {
      ++c.open;
    }
    auto& t = tiers[{order, m.tier}];
    t.pool = m.pool;
    t.tier = m.tier;
    ++t.entered;
    if (on) ++t.reached;
  }
  for (auto& [key, c] : cohorts) r.cohorts.push_back(c);
  for (auto& [key, t] : tiers) {
    t.rate = static_cast<double>(t.reached) / static_cast<double>(t.entered);
    r.tiers.push_back(t);
  }
  for (const auto& p : domain::pools())
    if (to_target.count(p.id)) r.time_to_target.push_back(durations(p.id, to_target[p.id]));

  std::vector<std::string> stages;
  for (const auto& s : ix.ladder().config().stages) stages.push_back(s.id);
  std::stable_sort(stages.begin(), stages.end(),
                   [&](const std::string& a, const std::string& b) { return ix.ladder().rank(a) < ix.ladder().rank(b); });
  for (const auto& s : stages) {
    std::vector<std::int64_t> days;
    for (auto id : ix.withDesignations()) {
      if (!ix.inRegion(id, region)) continue;
      auto first = ix.firstHeld(id, s);
      if (!first) continue;
      std::optional<Date> next;
      for (const auto& higher : stages) {
        if (ix.ladder().rank(higher) <= ix.ladder().rank(s)) continue;
        auto at = ix.firstStartOnOrAfter(id, higher, *first);
        if (at && (!next || *at < *next)) next = at;
      }
      if (next) days.push_back(next->daysSinceEpoch() - first->daysSinceEpoch());
    }
    r.time_in_stage.push_back(durations(s, days));
  }
  return r;
}

}  // namespace trellis::report
