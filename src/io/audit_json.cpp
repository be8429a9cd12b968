#include "trellis/io/audit_json.h"

#include <nlohmann/json.hpp>

#include "trellis/io/enterprise_json.h"

namespace trellis::io {
namespace {

// A registered name, or null for a key the registry does not know (the harness fails such a test).
nlohmann::json zhName(std::string_view name) {
  return name.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(name));
}

}  // namespace

nlohmann::json auditChangesForReader(const std::string& changes) {
  auto j = nlohmann::json::parse(changes, nullptr, false);
  if (j.is_object() && j.contains("contact_phone") && j["contact_phone"].is_array())
    for (auto& v : j["contact_phone"])
      if (v.is_string()) v = maskPhone(v.get<std::string>());
  return j;
}

nlohmann::json auditEntryToJson(const domain::AuditEntry& e) {
  return {{"seq", e.seq},
          {"ts", e.ts},
          {"request_id", e.request_id},
          {"actor", {{"login", e.actor_login}, {"role", e.actor_role}, {"region", e.actor_region}}},
          {"client_address", e.client_address},
          {"action", e.action},
          {"action_zh", zhName(domain::auditActionName(e.action))},
          {"object",
           {{"type", e.object_type},
            {"type_zh", zhName(domain::auditObjectTypeName(e.object_type))},
            {"id", e.object_id},
            {"region", e.object_region}}},
          {"outcome", e.outcome},
          {"reason", e.reason},
          {"changes", auditChangesForReader(e.changes)},
          {"row_hash", e.row_hash}};
}

nlohmann::json auditNamesToJson(const std::vector<domain::AuditName>& names) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : names) out.push_back({{"key", std::string(n.key)}, {"name_zh", std::string(n.name_zh)}});
  return out;
}

}  // namespace trellis::io
