#include "trellis/io/plan_json.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/io/json_body.h"

namespace trellis::io {

StatusDraft parseStatusDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"status", "on", "unit", "note"});
  StatusDraft d;
  auto str = [&](const char* f) -> std::optional<std::string> {
    if (!body.contains(f) || body.at(f).is_null()) return std::nullopt;
    return stringField(body, f);
  };
  d.status = str("status").value_or("");
  d.on = str("on");
  d.unit = str("unit").value_or("");
  d.note = str("note").value_or("");
  return d;
}

SplitDraft parseSplitDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"regions"});
  if (!body.contains("regions")) throw Error(errc::required, "regions is required", "regions");
  const auto& regions = body.at("regions");
  if (!regions.is_object()) throw Error(errc::wrong_type, "regions must be an object {code: value}", "regions");
  if (regions.size() > 100) throw Error(errc::too_many, "regions has more than 100 entries", "regions");
  SplitDraft d;
  for (auto it = regions.begin(); it != regions.end(); ++it) {
    std::string field = "regions." + it.key();
    if (!it->is_number_integer())
      throw Error(errc::wrong_type, field + " must be a whole number", field);
    d.regions.emplace_back(it.key(), it->get<std::int64_t>());
  }
  return d;
}

nlohmann::json targetToJson(const domain::Target& t) {
  return {{"metric", t.metric},         {"period", t.period.toString()}, {"region", t.region},
          {"value", t.value},           {"bound", t.bound.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.bound)},
          {"origin", t.origin},         {"source_zh", t.source_zh}};
}

nlohmann::json statusToJson(const domain::TaskStatusUpdate& u) {
  return {{"id", u.id},     {"task", u.task},         {"status", u.status},           {"on", u.on.toString()},
          {"unit", u.unit}, {"note", u.note},         {"recorded_by", u.recorded_by}, {"recorded_at", u.recorded_at}};
}

nlohmann::json planToJson(const domain::Plan& plan) {
  nlohmann::json metrics = nlohmann::json::array(), statuses = nlohmann::json::array(),
                 bodies = nlohmann::json::array(), priorities = nlohmann::json::array();
  for (const auto& m : plan.metrics) {
    nlohmann::json graph = nullptr;
    if (m.graph)
      graph = {{"kind", domain::nodeKindName(m.graph->kind)}, {"sub_kinds", m.graph->sub_kinds},
               {"levels", m.graph->levels},                   {"programmes", m.graph->programmes},
               {"tiers", m.graph->tiers},                     {"statuses", m.graph->statuses}};
    metrics.push_back({{"key", m.key},
                       {"name_zh", m.name_zh},
                       {"unit_zh", m.unit_zh},
                       {"source", m.source},
                       {"stage", m.stage.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.stage)},
                       {"graph", graph},
                       {"measure", domain::measureName(m.measure)},
                       {"measured", m.measurable()}});
  }
  for (const auto& s : plan.statuses) statuses.push_back({{"id", s.id}, {"name_zh", s.name_zh}});
  for (const auto& b : plan.bodies)
    bodies.push_back({{"name", b.name}, {"regions", b.all_regions ? nlohmann::json("all") : nlohmann::json(b.regions)}});
  for (const auto& p : plan.priorities) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : p.tasks)
      tasks.push_back({{"number", t.number},
                       {"text_zh", t.text_zh},
                       {"lead_units", t.lead_units},
                       {"responsible_bodies", t.responsible_bodies},
                       {"responsible_open", t.responsible_open},
                       {"metrics", t.metrics}});
    priorities.push_back({{"number", p.number}, {"title_zh", p.title_zh}, {"goal_zh", p.goal_zh}, {"tasks", tasks}});
  }
  return {{"id", plan.id},
          {"name_zh", plan.name_zh},
          {"period", {{"from", plan.from_year}, {"to", plan.to_year}}},
          {"statuses", statuses},
          {"metrics", metrics},
          {"responsible_bodies", bodies},
          {"priorities", priorities}};
}

}  // namespace trellis::io
