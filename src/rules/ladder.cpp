#include "trellis/rules/ladder.h"

#include <algorithm>
#include <functional>
#include <set>

#include "trellis/core/error.h"

namespace trellis::rules {

Ladder::Ladder(LadderConfig config) : config_(std::move(config)) {
  // LV4: rank = longest path from a root; the config is acyclic (LC3), so memoised DFS ends.
  std::function<int(const std::string&)> depth = [&](const std::string& s) -> int {
    if (auto it = rank_.find(s); it != rank_.end()) return it->second;
    int best = 0;
    for (const auto& [from, to] : config_.transitions)
      if (to == s) best = std::max(best, depth(from) + 1);
    rank_[s] = best;
    return best;
  };
  for (const StageDef& s : config_.stages) depth(s.id);
}

const StageDef* Ladder::findStage(const std::string& id) const {
  for (const StageDef& s : config_.stages)
    if (s.id == id) return &s;
  return nullptr;
}

const StageDef& Ladder::stage(const std::string& id) const {
  if (const StageDef* s = findStage(id)) return *s;
  throw Error(errc::unknown_stage, "unknown ladder stage \"" + id + "\"", "stage");
}

bool Ladder::hasTransition(const std::string& from, const std::string& to) const {
  for (const auto& t : config_.transitions)
    if (t.first == from && t.second == to) return true;
  return false;
}

bool Ladder::reachable(const std::string& from, const std::string& to) const {
  std::set<std::string> seen;
  std::vector<std::string> todo = {from};
  while (!todo.empty()) {
    std::string s = todo.back();
    todo.pop_back();
    for (const auto& [a, b] : config_.transitions) {
      if (a != s || seen.count(b)) continue;
      if (b == to) return true;
      seen.insert(b);
      todo.push_back(b);
    }
  }
  return false;
}

std::vector<std::string> Ladder::nextStages(const std::string& from) const {
  std::vector<std::string> out;
  for (const auto& [a, b] : config_.transitions)
    if (a == from) out.push_back(b);
  return out;
}

int Ladder::rank(const std::string& stage_id) const { return rank_.at(stage(stage_id).id); }

Date Ladder::endsOn(const std::string& stage_id, Date starts_on) const {
  const StageDef& s = stage(stage_id);
  switch (s.validity) {
    case ValidityKind::calendar_year: return Date(starts_on.year(), 12, 31);
    case ValidityKind::years: return starts_on.addYears(s.validity_years).addDays(-1);
  }
  return starts_on;
}

namespace {

bool superseded(const domain::Designation& d, const std::vector<domain::Designation>& all) {
  if (d.id == 0) return false;
  return std::any_of(all.begin(), all.end(), [&](const domain::Designation& o) {
    return o.corrects_id && *o.corrects_id == d.id;
  });
}

}  // namespace

bool Ladder::validOn(const domain::Designation& d, const std::vector<domain::Designation>& all,
                     Date on) const {
  if (!findStage(d.stage) || superseded(d, all)) return false;                // LV3
  if (on < d.starts_on || endsOn(d.stage, d.starts_on) < on) return false;    // LV1
  return !(d.revoked_on && *d.revoked_on <= on);                              // LV2
}

bool Ladder::holdsOn(const std::string& stage_id, const std::vector<domain::Designation>& all,
                     Date on) const {
  return std::any_of(all.begin(), all.end(), [&](const domain::Designation& d) {
    return d.stage == stage_id && validOn(d, all, on);
  });
}

Position Ladder::positionOn(const std::vector<domain::Designation>& all, Date on) const {
  Position p;
  p.as_of = on;
  for (const domain::Designation& d : all) {
    if (!validOn(d, all, on)) continue;
    domain::Designation v = d;
    v.ends_on = endsOn(d.stage, d.starts_on);
    p.valid.push_back(v);
  }
  for (const StageDef& s : config_.stages) {
    bool held = std::any_of(p.valid.begin(), p.valid.end(),
                            [&](const domain::Designation& d) { return d.stage == s.id; });
    if (held) p.held.push_back(s.id);
  }
  std::stable_sort(p.held.begin(), p.held.end(),
                   [&](const std::string& a, const std::string& b) { return rank_.at(a) < rank_.at(b); });
  if (!p.held.empty()) p.top = p.held.back();
  return p;
}

std::vector<TimelineEvent> Ladder::timeline(const std::vector<domain::Designation>& all) const {
  std::vector<TimelineEvent> events;
  for (const domain::Designation& d : all) {
    if (!findStage(d.stage) || superseded(d, all)) continue;
    events.push_back({d.starts_on, d.stage, "granted", d.id, d.number});
    Date end = endsOn(d.stage, d.starts_on);
    if (d.revoked_on && *d.revoked_on <= end)
      events.push_back({*d.revoked_on, d.stage, "revoked", d.id, d.number});
    else
      events.push_back({end, d.stage, "expires", d.id, d.number});
  }
  auto order = [](const std::string& kind) { return kind == "granted" ? 0 : kind == "expires" ? 1 : 2; };
  std::stable_sort(events.begin(), events.end(), [&](const TimelineEvent& a, const TimelineEvent& b) {
    if (a.on != b.on) return a.on < b.on;
    return order(a.kind) < order(b.kind);
  });
  return events;
}

EntryDecision Ladder::checkEntry(const std::string& target_stage,
                                 const std::vector<domain::Designation>& all, Date on) const {
  stage(target_stage);
  EntryDecision decision;
  for (const EntryRule& rule : config_.entry_rules) {
    if (rule.stage != target_stage) continue;
    decision.source = rule.source;
    bool ok = std::any_of(rule.requires_any_of.begin(), rule.requires_any_of.end(),
                          [&](const std::string& s) { return holdsOn(s, all, on); });
    if (ok) continue;
    std::string names;
    for (const std::string& s : rule.requires_any_of)
      names += (names.empty() ? "" : "或") + stage(s).name_zh;
    decision.allowed = false;
    decision.reason_zh = "入库" + stage(target_stage).name_zh + "须在" + on.toString() + "持有有效的" +
                         names + "资格";
  }
  return decision;
}

}  // namespace trellis::rules
