#include "trellis/rules/text_format.h"

#include <cmath>
#include <cstdio>

namespace trellis::rules {

std::string groupedInteger(std::int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string moneyZh(std::int64_t yuan) {
  constexpr std::int64_t kWan = 10000;
  constexpr std::int64_t kYi = 100000000;
  if (yuan != 0 && yuan % kYi == 0) return groupedInteger(yuan / kYi) + "亿元";
  if (yuan != 0 && yuan % kWan == 0) return groupedInteger(yuan / kWan) + "万元";
  return groupedInteger(yuan) + "元";
}

std::string plainNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string percent(double ratio) { return plainNumber(ratio * 100) + "%"; }

std::string percentBelow(double ratio, double bound) {
  const std::string shown_bound = percent(bound);
  std::string shown = percent(ratio);
  constexpr int kMostDigits = 6;
  for (int digits = 3; shown == shown_bound && digits <= kMostDigits; ++digits) {
    double scale = std::pow(10.0, digits);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, std::floor(ratio * 100 * scale + 1e-6) / scale);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    shown = s + "%";
  }
  return shown == shown_bound ? "不足" + shown_bound : shown;
}

}  // namespace trellis::rules
