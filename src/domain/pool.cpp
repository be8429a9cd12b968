#include "trellis/domain/pool.h"

namespace trellis::domain {

const std::vector<PoolDef>& pools() {
  static const std::vector<PoolDef> all = {
      {"tech_sme_pool", "科技型中小企业培育库", {"tech_sme"}},
      {"hnte_reserve", "高新技术企业后备库", {"hnte"}},
      {"double_hundred_reserve", "双百企业后备库", {"eaglet", "gazelle", "leader"}},
  };
  return all;
}

const PoolDef* findPool(const std::string& id) {
  for (const PoolDef& p : pools())
    if (id == p.id) return &p;
  return nullptr;
}

bool isPoolTier(const std::string& tier) { return tier == "key" || tier == "long_term"; }

bool isExitReason(const std::string& r) {
  return r == "graduated" || r == "withdrawn" || r == "disqualified" || r == "moved_away";
}

}  // namespace trellis::domain
