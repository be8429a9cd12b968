// Internal to service/: what the liaison use cases share (scope and its refusals are
// EnterpriseScope's and Scope's, as for every use case).
#pragma once
#include <string>

#include "trellis/domain/enterprise.h"
#include "trellis/service/audit_trail.h"

namespace trellis::service::liaison {

AuditObject objectOf(const domain::Enterprise& e);

// Text checks shared by the liaison use cases: valid UTF-8, no control characters (newlines
// allowed when multiline), at most max_len characters, non-blank when required.
void checkText(const std::string& value, const std::string& field, size_t max_len, bool required, bool multiline = false);

}  // namespace trellis::service::liaison
