// The fields of YearlyIndicators by name: one list shared by the JSON codec (io/) and the
// yearly_indicators columns (store/), so a new indicator is added in one place.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "trellis/domain/indicators.h"

namespace trellis::domain {

struct IndicatorIntField {
  const char* name;        // JSON member and column name
  bool money;              // integer yuan (else a count)
  std::function<std::optional<std::int64_t>&(YearlyIndicators&)> get;
};

struct IndicatorBoolField {
  const char* name;
  std::function<std::optional<bool>&(YearlyIndicators&)> get;
};

// In display order: money first, then headcounts, R&D line items, IP and results.
const std::vector<IndicatorIntField>& indicatorIntFields();
const std::vector<IndicatorBoolField>& indicatorBoolFields();

}  // namespace trellis::domain
