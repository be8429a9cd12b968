#include "trellis/domain/catalog.h"

namespace trellis::domain {

const Region* Catalog::findRegion(std::string_view code) const {
  if (city.code == code) return &city;
  for (const auto& r : regions)
    if (r.code == code) return &r;
  return nullptr;
}

const Industry* Catalog::findIndustry(std::string_view code) const {
  for (const auto& i : industries)
    if (i.code == code) return &i;
  return nullptr;
}

std::vector<Region> Catalog::allRegions() const {
  std::vector<Region> all{city};
  all.insert(all.end(), regions.begin(), regions.end());
  return all;
}

}  // namespace trellis::domain
