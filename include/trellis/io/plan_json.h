// JSON of the plan (config/plan.json as loaded), its targets, task status updates, and the request
// bodies of POST /api/v1/reports/tasks/{n}/status and PUT /api/v1/reports/targets/{metric}/{period}.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trellis/domain/plan.h"

namespace trellis::io {

struct StatusDraft {
  std::string status;                 // not_started | in_progress | done | delayed
  std::optional<std::string> on;      // default today
  std::string unit;                   // one of the task's lead units
  std::string note;
};

struct SplitDraft {
  std::vector<std::pair<std::string, std::int64_t>> regions;  // region code → value, in body order
};

// Error invalid "unknown_field" / "wrong_type" naming the field.
StatusDraft parseStatusDraft(const nlohmann::json& body);
// {"regions": {"411002": 40, …}}; at most 100 entries; values must be integers.
SplitDraft parseSplitDraft(const nlohmann::json& body);

nlohmann::json planToJson(const domain::Plan& plan);
nlohmann::json targetToJson(const domain::Target& t);
nlohmann::json statusToJson(const domain::TaskStatusUpdate& u);

}  // namespace trellis::io
