#include "trellis/service/audit_trail.h"

#include <nlohmann/json.hpp>

#include "trellis/store/audit_repository.h"

namespace trellis::service {
namespace {

domain::AuditEntry entryFor(const Clock& clock, const Caller& caller, const std::string& action,
                            const AuditObject& object, const std::string& outcome) {
  return domain::auditEntry(formatTimestamp(clock.now()), caller.request_id, caller.client_address,
                            domain::AuditActor{caller.user_id, caller.user, domain::roleName(caller.role), caller.region_scope}, action,
                            object, outcome);
}

}  // namespace

void AuditTrail::record(store::Connection& c, const Caller& caller, const std::string& action,
                        const AuditObject& object, const std::string& changes_json) const {
  auto e = entryFor(clock_, caller, action, object, "success");
  e.changes = changes_json;
  store::AuditRepository::append(c, e);
}

void AuditTrail::recordRefusal(const Caller& caller, const std::string& action, const AuditObject& object,
                               const std::string& outcome, const std::string& reason) const {
  auto e = entryFor(clock_, caller, action, object, outcome);
  e.reason = reason;
  db_.write([&](store::Connection& c) { store::AuditRepository::append(c, e); });
}

std::string AuditTrail::diff(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::object();
  for (auto& [key, value] : after.items()) {
    auto it = before.find(key);
    nlohmann::json old = it == before.end() ? nlohmann::json(nullptr) : *it;
    if (old != value) out[key] = nlohmann::json::array({old, value});
  }
  for (auto& [key, value] : before.items())
    if (!after.contains(key)) out[key] = nlohmann::json::array({value, nullptr});
  return out.dump();
}

}  // namespace trellis::service
