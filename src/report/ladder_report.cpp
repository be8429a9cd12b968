#include "trellis/report/ladder_report.h"

#include <algorithm>

namespace trellis::report {
namespace {

int rankOf(const LadderIndex& ix, const std::string& stage) { return stage.empty() ? -1 : ix.ladder().rank(stage); }

}  // namespace

std::vector<std::int64_t> ladderHolders(const LadderIndex& ix, const std::string& stage, const std::string& region) {
  std::vector<std::int64_t> out;
  for (auto id : ix.withDesignations())
    if (ix.inRegion(id, region) && ix.holds(id, stage, ix.facts().as_of)) out.push_back(id);
  return out;
}

std::vector<std::int64_t> ladderTop(const LadderIndex& ix, const std::string& stage, const std::string& region) {
  std::vector<std::int64_t> out;
  for (auto id : ix.withDesignations())
    if (ix.inRegion(id, region) && ix.topOn(id, ix.facts().as_of) == stage) out.push_back(id);
  return out;
}

std::vector<std::int64_t> ladderMoves(const LadderIndex& ix, Date from, const std::string& direction,
                                      const std::string& region) {
  std::vector<std::int64_t> out;
  const Date before = from.addDays(-1);
  for (auto id : ix.withDesignations()) {
    if (!ix.inRegion(id, region)) continue;
    int a = rankOf(ix, ix.topOn(id, before)), b = rankOf(ix, ix.topOn(id, ix.facts().as_of));
    if ((direction == "up" && b > a) || (direction == "down" && b < a)) out.push_back(id);
  }
  return out;
}

std::vector<Expiring> ladderExpiring(const LadderIndex& ix, int months, const std::string& stage,
                                     const std::string& region) {
  std::vector<Expiring> out;
  const Date d = ix.facts().as_of;
  const Date until = d.addMonths(months);
  for (auto id : ix.withDesignations()) {
    if (!ix.inRegion(id, region)) continue;
    const auto& all = ix.records(id);
    for (const auto& rec : all) {
      if ((!stage.empty() && rec.stage != stage) || !ix.ladder().validOn(rec, all, d)) continue;
      Date ends = ix.ladder().endsOn(rec.stage, rec.starts_on);
      if (ends <= d || ends > until) continue;
      bool renewed = std::any_of(all.begin(), all.end(), [&](const domain::Designation& o) {
        return o.stage == rec.stage && o.starts_on > rec.starts_on && ix.ladder().validOn(o, all, o.starts_on);
      });
      if (!renewed) out.push_back({id, rec.stage, ends, rec.number});
    }
  }
  std::sort(out.begin(), out.end(), [](const Expiring& a, const Expiring& b) {
    return a.ends_on != b.ends_on ? a.ends_on < b.ends_on : a.enterprise_id < b.enterprise_id;
  });
  return out;
}

LadderReport ladderReport(const LadderIndex& ix, Date from, const RegionList& regions) {
  LadderReport r;
  r.as_of = ix.facts().as_of;
  r.from = from;
  for (const auto& s : ix.ladder().config().stages) r.stages.push_back(s.id);
  std::stable_sort(r.stages.begin(), r.stages.end(),
                   [&](const std::string& a, const std::string& b) { return ix.ladder().rank(a) < ix.ladder().rank(b); });
  auto empty = [&](const std::string& code) {
    LadderCell c;
    c.region = code;
    for (const auto& s : r.stages) {
      c.holders[s] = 0;
      c.top[s] = 0;
      c.expiring_6[s] = 0;
      c.expiring_12[s] = 0;
    }
    return c;
  };
  r.city = empty(regions.city);
  std::map<std::string, std::size_t> index;
  for (const auto& code : regions.regions) {
    index[code] = r.regions.size();
    r.regions.push_back(empty(code));
  }
  // One pass over the enterprises (the same tests as ladderHolders / ladderTop / ladderMoves);
  // each adds to the city and to its region's cell.
  const Date before = from.addDays(-1);
  for (auto id : ix.withDesignations()) {
    std::vector<LadderCell*> cells = {&r.city};
    if (auto it = index.find(ix.regionOf(id)); it != index.end()) cells.push_back(&r.regions[it->second]);
    std::string now = ix.topOn(id, r.as_of), then = ix.topOn(id, before);
    int a = rankOf(ix, then), b = rankOf(ix, now);
    for (auto* c : cells) {
      for (const auto& s : r.stages)
        if (ix.holds(id, s, r.as_of)) ++c->holders[s];
      if (!now.empty()) ++c->top[now];
      if (b > a) ++c->moved_up;
      if (b < a) ++c->moved_down;
      if (then != now) ++c->moves[(then.empty() ? "none" : then) + ">" + (now.empty() ? "none" : now)];
    }
  }
  for (const auto& e : ladderExpiring(ix, 12, "", "")) {
    std::vector<LadderCell*> cells = {&r.city};
    if (auto it = index.find(ix.regionOf(e.enterprise_id)); it != index.end()) cells.push_back(&r.regions[it->second]);
    bool within_6 = e.ends_on <= r.as_of.addMonths(6);
    for (auto* c : cells) {
      ++c->expiring_12[e.stage];
      if (within_6) ++c->expiring_6[e.stage];
    }
  }
  return r;
}

}  // namespace trellis::report
