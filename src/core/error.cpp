#include "trellis/core/error.h"

#include <utility>

namespace trellis {

namespace errc {
#define TRELLIS_ERROR(name, kind, message_zh) const ErrorCode name{#name, ErrorKind::kind, message_zh};
#include "trellis/core/error_code_list.h"
#undef TRELLIS_ERROR
}  // namespace errc

const std::vector<const ErrorCode*>& allErrorCodes() {
  static const std::vector<const ErrorCode*> all = {
#define TRELLIS_ERROR(name, kind, message_zh) &errc::name,
#include "trellis/core/error_code_list.h"
#undef TRELLIS_ERROR
  };
  return all;
}

const ErrorCode* findErrorCode(std::string_view name) {
  for (const ErrorCode* c : allErrorCodes())
    if (c->name == name) return c;
  return nullptr;
}

Error::Error(const ErrorCode& code, std::string message, std::string field)
    : std::runtime_error(std::move(message)), code_(&code), field_(std::move(field)) {}

Error&& Error::withDetails(std::string details_json) && {
  details_json_ = std::move(details_json);
  return std::move(*this);
}

}  // namespace trellis
