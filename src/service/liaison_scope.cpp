#include "liaison_scope.h"

#include <algorithm>

#include "trellis/core/text.h"
#include "trellis/core/uscc.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service::liaison {

domain::Enterprise loadVisible(store::Connection& c, const Caller& caller, const std::string& raw_uscc) {
  std::string code = uscc::parse(raw_uscc).code;
  auto found = store::EnterpriseRepository::findByUscc(c, code);
  if (!found) throw Error::notFound("enterprise", "no enterprise with 统一社会信用代码 " + code);
  if (!EnterpriseService::visible(c, caller, *found)) throw Invisible{*found};
  return *found;
}

Error refuse(const AuditTrail& audit, const Caller& caller, const std::string& action, const Invisible& hidden) {
  audit.recordRefusal(caller, action, objectOf(hidden.enterprise), "denied", "out of scope");
  // Out of scope reads exactly like absent, so existence does not leak (API1).
  return Error::notFound("enterprise", "no enterprise with 统一社会信用代码 " + hidden.enterprise.uscc);
}

AuditObject objectOf(const domain::Enterprise& e) { return AuditObject{"enterprise", e.uscc, e.region_code}; }

void checkText(const std::string& value, const std::string& field, size_t max_len, bool required, bool multiline) {
  if (!text::isValidUtf8(value)) throw Error::invalid(field, "invalid_utf8", field + " is not valid UTF-8");
  std::string plain = value;
  if (multiline) plain.erase(std::remove(plain.begin(), plain.end(), '\n'), plain.end());
  if (text::hasControlCharacter(plain)) throw Error::invalid(field, "control_character", field + " contains a control character");
  if (required && text::trim(value).empty()) throw Error::invalid(field, "required", field + " is required");
  if (text::length(value) > max_len)
    throw Error::invalid(field, "too_long", field + " is longer than " + std::to_string(max_len) + " characters");
}

}  // namespace trellis::service::liaison
