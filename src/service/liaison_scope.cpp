#include "liaison_scope.h"

#include "trellis/service/text_field.h"

namespace trellis::service::liaison {

AuditObject objectOf(const domain::Enterprise& e) { return AuditObject{"enterprise", e.uscc, e.region_code}; }

void checkText(const std::string& value, const std::string& field, size_t max_len, bool required, bool multiline) {
  checkTextField(value, field, max_len, required, multiline);
}

}  // namespace trellis::service::liaison
