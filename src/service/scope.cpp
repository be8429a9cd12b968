#include "trellis/service/scope.h"

#include "trellis/store/liaison_repository.h"

namespace trellis::service {

store::ListScope Scope::listFilter() const {
  store::ListScope s;
  s.regions = caller_.visibleRegions();
  if (caller_.assignedOnly()) s.officer_id = caller_.user_id ? caller_.user_id : -1;
  return s;
}

bool Scope::sees(store::Connection& c, std::int64_t enterprise_id, const std::string& region_code) const {
  if (!caller_.canSeeRegion(region_code)) return false;
  return !caller_.assignedOnly() || store::LiaisonRepository::isActiveOfficer(c, enterprise_id, caller_.user_id);
}

}  // namespace trellis::service
