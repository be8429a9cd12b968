// Writes audit rows for the services: in the change's own transaction (record), or on their own
// for refused requests (recordDenied), so a refusal is on the record although nothing changed.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "trellis/core/clock.h"
#include "trellis/domain/audit.h"
#include "trellis/service/caller.h"
#include "trellis/store/database.h"

namespace trellis::service {

using AuditObject = domain::AuditObject;
using domain::enterpriseObject;

class AuditTrail {
 public:
  AuditTrail(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Appends a success row inside the caller's write transaction on c.
  void record(store::Connection& c, const Caller& caller, const std::string& action, const AuditObject& object,
              const std::string& changes_json = "{}") const;
  // Appends a refusal in its own transaction (outcome "denied" or "invalid").
  void recordRefusal(const Caller& caller, const std::string& action, const AuditObject& object,
                     const std::string& outcome, const std::string& reason) const;

  // {field: [before, after]} for the members of two JSON objects that differ.
  static std::string diff(const nlohmann::json& before, const nlohmann::json& after);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace trellis::service
