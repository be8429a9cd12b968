#include "trellis/domain/region.h"

namespace trellis::domain {

const char* regionTypeName(RegionType t) {
  switch (t) {
    case RegionType::city: return "city";
    case RegionType::district: return "district";
    case RegionType::county: return "county";
    case RegionType::county_city: return "county_city";
    case RegionType::functional_zone: return "functional_zone";
  }
  return "district";
}

}  // namespace trellis::domain
