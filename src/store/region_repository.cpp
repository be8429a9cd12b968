#include "trellis/store/region_repository.h"

#include "trellis/core/text.h"
#include "trellis/store/database.h"

namespace trellis::store {

void RegionRepository::upsertAll(Connection& c, const std::vector<domain::Region>& regions) {
  auto st = c.prepare(
      "INSERT INTO region(code, name, type, parent_code, host_codes) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT(code) DO UPDATE SET name=excluded.name, type=excluded.type, "
      "parent_code=excluded.parent_code, host_codes=excluded.host_codes");
  for (const auto& r : regions) {
    std::string hosts = "[";
    for (size_t i = 0; i < r.host_division_codes.size(); ++i)
      hosts += (i ? ",\"" : "\"") + r.host_division_codes[i] + "\"";
    hosts += "]";
    st.reset();
    st.bind(1, r.code).bind(2, r.name).bind(3, domain::regionTypeName(r.type));
    if (r.parent_code.empty()) st.bindNull(4); else st.bind(4, r.parent_code);
    st.bind(5, hosts).run();
  }
}

}  // namespace trellis::store
