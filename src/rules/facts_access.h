// Private to the rules layer: reading yearly indicators while recording what is missing, and the
// integer arithmetic behind gap amounts (money is never a float sum).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/indicators.h"
#include "trellis/rules/evaluation.h"

namespace trellis::rules::detail {

using Field = std::optional<std::int64_t> domain::YearlyIndicators::*;

// Ratios are resolved to basis points (0.01%) when turned into amounts.
constexpr std::int64_t kBasisPoints = 10000;

const domain::YearlyIndicators* yearOf(const domain::EnterpriseFacts& facts, int year);

// The value of field in year, or nullopt after adding "<year>.<name>" to missing.
std::optional<std::int64_t> need(const domain::EnterpriseFacts& facts, int year, Field field,
                                 const char* name, std::vector<std::string>& missing);

// Sum of field over years; nullopt (with every missing year listed) when any is missing.
std::optional<std::int64_t> sumOver(const domain::EnterpriseFacts& facts, const std::vector<int>& years,
                                    Field field, const char* name, std::vector<std::string>& missing);

// Smallest x ≥ 0 with (have + x) / base ≥ ratio: ceil(ratio × base) − have, in basis points.
std::int64_t shortfall(double ratio, std::int64_t base, std::int64_t have);

// A yes/no fact as a gate criterion: pass / fail, or unknown with fact_name missing.
Criterion factCriterion(const char* id, const char* label, const std::optional<bool>& fact,
                        const char* fact_name, const char* gap);

// Ratio in basis points, rounded to nearest.
std::int64_t toBasisPoints(double ratio);

}  // namespace trellis::rules::detail
