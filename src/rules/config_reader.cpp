#include "config_reader.h"

#include "trellis/core/error.h"

namespace trellis::rules::detail {

void ConfigReader::fail(const std::string& why) const {
  throw Error(*code_, source_ + ": " + path_ + ": " + why, path_);
}

void ConfigReader::failAt(const std::string& sub_path, const std::string& why) const {
  std::string where = path_ + sub_path;
  throw Error(*code_, source_ + ": " + where + ": " + why, where);
}

const nlohmann::json& ConfigReader::member(const char* key) const {
  if (!node_.is_object()) fail("expected an object");
  auto it = node_.find(key);
  if (it == node_.end()) failAt(std::string(".") + key, "missing");
  return *it;
}

ConfigReader ConfigReader::child(const char* key) const {
  return ConfigReader(member(key), path_ + "." + key, source_, *code_);
}

std::vector<ConfigReader> ConfigReader::items() const {
  if (!node_.is_array()) fail("expected an array");
  std::vector<ConfigReader> out;
  for (std::size_t i = 0; i < node_.size(); ++i)
    out.emplace_back(node_[i], path_ + "[" + std::to_string(i) + "]", source_, *code_);
  return out;
}

std::vector<ConfigReader> ConfigReader::items(const char* key) const { return child(key).items(); }

std::string ConfigReader::str(const char* key) const {
  const auto& v = member(key);
  if (!v.is_string() || v.get_ref<const std::string&>().empty())
    failAt(std::string(".") + key, "expected a non-empty string");
  return v.get<std::string>();
}

std::string ConfigReader::strOr(const char* key, std::string fallback) const {
  return has(key) ? str(key) : fallback;
}

std::int64_t ConfigReader::integer(const char* key) const {
  const auto& v = member(key);
  if (!v.is_number_integer()) failAt(std::string(".") + key, "expected an integer");
  return v.get<std::int64_t>();
}

std::optional<std::int64_t> ConfigReader::optInteger(const char* key) const {
  if (!has(key) || node_.at(key).is_null()) return std::nullopt;
  return integer(key);
}

double ConfigReader::number(const char* key) const {
  const auto& v = member(key);
  if (!v.is_number()) failAt(std::string(".") + key, "expected a number");
  return v.get<double>();
}

bool ConfigReader::boolOr(const char* key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto& v = node_.at(key);
  if (!v.is_boolean()) failAt(std::string(".") + key, "expected true or false");
  return v.get<bool>();
}

std::vector<std::string> ConfigReader::strings(const char* key) const {
  std::vector<std::string> out;
  for (const ConfigReader& item : items(key)) {
    if (!item.node().is_string()) item.fail("expected a string");
    out.push_back(item.node().get<std::string>());
  }
  return out;
}

std::vector<std::string> ConfigReader::stringsOr(const char* key) const {
  return has(key) ? strings(key) : std::vector<std::string>{};
}

BandTable ConfigReader::bands(const char* key, const char* value_key) const {
  BandTable table;
  for (const ConfigReader& b : items(key)) {
    Band band;
    if (b.has("min")) band.min = b.number("min");
    if (b.has("max")) band.max = b.number("max");
    band.min_inclusive = b.boolOr("min_inclusive", true);
    band.max_inclusive = b.boolOr("max_inclusive", false);
    const auto& v = b.member(value_key);
    if (v.is_number()) {
      band.out_min = band.out_max = v.get<double>();
    } else if (v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number()) {
      band.out_min = v[0].get<double>();
      band.out_max = v[1].get<double>();
    } else {
      b.failAt(std::string(".") + value_key, "expected a number or [min, max]");
    }
    band.flag_at_bound = b.strOr("flag_at_bound", "");
    table.bands.push_back(band);
  }
  if (auto problem = bandTableProblem(table))
    failAt(std::string(".") + key + "[" + std::to_string(problem->index) + "]", problem->why);
  return table;
}

}  // namespace trellis::rules::detail
