#include "trellis/rules/plan_config.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "config_reader.h"
#include "trellis/core/error.h"

namespace trellis::rules {
namespace {

using detail::ConfigReader;

bool known(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string readFile(const std::string& path, const ErrorCode& code) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(code, path + ": cannot be read", "$");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json parseJson(const std::string& text, const std::string& source, const ErrorCode& code) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw Error(code, source + ": not valid JSON", "$");
  return doc;
}

// A required positive integer that fits an int.
int positive(const ConfigReader& r, const char* key) {
  auto v = r.integer(key);
  if (v < 1 || v > 100000) r.failAt(std::string(".") + key, "expected a whole number from 1");
  return static_cast<int>(v);
}

domain::Measure measureOf(const ConfigReader& r) {
  std::string m = r.str("measure");
  if (m == "holders") return domain::Measure::holders;
  if (m == "new_per_year") return domain::Measure::new_per_year;
  if (m == "new_in_period") return domain::Measure::new_in_period;
  r.failAt(".measure", "expected holders, new_per_year or new_in_period");
}

}  // namespace

// PC5: a graph metric's "graph": {"kind", "sub_kinds"?, "levels"?, "programmes"?, "tiers"?, "statuses"}.
domain::GraphSelector graphSelectorOf(const ConfigReader& g) {
  static const std::set<std::string> kKeys = {"kind", "sub_kinds", "levels", "programmes", "tiers", "statuses"};
  if (!g.node().is_object()) g.fail("expected an object");
  for (auto it = g.node().begin(); it != g.node().end(); ++it)
    if (!kKeys.count(it.key())) g.failAt("." + it.key(), "unknown key");
  domain::GraphSelector sel;
  std::string kind = g.str("kind");
  auto parsed = domain::parseNodeKind(kind);
  if (!parsed || (*parsed != domain::NodeKind::platform && *parsed != domain::NodeKind::talent_team &&
                  *parsed != domain::NodeKind::project))
    g.failAt(".kind", "expected platform, talent_team or project");
  sel.kind = *parsed;
  sel.sub_kinds = g.stringsOr("sub_kinds");
  sel.levels = g.stringsOr("levels");
  sel.programmes = g.stringsOr("programmes");
  sel.tiers = g.stringsOr("tiers");
  sel.statuses = g.strings("statuses");
  if (sel.statuses.empty()) g.failAt(".statuses", "list at least one status");
  bool platform = sel.kind == domain::NodeKind::platform, project = sel.kind == domain::NodeKind::project;
  if (!platform && !sel.sub_kinds.empty()) g.failAt(".sub_kinds", "only platforms have sub-kinds");
  if (!platform && !sel.levels.empty()) g.failAt(".levels", "only platforms have levels");
  if (platform && !sel.programmes.empty()) g.failAt(".programmes", "platforms have no programme");
  if (!project && !sel.tiers.empty()) g.failAt(".tiers", "only projects have tiers");
  return sel;
}

domain::Plan parsePlan(const std::string& json_text, const std::string& source,
                       const std::vector<std::string>& known_regions, const std::vector<std::string>& known_stages) {
  const ErrorCode& code = errc::plan_config;
  nlohmann::json doc = parseJson(json_text, source, code);
  ConfigReader root(doc, "$", source, code);
  domain::Plan plan;
  plan.id = root.str("id");
  plan.name_zh = root.str("name_zh");
  ConfigReader period = root.child("period");
  plan.from_year = positive(period, "from");
  plan.to_year = positive(period, "to");
  if (plan.to_year < plan.from_year) period.failAt(".to", "before from");

  std::set<std::string> seen;
  for (const ConfigReader& s : root.items("statuses")) {
    domain::TaskStatusDef d{s.str("id"), s.str("name_zh")};
    if (!seen.insert(d.id).second) s.failAt(".id", "duplicate status \"" + d.id + "\"");
    plan.statuses.push_back(d);
  }
  for (const char* required : {"not_started", "in_progress", "done", "delayed"})
    if (!seen.count(required)) root.failAt(".statuses", std::string("missing status \"") + required + "\"");

  seen.clear();
  for (const ConfigReader& m : root.items("metrics")) {
    domain::PlanMetric metric;
    metric.key = m.str("key");
    metric.name_zh = m.str("name_zh");
    metric.unit_zh = m.str("unit_zh");
    metric.source = m.str("source");
    metric.measure = measureOf(m);
    if (!seen.insert(metric.key).second) m.failAt(".key", "duplicate metric \"" + metric.key + "\"");
    if (metric.source == "designation") {
      metric.stage = m.str("stage");
      if (!known(known_stages, metric.stage)) m.failAt(".stage", "unknown ladder stage \"" + metric.stage + "\"");
    } else if (metric.source == "graph") {
      metric.graph = graphSelectorOf(m.child("graph"));
    } else {
      m.failAt(".source", "expected designation or graph");
    }
    plan.metrics.push_back(metric);
  }

  seen.clear();
  for (const ConfigReader& b : root.items("responsible_bodies")) {
    domain::ResponsibleBody body;
    body.name = b.str("name");
    if (!seen.insert(body.name).second) b.failAt(".name", "duplicate body \"" + body.name + "\"");
    ConfigReader regions = b.child("regions");
    if (regions.node().is_string()) {
      if (regions.node().get<std::string>() != "all") regions.fail("expected \"all\" or an array of region codes");
      body.all_regions = true;
    } else {
      for (const ConfigReader& r : regions.items()) {
        if (!r.node().is_string() || !known(known_regions, r.node().get<std::string>()))
          r.fail("unknown region " + r.node().dump());
        body.regions.push_back(r.node().get<std::string>());
      }
    }
    plan.bodies.push_back(body);
  }

  std::set<int> priorities, tasks;
  for (const ConfigReader& p : root.items("priorities")) {
    domain::PlanPriority priority;
    priority.number = positive(p, "number");
    priority.title_zh = p.str("title_zh");
    priority.goal_zh = p.str("goal_zh");
    if (!priorities.insert(priority.number).second)
      p.failAt(".number", "duplicate priority " + std::to_string(priority.number));
    for (const ConfigReader& t : p.items("tasks")) {
      domain::PlanTask task;
      task.number = positive(t, "number");
      task.priority = priority.number;
      task.text_zh = t.str("text_zh");
      if (!tasks.insert(task.number).second) t.failAt(".number", "duplicate task " + std::to_string(task.number));
      task.lead_units = t.strings("lead_units");
      if (task.lead_units.empty()) t.failAt(".lead_units", "a task needs at least one lead unit");
      task.responsible_bodies = t.strings("responsible_bodies");
      if (task.responsible_bodies.empty()) t.failAt(".responsible_bodies", "a task needs a responsible body");
      auto bodies = t.items("responsible_bodies");
      for (std::size_t i = 0; i < bodies.size(); ++i)
        if (!plan.findBody(task.responsible_bodies[i]))
          bodies[i].fail("unknown responsible body \"" + task.responsible_bodies[i] + "\"");
      task.responsible_open = t.boolOr("responsible_open", false);
      task.metrics = t.strings("metrics");
      auto metrics = t.items("metrics");
      for (std::size_t i = 0; i < metrics.size(); ++i)
        if (!plan.findMetric(task.metrics[i])) metrics[i].fail("unknown metric \"" + task.metrics[i] + "\"");
      priority.tasks.push_back(std::move(task));
    }
    plan.priorities.push_back(std::move(priority));
  }
  if (plan.priorities.empty()) root.failAt(".priorities", "a plan needs at least one priority");
  return plan;
}

domain::Plan loadPlan(const std::string& path, const std::vector<std::string>& known_regions,
                      const std::vector<std::string>& known_stages) {
  return parsePlan(readFile(path, errc::plan_config), path, known_regions, known_stages);
}

void checkGraphMetrics(const domain::Plan& plan, const domain::GraphConfig& graph, const std::string& source) {
  auto fail = [&](std::size_t i, const std::string& sub, const std::string& why) {
    std::string path = "$.metrics[" + std::to_string(i) + "].graph" + sub;
    throw Error(errc::plan_config, source + ": " + path + ": " + why, path);
  };
  auto check = [&](std::size_t i, const char* key, const std::vector<std::string>& values,
                   const std::vector<std::string>& allowed) {
    for (std::size_t j = 0; j < values.size(); ++j)
      if (!known(allowed, values[j]))
        fail(i, std::string(".") + key + "[" + std::to_string(j) + "]",
             "\"" + values[j] + "\" is not in " + graph.source);
  };
  for (std::size_t i = 0; i < plan.metrics.size(); ++i) {
    const auto& sel = plan.metrics[i].graph;
    if (!sel) continue;
    const domain::NodeKindDef& def = graph.nodeKind(sel->kind);
    std::vector<std::string> programmes, tiers;
    for (const auto& p : def.programmes) {
      programmes.push_back(p.code);
      tiers.insert(tiers.end(), p.tiers.begin(), p.tiers.end());
    }
    check(i, "sub_kinds", sel->sub_kinds, def.sub_kinds);
    check(i, "levels", sel->levels, def.levels);
    check(i, "programmes", sel->programmes, programmes);
    check(i, "tiers", sel->tiers, tiers);
    check(i, "statuses", sel->statuses, def.statuses);
  }
}

domain::TargetBook parseTargets(const std::string& json_text, const std::string& source, const domain::Plan& plan,
                                const std::vector<std::string>& known_regions) {
  const ErrorCode& code = errc::targets_config;
  nlohmann::json doc = parseJson(json_text, source, code);
  ConfigReader root(doc, "$", source, code);
  domain::TargetBook book;
  book.plan = root.str("plan");
  if (book.plan != plan.id) root.failAt(".plan", "names plan \"" + book.plan + "\", not \"" + plan.id + "\"");
  ConfigReader forecast = root.child("forecast");
  book.forecast_lookback_years = positive(forecast, "lookback_years");
  if (book.forecast_lookback_years > 10) forecast.failAt(".lookback_years", "at most 10 years");
  std::set<std::string> seen;
  for (const ConfigReader& t : root.items("targets")) {
    domain::Target target;
    target.metric = t.str("metric");
    if (!plan.findMetric(target.metric)) t.failAt(".metric", "unknown metric \"" + target.metric + "\"");
    auto period = domain::Period::parse(t.str("period"));
    if (!period) t.failAt(".period", "expected a year YYYY or a span YYYY-YYYY");
    target.period = *period;
    target.region = t.str("region");
    if (!known(known_regions, target.region)) t.failAt(".region", "unknown region \"" + target.region + "\"");
    target.value = t.integer("value");
    if (target.value < 0) t.failAt(".value", "a target is not negative");
    target.bound = t.str("bound");
    if (target.bound != "at_least" && target.bound != "about") t.failAt(".bound", "expected at_least or about");
    target.source_zh = t.strOr("source_zh", "");
    target.origin = "config";
    std::string key = target.metric + "|" + target.period.toString() + "|" + target.region;
    if (!seen.insert(key).second) t.fail("a second target for " + target.metric + " " + target.period.toString() +
                                         " " + target.region);
    book.targets.push_back(std::move(target));
  }
  return book;
}

domain::TargetBook loadTargets(const std::string& path, const domain::Plan& plan,
                               const std::vector<std::string>& known_regions) {
  return parseTargets(readFile(path, errc::targets_config), path, plan, known_regions);
}

}  // namespace trellis::rules
