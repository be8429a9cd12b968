// Internal to service/: loading an enterprise for a liaison use case under the caller's scope
// (region, and for liaison officers their assignment), with the refusal on the audit record.
#pragma once
#include <string>

#include "trellis/core/error.h"
#include "trellis/domain/enterprise.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/store/database.h"

namespace trellis::service::liaison {

// Thrown from inside a transaction when the enterprise exists but the caller may not see it;
// caught outside it, where the refusal is recorded. Only bulk assignment uses this (it answers
// 422 naming the item); use cases on one enterprise go through EnterpriseScope.
struct Invisible {
  domain::Enterprise enterprise;
};
// Thrown by bulk assignment for an item whose code names nothing, to roll the batch back.
struct Absent {};

// The enterprise with this (raw) code on c; EnterpriseScope::enterpriseNotFound() when absent,
// Invisible when out of scope. Error invalid for a malformed code.
domain::Enterprise loadVisible(store::Connection& c, const Caller& caller, const std::string& raw_uscc);

AuditObject objectOf(const domain::Enterprise& e);

// Text checks shared by the liaison use cases: valid UTF-8, no control characters (newlines
// allowed when multiline), at most max_len characters, non-blank when required.
void checkText(const std::string& value, const std::string& field, size_t max_len, bool required, bool multiline = false);

}  // namespace trellis::service::liaison
