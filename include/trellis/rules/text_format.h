// Numbers as an officer reads them in gap texts: "1,920,000 元", "8,000万元", "3.4%".
#pragma once
#include <cstdint>
#include <string>

namespace trellis::rules {

// 1920000 → "1,920,000".
std::string groupedInteger(std::int64_t v);
// Yuan in 万元 when ≥ 10,000 and a whole number of 万 ("8,000万元", "2亿元" for whole 亿),
// otherwise "1,234,567元".
std::string moneyZh(std::int64_t yuan);
// 0.034 → "3.4%", 0.05 → "5%" (at most two decimals, trailing zeros dropped).
std::string percent(double ratio);
// A ratio below its bound, printed so that it never reads as the bound: 0.0917 vs 0.1 → "9.17%",
// 0.09999 vs 0.1 → "9.999%" (never "10% < 10%"); extra digits are cut, not rounded up.
std::string percentBelow(double ratio, double bound);
// 12.5 → "12.5", 30 → "30" (at most two decimals).
std::string plainNumber(double v);

}  // namespace trellis::rules
