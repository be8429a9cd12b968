#include "trellis/service/audit_queries.h"

#include "trellis/core/error.h"

namespace trellis::service {

std::vector<domain::AuditEntry> AuditQueries::query(const store::AuditFilter& filter) const {
  if (filter.limit < 1 || filter.limit > 500) throw Error(errc::out_of_range, "limit must be 1..500", "limit");
  std::vector<domain::AuditEntry> out;
  db_.read([&](store::Connection& c) { out = store::AuditRepository::query(c, filter); });
  return out;
}

store::AuditVerification AuditQueries::verify() const {
  store::AuditVerification v;
  db_.read([&](store::Connection& c) { v = store::AuditRepository::verify(c); });
  return v;
}

}  // namespace trellis::service
