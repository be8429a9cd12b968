// Helpers shared by the pool use cases (pool_service.cpp) and the roadmap use cases
// (pool_roadmap.cpp) of PoolService; internal to the service layer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "trellis/core/date.h"
#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/domain/enterprise.h"
#include "trellis/domain/pool.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/text_field.h"

namespace trellis::service::pool_support {

inline constexpr size_t kMaxText = 500;
inline const char* const kMilestoneKinds[] = {"preparation", "ip",     "staffing", "document", "registration",
                                       "submission",  "review", "publication", "coaching", "other"};

inline Date parseDate(const std::string& text, const char* field) {
  auto d = Date::parse(text);
  if (!d) throw Error(errc::invalid_date, std::string(field) + " must be a date YYYY-MM-DD", field);
  return *d;
}

// m with its overdue decided on today (the read model a codec shows).
inline domain::Milestone decidedOn(domain::Milestone m, Date today) {
  m.overdue = m.statusOn(today) == "overdue";
  return m;
}

inline void checkText(const std::string& value, const char* field, bool required) {
  checkTextField(value, field, kMaxText, required);
}

inline AuditObject memberObject(const domain::PoolMember& m, const domain::Enterprise& e) {
  return AuditObject{"pool_member", std::to_string(m.id), e.region_code};
}

inline nlohmann::json milestoneAudit(const domain::Milestone& m) {
  return {{"membership_id", m.membership_id}, {"kind", m.kind}, {"title", m.title}, {"due_on", m.due_on.toString()},
          {"status", m.status}, {"done_on", m.done_on ? m.done_on->toString() : ""}, {"waived_reason", m.waived_reason}};
}


}  // namespace trellis::service::pool_support
