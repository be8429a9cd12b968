// The audit_log table: appended in the same transaction as the change it records; never updated
// or deleted (triggers refuse both); verified by recomputing the hash chain.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/audit.h"

namespace trellis::store {

class Connection;

struct AuditFilter {
  std::string object_type, object_id, user, from, to;  // from/to: ISO timestamps or dates, inclusive
  std::int64_t after_seq = 0;
  int limit = 100;
};

struct AuditVerification {
  bool ok = true;
  std::int64_t rows_checked = 0;
  std::int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;             // what is wrong at first_bad_seq
  std::string head_hash;           // row_hash of the last row (the anchor to keep elsewhere)
};

class AuditRepository {
 public:
  // Fills seq, prev_hash and row_hash and inserts. Call inside the change's write transaction.
  static void append(Connection& c, domain::AuditEntry& e);
  static std::vector<domain::AuditEntry> query(Connection& c, const AuditFilter& f);
  // Walks the whole chain in seq order and stops at the first broken link: a changed row, a
  // deleted or reordered row, or a recomputed hash that no longer links. Truncation of the
  // newest rows is found only against an anchor kept elsewhere (head_hash at a known seq).
  static AuditVerification verify(Connection& c);
  static std::int64_t count(Connection& c);
};

}  // namespace trellis::store
