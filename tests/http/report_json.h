// Finding a metric and a region's cell in the reports' JSON (GET /api/v1/reports/progress …),
// shared by the report HTTP tests.
#pragma once
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace trellis::test {

inline const nlohmann::json& metricOf(const nlohmann::json& progress, const std::string& key) {
  for (const auto& m : progress["metrics"])
    if (m["metric"] == key) return m;
  FAIL("no metric " << key);
  return progress;
}

inline const nlohmann::json& regionOf(const nlohmann::json& cells, const std::string& code) {
  for (const auto& c : cells)
    if (c["region"] == code) return c;
  FAIL("no region " << code);
  return cells;
}

}  // namespace trellis::test
