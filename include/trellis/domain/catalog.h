// Reference data read from config/: regions and industry chains. Immutable after start.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "trellis/domain/region.h"

namespace trellis::domain {

struct Industry {
  std::string code;
  std::string name;
};

struct Catalog {
  Region city;
  std::vector<Region> regions;  // the units below the city
  std::vector<Industry> industries;

  // nullptr when unknown. The city itself is found too.
  const Region* findRegion(std::string_view code) const;
  const Industry* findIndustry(std::string_view code) const;
  // City first, then the units, as the region table needs them (parents first).
  std::vector<Region> allRegions() const;
};

}  // namespace trellis::domain
