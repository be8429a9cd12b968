#include "trellis/rules/growth.h"

#include <cmath>

namespace trellis::rules {
namespace {

// Rates come from several floating operations; rounding to 1e-12 makes a rate that is exactly
// on a band boundary in decimal (e.g. 15%) compare equal to the configured bound.
double settle(double rate) {
  constexpr double kScale = 1e12;
  return std::round(rate * kScale) / kScale;
}

}  // namespace

GrowthRate growthRate(std::optional<std::int64_t> y1, std::optional<std::int64_t> y2, std::int64_t y3) {
  GrowthRate g;
  if (!y2 || *y2 <= 0) {
    g.note = !y2 ? "经营不足两年，无法计算增长率，按0分" : "第二年数值为0或负数，按0分";
    return g;
  }
  double r32 = static_cast<double>(y3) / static_cast<double>(*y2);
  if (!y1 || *y1 <= 0) {
    g.rate = settle(r32 - 1);
    g.years_used = 2;
    g.note = !y1 ? "经营不足三年，按实际两年计算" : "第一年数值为0或负数，按两年计算";
    return g;
  }
  double r21 = static_cast<double>(*y2) / static_cast<double>(*y1);
  g.rate = settle((r21 + r32) / 2 - 1);
  g.years_used = 3;
  return g;
}

SubScore growthPoints(const std::string& id, const std::string& label_zh, const GrowthRate& g,
                      const BandTable& bands, double max_points) {
  SubScore s{id, label_zh};
  s.max_points = max_points;
  s.note = g.note;
  if (!g.rate) {
    s.points_min = s.points_max = 0;
    return s;
  }
  s.rate = g.rate;
  const Band* band = bands.find(*g.rate);
  s.points_min = band->out_min;
  s.points_max = band->out_max;
  s.band = band->describe(100, "%");
  bool on_bound = (band->min && *band->min == *g.rate) || (band->max && *band->max == *g.rate);
  if (on_bound && !band->flag_at_bound.empty())
    s.note += (s.note.empty() ? "" : "；") + band->flag_at_bound;
  return s;
}

}  // namespace trellis::rules
