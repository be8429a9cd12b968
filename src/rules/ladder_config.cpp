#include "trellis/rules/ladder_config.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "config_reader.h"
#include "rule_set_config.h"
#include "trellis/core/date.h"
#include "trellis/core/error.h"
#include "trellis/rules/hnte_evaluator.h"
#include "trellis/rules/tech_sme_evaluator.h"

namespace trellis::rules {
namespace {

using detail::ConfigReader;

// LC4: versions sorted by effective_from must not share a year.
template <class Rules>
void sortAndCheckVersions(std::vector<Rules>& versions, const ConfigReader& at) {
  std::stable_sort(versions.begin(), versions.end(),
                   [](const Rules& a, const Rules& b) { return a.effective_from < b.effective_from; });
  for (std::size_t i = 1; i < versions.size(); ++i) {
    const Rules& prev = versions[i - 1];
    const Rules& cur = versions[i];
    if (prev.effective_from == cur.effective_from || (prev.effective_until && *prev.effective_until >= cur.effective_from))
      at.fail("overlapping versions: the version from " + std::to_string(prev.effective_from) +
              " still covers " + std::to_string(cur.effective_from));
  }
}

template <class Rules>
const Rules* versionFor(const std::vector<Rules>& versions, int year) {
  const Rules* found = nullptr;
  for (const Rules& r : versions)
    if (r.effective_from <= year && (!r.effective_until || year <= *r.effective_until)) found = &r;
  return found;
}

StageDef readStage(const ConfigReader& s) {
  static const std::set<std::string> kEvaluators = {"tech_sme", "hnte", "local_policy"};
  StageDef d;
  d.id = s.str("id");
  d.name_zh = s.str("name_zh");
  d.name_en = s.str("name_en");
  d.evaluator = s.str("evaluator");
  if (!kEvaluators.count(d.evaluator)) s.failAt(".evaluator", "unknown evaluator \"" + d.evaluator + "\"");
  d.local_policy = s.boolOr("local_policy", false);
  ConfigReader v = s.child("validity");
  std::string kind = v.str("kind");
  if (kind == "calendar_year") {
    d.validity = ValidityKind::calendar_year;
  } else if (kind == "years") {
    d.validity = ValidityKind::years;
    d.validity_years = static_cast<int>(v.integer("years"));
    if (d.validity_years < 1) v.failAt(".years", "must be ≥ 1");
  } else {
    v.failAt(".kind", "expected \"calendar_year\" or \"years\"");
  }
  return d;
}

// LC3: depth-first search for a back edge.
void checkAcyclic(const LadderConfig& c, const ConfigReader& at) {
  std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
  std::function<void(const std::string&, std::vector<std::string>&)> visit =
      [&](const std::string& s, std::vector<std::string>& trail) {
        state[s] = 1;
        trail.push_back(s);
        for (const auto& [from, to] : c.transitions) {
          if (from != s) continue;
          if (state[to] == 1) {
            std::string cycle;
            for (const auto& t : trail) cycle += t + " → ";
            at.fail("cycle: " + cycle + to);
          }
          if (state[to] == 0) visit(to, trail);
        }
        trail.pop_back();
        state[s] = 2;
      };
  for (const StageDef& s : c.stages) {
    std::vector<std::string> trail;
    if (state[s.id] == 0) visit(s.id, trail);
  }
}

std::set<std::string> criterionIdsOf(const LadderConfig& c, const StageDef& stage) {
  std::set<std::string> ids;
  if (stage.evaluator == "tech_sme") {
    for (const auto& id : techSmeCriterionIds()) ids.insert(id);
  } else if (stage.evaluator == "hnte") {
    for (const auto& id : hnteCriterionIds()) ids.insert(id);
  } else if (auto it = c.local_rules.find(stage.id); it != c.local_rules.end()) {
    ids.insert(stage.id + ".prerequisite");
    std::function<void(const std::vector<LocalCriterion>&)> add = [&](const auto& list) {
      for (const LocalCriterion& cr : list) {
        ids.insert(cr.id);
        add(cr.any_of);
        add(cr.all_of);
      }
    };
    for (const LocalPolicyRules& v : it->second) add(v.criteria);
  }
  return ids;
}

StageCalendar readCalendar(const ConfigReader& r, const std::string& stage,
                           const std::set<std::string>& criteria) {
  StageCalendar cal;
  cal.stage = stage;
  cal.min_lead_days = static_cast<int>(r.integer("min_lead_days"));
  std::set<std::string> seen;
  for (const ConfigReader& s : r.items("steps")) {
    CalendarStep step;
    step.id = s.str("id");
    if (!seen.insert(step.id).second) s.failAt(".id", "duplicate id \"" + step.id + "\"");
    step.kind = s.str("kind");
    step.title_zh = s.str("title_zh");
    if (s.has("after_step")) {
      step.after_step = s.str("after_step");
      if (!seen.count(step.after_step) || step.after_step == step.id)
        s.failAt(".after_step", "\"" + step.after_step + "\" is not an earlier step");
      step.offset_days = static_cast<int>(s.integer("offset_days"));
    } else {
      step.year_offset = static_cast<int>(s.integer("year_offset"));
      step.month = static_cast<int>(s.integer("month"));
      step.day = static_cast<int>(s.integer("day"));
      // Checked against a leap year so 02-29 is allowed; due dates clamp it in common years.
      if (step.month < 1 || step.month > 12 || step.day < 1 || step.day > daysInMonth(2024, step.month))
        s.fail("no such month/day");
    }
    step.addresses = s.stringsOr("addresses");
    for (std::size_t i = 0; i < step.addresses.size(); ++i)
      if (!criteria.count(step.addresses[i]))
        s.failAt(".addresses[" + std::to_string(i) + "]", "unknown criterion \"" + step.addresses[i] + "\"");
    step.only_if_gap = s.boolOr("only_if_gap", false);
    if (step.only_if_gap && step.addresses.empty()) s.failAt(".only_if_gap", "needs addresses");
    cal.steps.push_back(step);
  }
  return cal;
}

LadderConfig readConfig(const ConfigReader& root, const std::string& source) {
  LadderConfig c;
  c.source = source;
  std::set<std::string> stage_ids;
  for (const ConfigReader& s : root.items("stages")) {
    c.stages.push_back(readStage(s));
    if (!stage_ids.insert(c.stages.back().id).second) s.failAt(".id", "duplicate stage");
  }
  auto knownStage = [&](const ConfigReader& at, const std::string& id) {
    if (!stage_ids.count(id)) at.fail("unknown stage \"" + id + "\"");
  };
  for (const ConfigReader& t : root.items("transitions")) {
    std::string from = t.str("from"), to = t.str("to");
    knownStage(t.child("from"), from);
    knownStage(t.child("to"), to);
    c.transitions.emplace_back(from, to);
  }
  checkAcyclic(c, root.child("transitions"));

  ConfigReader rule_sets = root.child("rule_sets");
  for (const auto& [stage_id, versions] : rule_sets.node().items()) {
    ConfigReader at = rule_sets.child(stage_id.c_str());
    knownStage(at, stage_id);
  }
  for (const StageDef& s : c.stages) {
    ConfigReader versions = rule_sets.child(s.id.c_str());
    if (s.evaluator == "tech_sme") {
      for (const ConfigReader& v : versions.items()) c.tech_sme_rules.push_back(detail::readTechSmeRules(v));
      sortAndCheckVersions(c.tech_sme_rules, versions);
    } else if (s.evaluator == "hnte") {
      for (const ConfigReader& v : versions.items()) c.hnte_rules.push_back(detail::readHnteRules(v));
      sortAndCheckVersions(c.hnte_rules, versions);
    } else {
      auto& list = c.local_rules[s.id];
      for (const ConfigReader& v : versions.items()) {
        list.push_back(detail::readLocalPolicyRules(v));
        if (!v.has("requires_any_of")) continue;
        std::vector<ConfigReader> required = v.items("requires_any_of");
        for (std::size_t k = 0; k < required.size(); ++k) knownStage(required[k], list.back().requires_any_of[k]);
      }
      sortAndCheckVersions(list, versions);
    }
    if (versions.items().empty()) versions.fail("no rule-set version");
  }

  for (const ConfigReader& e : root.items("entry_rules")) {
    EntryRule rule;
    rule.stage = e.str("stage");
    knownStage(e.child("stage"), rule.stage);
    rule.requires_any_of = e.strings("requires_any_of");
    for (std::size_t k = 0; k < rule.requires_any_of.size(); ++k)
      knownStage(e.items("requires_any_of")[k], rule.requires_any_of[k]);
    rule.source = e.strOr("source", "");
    c.entry_rules.push_back(rule);
  }

  ConfigReader calendars = root.child("calendars");
  for (const auto& [stage_id, cal] : calendars.node().items()) {
    ConfigReader at = calendars.child(stage_id.c_str());
    knownStage(at, stage_id);
    const StageDef* stage = nullptr;
    for (const StageDef& s : c.stages)
      if (s.id == stage_id) stage = &s;
    c.calendars[stage_id] = readCalendar(at, stage_id, criterionIdsOf(c, *stage));
  }

  ConfigReader numbers = root.child("numbers");
  ConfigReader gr = numbers.child("hnte_certificate");
  c.hnte_certificate.prefix = gr.str("prefix");
  c.hnte_certificate.year_digits = static_cast<int>(gr.integer("year_digits"));
  c.hnte_certificate.province_digits = static_cast<int>(gr.integer("province_digits"));
  c.hnte_certificate.serial_digits = static_cast<int>(gr.integer("serial_digits"));
  c.hnte_certificate.min_year = static_cast<int>(gr.integer("min_year"));
  c.hnte_certificate.max_issue_lag_years = static_cast<int>(gr.integer("max_issue_lag_years"));
  ConfigReader reg = numbers.child("tech_sme_registration");
  c.tech_sme_registration.max_length = static_cast<int>(reg.integer("max_length"));
  if (c.tech_sme_registration.max_length < 1) reg.failAt(".max_length", "must be ≥ 1");
  return c;
}

}  // namespace

LadderConfig parseLadderConfig(const std::string& json_text, const std::string& source) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    throw Error(errc::ladder_config, source + ": not valid JSON", "$");
  return readConfig(ConfigReader(doc, "$", source), source);
}

LadderConfig loadLadderConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(errc::ladder_config, path + ": cannot be read", "$");
  std::ostringstream text;
  text << in.rdbuf();
  return parseLadderConfig(text.str(), path);
}

const TechSmeRules* techSmeRulesFor(const LadderConfig& config, int year) {
  return versionFor(config.tech_sme_rules, year);
}

const HnteRules* hnteRulesFor(const LadderConfig& config, int year) {
  return versionFor(config.hnte_rules, year);
}

const LocalPolicyRules* localRulesFor(const LadderConfig& config, const std::string& stage, int year) {
  auto it = config.local_rules.find(stage);
  return it == config.local_rules.end() ? nullptr : versionFor(it->second, year);
}

}  // namespace trellis::rules
