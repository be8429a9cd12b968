#include "trellis/store/list_scope.h"

#include "trellis/store/database.h"

namespace trellis::store {

std::string ListScope::where(std::string_view region_column, std::string_view enterprise_id_column) const {
  std::string out;
  if (!regions.empty()) out.append(" AND ").append(region_column).append(" IN (SELECT value FROM json_each(:scope))");
  if (officer_id)
    out.append(" AND ")
        .append(enterprise_id_column)
        .append(" IN (SELECT enterprise_id FROM liaison_assignment WHERE officer_id = :officer AND ended_at IS NULL)");
  return out;
}

void ListScope::bind(Statement& st) const {
  if (int i = st.parameterIndex(":scope")) {
    // Region codes come from config/regions.json: digits, letters and '-', nothing to escape.
    std::string json = "[";
    for (size_t k = 0; k < regions.size(); ++k) json += (k ? ",\"" : "\"") + regions[k] + "\"";
    st.bind(i, json + "]");
  }
  if (int i = st.parameterIndex(":officer")) st.bind(i, officer_id);
}

}  // namespace trellis::store
