// 责任主体: the city, its counties/districts and functional zones (RULES.md §4.2–4.3).
#pragma once
#include <string>
#include <vector>

namespace trellis::domain {

enum class RegionType { city, district, county, county_city, functional_zone };

struct Region {
  std::string code;           // division code (411002) or internal code for zones (411000-SFQ)
  std::string name;           // 魏都区
  RegionType type = RegionType::district;
  std::string parent_code;    // 411000 for every unit below the city; empty for the city
  std::vector<std::string> host_division_codes;  // zones only: the divisions their land lies in
};

const char* regionTypeName(RegionType t);

}  // namespace trellis::domain
