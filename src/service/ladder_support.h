// Helpers shared by the designation use cases (ladder_service.cpp) and the indicator use cases
// (ladder_indicators.cpp) of LadderService; internal to the service layer.
#pragma once
#include <string>

#include "trellis/core/date.h"
#include "trellis/core/error.h"
#include "trellis/domain/enterprise.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/text_field.h"

namespace trellis::service::ladder_support {

inline constexpr size_t kMaxText = 500;

// "" → Date() unless required (Error required); otherwise a YYYY-MM-DD date (Error invalid_date).
inline Date parseDate(const std::string& text, const char* field, bool required) {
  if (text.empty()) {
    if (required) throw Error(errc::required, std::string(field) + " is required (YYYY-MM-DD)", field);
    return Date();
  }
  auto d = Date::parse(text);
  if (!d) throw Error(errc::invalid_date, std::string(field) + " must be a date YYYY-MM-DD", field);
  return *d;
}

inline void checkText(const std::string& value, const char* field) {
  checkTextField(value, field, kMaxText, false, true);
}

}  // namespace trellis::service::ladder_support
