#include "trellis/io/catalog_config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "trellis/core/error.h"

namespace trellis::io {
nlohmann::json readConfigJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(errc::config_missing, "cannot read config file " + path, path);
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(errc::config_invalid, path + ": " + e.what(), path);
  }
}

namespace {

std::string requireString(const nlohmann::json& o, const char* key, const std::string& where) {
  if (!o.is_object() || !o.contains(key) || !o.at(key).is_string() || o.at(key).get<std::string>().empty())
    throw Error(errc::config_invalid, where + "." + key + " must be a non-empty string", where);
  return o.at(key).get<std::string>();
}

domain::RegionType regionType(const std::string& s, const std::string& where) {
  using domain::RegionType;
  if (s == "district") return RegionType::district;
  if (s == "county") return RegionType::county;
  if (s == "county_city") return RegionType::county_city;
  if (s == "functional_zone") return RegionType::functional_zone;
  throw Error(errc::config_invalid, where + ".type '" + s + "' is not a region type", where);
}

}  // namespace

domain::Catalog loadCatalog(const std::string& regions_path, const std::string& industries_path) {
  domain::Catalog cat;
  auto regions = readConfigJson(regions_path);
  cat.city.code = requireString(regions.value("city", nlohmann::json::object()), "code", regions_path + ":city");
  cat.city.name = requireString(regions.at("city"), "name", regions_path + ":city");
  cat.city.type = domain::RegionType::city;
  if (!regions.contains("regions") || !regions.at("regions").is_array())
    throw Error(errc::config_invalid, regions_path + ": regions must be an array", regions_path);
  size_t i = 0;
  for (const auto& r : regions.at("regions")) {
    std::string where = regions_path + ":regions[" + std::to_string(i++) + "]";
    domain::Region region;
    region.code = requireString(r, "code", where);
    region.name = requireString(r, "name", where);
    region.type = regionType(requireString(r, "type", where), where);
    region.parent_code = cat.city.code;
    if (r.contains("host_divisions")) region.host_division_codes = r.at("host_divisions").get<std::vector<std::string>>();
    for (char ch : region.code) {
      bool ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || ch == '-';
      if (!ok) throw Error(errc::config_invalid, where + ".code may hold only 0-9, A-Z and '-'", where);
    }
    if (cat.findRegion(region.code)) throw Error(errc::config_invalid, where + ": duplicate code " + region.code, where);
    cat.regions.push_back(region);
  }
  auto industries = readConfigJson(industries_path);
  if (!industries.contains("industries") || !industries.at("industries").is_array())
    throw Error(errc::config_invalid, industries_path + ": industries must be an array", industries_path);
  i = 0;
  for (const auto& ind : industries.at("industries")) {
    std::string where = industries_path + ":industries[" + std::to_string(i++) + "]";
    domain::Industry industry{requireString(ind, "code", where), requireString(ind, "name", where)};
    if (cat.findIndustry(industry.code)) throw Error(errc::config_invalid, where + ": duplicate code " + industry.code, where);
    cat.industries.push_back(industry);
  }
  return cat;
}

}  // namespace trellis::io
