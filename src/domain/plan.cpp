#include "trellis/domain/plan.h"

#include <algorithm>

namespace trellis::domain {

const char* measureName(Measure m) {
  switch (m) {
    case Measure::holders: return "holders";
    case Measure::new_per_year: return "new_per_year";
    case Measure::new_in_period: return "new_in_period";
  }
  return "holders";
}

const PlanMetric* Plan::findMetric(const std::string& key) const {
  for (const auto& m : metrics)
    if (m.key == key) return &m;
  return nullptr;
}

const PlanTask* Plan::findTask(int number) const {
  for (const auto& p : priorities)
    for (const auto& t : p.tasks)
      if (t.number == number) return &t;
  return nullptr;
}

const ResponsibleBody* Plan::findBody(const std::string& name) const {
  for (const auto& b : bodies)
    if (b.name == name) return &b;
  return nullptr;
}

bool Plan::isStatus(const std::string& id) const {
  return std::any_of(statuses.begin(), statuses.end(), [&](const TaskStatusDef& s) { return s.id == id; });
}

std::vector<const PlanTask*> Plan::tasks() const {
  std::vector<const PlanTask*> out;
  for (const auto& p : priorities)
    for (const auto& t : p.tasks) out.push_back(&t);
  std::sort(out.begin(), out.end(), [](const PlanTask* a, const PlanTask* b) { return a->number < b->number; });
  return out;
}

std::optional<Period> Period::parse(const std::string& text) {
  auto year = [](const std::string& s) -> std::optional<int> {
    if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    int y = std::stoi(s);
    if (y < 2000 || y > 2100) return std::nullopt;
    return y;
  };
  auto dash = text.find('-');
  if (dash == std::string::npos) {
    auto y = year(text);
    if (!y) return std::nullopt;
    return Period{*y, *y};
  }
  auto a = year(text.substr(0, dash)), b = year(text.substr(dash + 1));
  if (!a || !b || *b < *a) return std::nullopt;
  return Period{*a, *b};
}

std::string Period::toString() const {
  return from == to ? std::to_string(from) : std::to_string(from) + "-" + std::to_string(to);
}

std::optional<Target> TargetBook::find(const std::string& metric, int year, const std::string& region,
                                       const std::vector<Target>& splits) const {
  std::optional<Target> best;
  auto better = [](const Target& a, const Target& b) {  // a preferred over b
    int span_a = a.period.to - a.period.from, span_b = b.period.to - b.period.from;
    if (span_a != span_b) return span_a < span_b;
    return a.origin == "split" && b.origin != "split";
  };
  auto consider = [&](const Target& t) {
    if (t.metric != metric || t.region != region || !t.period.contains(year)) return;
    if (!best || better(t, *best)) best = t;
  };
  for (const auto& t : targets) consider(t);
  for (const auto& t : splits) consider(t);
  return best;
}

}  // namespace trellis::domain
