// Banded lookup tables: "≥ 30% → 20 points", "≤ 5,000万 → ≥ 5%". Every band table in
// config/ladder.json is one of these. A valid table partitions the whole real line: the first band
// has no lower bound, the last no upper bound, and each boundary is inclusive on exactly one side,
// so any value falls in exactly one band (lower bounds inclusive unless the config says otherwise).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace trellis::rules {

struct Band {
  std::optional<double> min;   // nullopt = −∞
  bool min_inclusive = true;
  std::optional<double> max;   // nullopt = +∞
  bool max_inclusive = false;
  double out_min = 0;          // what the band yields: points, or a required ratio
  double out_max = 0;          // == out_min unless the band is a range (e.g. 9–10 points)
  std::string flag_at_bound;   // note raised when a value sits exactly on a finite bound ([U])

  bool contains(double v) const;
  // "[25%, 30%)"-style text with values multiplied by scale and the unit appended.
  std::string describe(double scale, const char* unit) const;
};

struct BandTable {
  std::vector<Band> bands;  // ascending

  // The band holding v; nullptr only for an invalid table or NaN.
  const Band* find(double v) const;
  // The band right above the one holding v (the next rung to reach); nullptr at the top.
  const Band* next(double v) const;
  // Highest out_max of any band.
  double maxOut() const;
};

// Why a table is not a proper partition: the band at fault (index into bands) and the reason,
// e.g. {2, "hole between 0.05 and 0.06"}. Used by the config loader.
struct BandProblem {
  std::size_t index = 0;
  std::string why;
};

// nullopt when the table is a proper partition.
std::optional<BandProblem> bandTableProblem(const BandTable& table);

}  // namespace trellis::rules
