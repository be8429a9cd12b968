#include "trellis/io/liaison_config.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/io/catalog_config.h"

namespace trellis::io {
namespace {

Error bad(const std::string& where, const std::string& why) { return Error(errc::config_invalid, where + ": " + why, where); }

std::string text(const nlohmann::json& o, const char* key, const std::string& where) {
  if (!o.is_object() || !o.contains(key) || !o.at(key).is_string() || o.at(key).get<std::string>().empty())
    throw bad(where + "." + key, "must be a non-empty string");
  return o.at(key).get<std::string>();
}

const nlohmann::json& array(const nlohmann::json& o, const char* key, const std::string& where) {
  if (!o.contains(key) || !o.at(key).is_array() || o.at(key).empty())
    throw bad(where + ":" + key, "must be a non-empty array");
  return o.at(key);
}

std::vector<domain::LabeledCode> codes(const nlohmann::json& o, const char* key, const std::string& path) {
  std::vector<domain::LabeledCode> out;
  size_t i = 0;
  for (const auto& item : array(o, key, path)) {
    std::string where = path + ":" + key + "[" + std::to_string(i++) + "]";
    domain::LabeledCode c{text(item, "code", where), text(item, "name", where)};
    for (const auto& seen : out)
      if (seen.code == c.code) throw bad(where, "duplicate code " + c.code);
    out.push_back(c);
  }
  return out;
}

int days(const nlohmann::json& o, const char* key, const std::string& where, int fallback) {
  if (!o.contains(key)) return fallback;
  const auto& v = o.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 3660)
    throw bad(where + "." + key, "must be a whole number of days, 1..3660");
  return v.get<int>();
}

}  // namespace

domain::LiaisonConfig loadLiaisonConfig(const std::string& liaison_path, const std::string& categories_path) {
  domain::LiaisonConfig cfg;
  auto l = readConfigJson(liaison_path);
  if (!l.is_object()) throw bad(liaison_path, "must be a JSON object");
  cfg.owner_units = codes(l, "owner_units", liaison_path);
  cfg.contact_modes = codes(l, "contact_modes", liaison_path);
  cfg.flags = codes(l, "flags", liaison_path);
  for (const auto& f : cfg.flags)
    if (f.code != "green" && f.code != "amber" && f.code != "red")
      throw bad(liaison_path + ":flags", "flag codes are green, amber and red (the database checks them)");
  if (l.contains("default_contact_mode")) cfg.default_contact_mode = text(l, "default_contact_mode", liaison_path);
  if (!cfg.findContactMode(cfg.default_contact_mode))
    throw bad(liaison_path + ":default_contact_mode", "'" + cfg.default_contact_mode + "' is not in contact_modes");
  if (l.contains("default_flag")) cfg.default_flag = text(l, "default_flag", liaison_path);
  if (!cfg.findFlag(cfg.default_flag)) throw bad(liaison_path + ":default_flag", "'" + cfg.default_flag + "' is not in flags");
  if (l.contains("cadence_days")) {
    const auto& cd = l.at("cadence_days");
    if (!cd.is_object()) throw bad(liaison_path + ":cadence_days", "must be an object {key, long_term}");
    cfg.key_cadence_days = days(cd, "key", liaison_path + ":cadence_days", cfg.key_cadence_days);
    cfg.long_term_cadence_days = days(cd, "long_term", liaison_path + ":cadence_days", cfg.long_term_cadence_days);
  }
  cfg.unpooled_cadence_days = days(l, "unpooled_days", liaison_path, cfg.unpooled_cadence_days);
  cfg.due_soon_days = days(l, "due_soon_days", liaison_path, cfg.due_soon_days);
  cfg.default_problem_deadline_days = days(l, "default_problem_deadline_days", liaison_path, cfg.default_problem_deadline_days);
  cfg.contact_backdate_days = days(l, "contact_backdate_days", liaison_path, cfg.contact_backdate_days);
  cfg.imported_contact_backdate_days =
      days(l, "imported_contact_backdate_days", liaison_path, cfg.imported_contact_backdate_days);
  if (l.contains("satisfied_at_least")) {
    const auto& v = l.at("satisfied_at_least");
    if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 5)
      throw bad(liaison_path + ":satisfied_at_least", "must be 1..5");
    cfg.satisfied_at_least = v.get<int>();
  }

  auto k = readConfigJson(categories_path);
  if (!k.is_object()) throw bad(categories_path, "must be a JSON object");
  size_t i = 0;
  for (const auto& item : array(k, "categories", categories_path)) {
    std::string where = categories_path + ":categories[" + std::to_string(i++) + "]";
    domain::ProblemCategory c{text(item, "code", where), text(item, "name", where), text(item, "default_owner_unit", where)};
    if (cfg.findCategory(c.code)) throw bad(where, "duplicate code " + c.code);
    if (!cfg.findOwnerUnit(c.default_owner_unit))
      throw bad(where + ".default_owner_unit", "'" + c.default_owner_unit + "' is not an owner unit of " + liaison_path);
    cfg.categories.push_back(c);
  }
  return cfg;
}

}  // namespace trellis::io
