#include "trellis/store/liaison_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {

bool LiaisonRepository::isActiveOfficer(Connection& c, std::int64_t enterprise_id, std::int64_t officer_id) {
  auto& st = c.prepare("SELECT 1 FROM liaison_assignment WHERE enterprise_id = ?1 AND officer_id = ?2 AND ended_at IS NULL");
  st.bind(1, enterprise_id).bind(2, officer_id);
  bool found = st.step();
  st.reset();
  return found;
}

}  // namespace trellis::store
