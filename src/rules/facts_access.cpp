#include "facts_access.h"

#include <cmath>

namespace trellis::rules::detail {

const domain::YearlyIndicators* yearOf(const domain::EnterpriseFacts& facts, int year) {
  for (const domain::YearlyIndicators& y : facts.indicators)
    if (y.year == year) return &y;
  return nullptr;
}

std::optional<std::int64_t> need(const domain::EnterpriseFacts& facts, int year, Field field,
                                 const char* name, std::vector<std::string>& missing) {
  const domain::YearlyIndicators* y = yearOf(facts, year);
  if (y && (y->*field)) return *(y->*field);
  missing.push_back(std::to_string(year) + "." + name);
  return std::nullopt;
}

std::optional<std::int64_t> sumOver(const domain::EnterpriseFacts& facts, const std::vector<int>& years,
                                    Field field, const char* name, std::vector<std::string>& missing) {
  std::int64_t sum = 0;
  bool complete = true;
  for (int year : years) {
    auto v = need(facts, year, field, name, missing);
    if (v) sum += *v;
    else complete = false;
  }
  if (!complete) return std::nullopt;
  return sum;
}

Criterion factCriterion(const char* id, const char* label, const std::optional<bool>& fact,
                        const char* fact_name, const char* gap) {
  Criterion c{id, label};
  c.threshold = "是";
  if (!fact) {
    c.missing.push_back(fact_name);
    return c;
  }
  c.value = *fact ? "是" : "否";
  c.status = *fact ? Status::pass : Status::fail;
  if (!*fact) c.gap_zh = gap;
  return c;
}

std::int64_t toBasisPoints(double ratio) { return std::llround(ratio * kBasisPoints); }

std::int64_t shortfall(double ratio, std::int64_t base, std::int64_t have) {
  std::int64_t scaled = toBasisPoints(ratio) * base;  // ≤ ~1e17 for any real enterprise
  std::int64_t needed = scaled / kBasisPoints + (scaled % kBasisPoints > 0 ? 1 : 0);
  return needed > have ? needed - have : 0;
}

}  // namespace trellis::rules::detail
