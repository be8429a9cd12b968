// The audit trail's wire format: a row as GET /api/v1/audit sends it, with the Chinese names of
// its action and object type (domain/audit_actions) and its changes as the reader may see them.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "trellis/domain/audit.h"
#include "trellis/domain/audit_actions.h"

namespace trellis::io {

// The row's {field: [before, after]} changes with contact phone numbers masked: the trail is
// read by the admin and the auditor, roles that do not see phone numbers (auth::seesPhoneNumbers),
// so a phone change shows masked there as everywhere else (PIPL). Text that is not a JSON
// object is returned as it was parsed (or null).
nlohmann::json auditChangesForReader(const std::string& changes);
nlohmann::json auditEntryToJson(const domain::AuditEntry& entry);
// [{key, name_zh}] for GET /api/v1/audit/names.
nlohmann::json auditNamesToJson(const std::vector<domain::AuditName>& names);

}  // namespace trellis::io
