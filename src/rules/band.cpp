#include "trellis/rules/band.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace trellis::rules {

bool Band::contains(double v) const {
  if (std::isnan(v)) return false;
  if (min && (min_inclusive ? v < *min : v <= *min)) return false;
  if (max && (max_inclusive ? v > *max : v >= *max)) return false;
  return true;
}

std::string Band::describe(double scale, const char* unit) const {
  char buf[96];
  auto num = [&](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g%s", v * scale, unit);
    return std::string(b);
  };
  if (min && max) {
    std::snprintf(buf, sizeof buf, "%s%s, %s%s", min_inclusive ? "[" : "(", num(*min).c_str(),
                  num(*max).c_str(), max_inclusive ? "]" : ")");
  } else if (min) {
    std::snprintf(buf, sizeof buf, "%s %s", min_inclusive ? "≥" : ">", num(*min).c_str());
  } else if (max) {
    std::snprintf(buf, sizeof buf, "%s %s", max_inclusive ? "≤" : "<", num(*max).c_str());
  } else {
    std::snprintf(buf, sizeof buf, "any");
  }
  return buf;
}

const Band* BandTable::find(double v) const {
  for (const Band& b : bands)
    if (b.contains(v)) return &b;
  return nullptr;
}

const Band* BandTable::next(double v) const {
  for (std::size_t i = 0; i < bands.size(); ++i)
    if (bands[i].contains(v)) return i + 1 < bands.size() ? &bands[i + 1] : nullptr;
  return nullptr;
}

double BandTable::maxOut() const {
  double m = 0;
  for (const Band& b : bands) m = std::max(m, b.out_max);
  return m;
}

std::optional<BandProblem> bandTableProblem(const BandTable& table) {
  char buf[128];
  auto problem = [&](std::size_t i) { return BandProblem{i, buf}; };
  if (table.bands.empty()) return BandProblem{0, "no bands"};
  if (table.bands.front().min) return BandProblem{0, "the first band needs no lower bound (hole below it)"};
  if (table.bands.back().max)
    return BandProblem{table.bands.size() - 1, "the last band needs no upper bound (hole above it)"};
  for (std::size_t i = 0; i < table.bands.size(); ++i) {
    const Band& b = table.bands[i];
    if (b.out_min > b.out_max) {
      std::snprintf(buf, sizeof buf, "range %g–%g is reversed", b.out_min, b.out_max);
      return problem(i);
    }
    if (b.min && b.max &&
        (*b.min > *b.max || (*b.min == *b.max && !(b.min_inclusive && b.max_inclusive)))) {
      std::snprintf(buf, sizeof buf, "empty band (%g to %g)", *b.min, *b.max);
      return problem(i);
    }
    if (i == 0) continue;
    const Band& p = table.bands[i - 1];
    if (!p.max || !b.min) {
      std::snprintf(buf, sizeof buf, "overlaps the band before it (open bound between them)");
      return problem(i);
    }
    if (*p.max < *b.min || (*p.max == *b.min && !p.max_inclusive && !b.min_inclusive)) {
      std::snprintf(buf, sizeof buf, "hole between %g and %g", *p.max, *b.min);
      return problem(i);
    }
    if (*p.max > *b.min || (p.max_inclusive && b.min_inclusive)) {
      std::snprintf(buf, sizeof buf, "overlaps the band before it at %g", *b.min);
      return problem(i);
    }
  }
  return std::nullopt;
}

}  // namespace trellis::rules
