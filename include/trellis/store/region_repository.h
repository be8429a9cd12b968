// The region table, a copy of config/regions.json kept so enterprises can reference regions.
#pragma once
#include <vector>

#include "trellis/domain/region.h"

namespace trellis::store {

class Connection;

class RegionRepository {
 public:
  // Inserts or updates every region (parents first); regions no longer configured stay, since
  // enterprises may still reference them.
  static void upsertAll(Connection& c, const std::vector<domain::Region>& regions);
};

}  // namespace trellis::store
