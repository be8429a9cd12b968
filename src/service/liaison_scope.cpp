#include "liaison_scope.h"

#include "trellis/service/text_field.h"

#include <algorithm>

#include "trellis/core/text.h"
#include "trellis/core/uscc.h"
#include "trellis/service/enterprise_scope.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service::liaison {

domain::Enterprise loadVisible(store::Connection& c, const Caller& caller, const std::string& raw_uscc) {
  std::string code = uscc::parse(raw_uscc).code;
  auto found = store::EnterpriseRepository::findByUscc(c, code);
  if (!found) throw EnterpriseScope::enterpriseNotFound();
  if (!EnterpriseService::visible(c, caller, *found)) throw Invisible{*found};
  return *found;
}

AuditObject objectOf(const domain::Enterprise& e) { return AuditObject{"enterprise", e.uscc, e.region_code}; }

void checkText(const std::string& value, const std::string& field, size_t max_len, bool required, bool multiline) {
  checkTextField(value, field, max_len, required, multiline);
}

}  // namespace trellis::service::liaison
