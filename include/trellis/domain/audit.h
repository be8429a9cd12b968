// One row of the append-only, hash-chained audit trail (RELIABILITY.md §5, MLPS 8.1.4.3).
#pragma once
#include <cstdint>
#include <string>

namespace trellis::domain {

struct AuditEntry {
  std::int64_t seq = 0;
  std::string ts;              // ISO 8601 UTC
  std::string request_id;
  std::int64_t actor_id = 0;
  std::string actor_login;
  std::string actor_role;
  std::string actor_region;
  std::string client_address;
  std::string action;          // enterprise.update, session.create, access.denied, …
  std::string object_type;
  std::string object_id;
  std::string object_region;
  std::string outcome;         // success | denied | invalid | error
  std::string reason;
  std::string changes = "{}";  // JSON {field: [before, after]}
  std::string prev_hash;
  std::string row_hash;
};

// Who did it and what it was done to, as an audit row names them.
struct AuditActor {
  std::int64_t id = 0;  // 0 for the system caller or an unknown login
  std::string login, role, region;
};
struct AuditObject {
  std::string type;    // enterprise, user, …
  std::string id;      // its public key (USCC, login, …)
  std::string region;  // the object's region, for region-scoped audit queries
};

struct Enterprise;
// The audit object of a change to (or a read of) one enterprise: its code and region.
AuditObject enterpriseObject(const Enterprise& e);

// One row with its context filled in (ts ISO 8601 UTC): the one row filler shared by auth/
// (sign-in, sign-out) and service/ (AuditTrail), so both record the same fields the same way.
AuditEntry auditEntry(std::string ts, std::string request_id, std::string client_address, const AuditActor& actor,
                      std::string action, const AuditObject& object, std::string outcome);

// The text a row's hash covers: every field but row_hash, each length-prefixed so no two rows
// share a text. row_hash = SHA-256(prev_hash + "\n" + auditCanonicalText(row)).
std::string auditCanonicalText(const AuditEntry& e);
std::string auditRowHash(const AuditEntry& e);

// The prev_hash of the first row.
inline constexpr const char* kAuditGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace trellis::domain
