// Reading and checking the audit trail (auditor and admin; `trellis audit verify`).
#pragma once
#include <string>
#include <vector>

#include "trellis/store/audit_repository.h"
#include "trellis/store/database.h"

namespace trellis::service {

class AuditQueries {
 public:
  explicit AuditQueries(store::Database& db) : db_(db) {}
  // limit 1..500; Error invalid otherwise.
  std::vector<domain::AuditEntry> query(const store::AuditFilter& filter) const;
  store::AuditVerification verify() const;

 private:
  store::Database& db_;
};

}  // namespace trellis::service
