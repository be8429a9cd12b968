#include "trellis/domain/audit.h"

#include "trellis/core/sha256.h"
#include "trellis/domain/enterprise.h"

namespace trellis::domain {

AuditObject enterpriseObject(const Enterprise& e) { return AuditObject{"enterprise", e.uscc, e.region_code}; }

std::string auditCanonicalText(const AuditEntry& e) {
  std::string out;
  auto field = [&out](const std::string& v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
  };
  field(std::to_string(e.seq));
  field(e.ts);
  field(e.request_id);
  field(std::to_string(e.actor_id));
  field(e.actor_login);
  field(e.actor_role);
  field(e.actor_region);
  field(e.client_address);
  field(e.action);
  field(e.object_type);
  field(e.object_id);
  field(e.object_region);
  field(e.outcome);
  field(e.reason);
  field(e.changes);
  return out;
}

AuditEntry auditEntry(std::string ts, std::string request_id, std::string client_address, const AuditActor& actor,
                      std::string action, const AuditObject& object, std::string outcome) {
  AuditEntry e;
  e.ts = std::move(ts);
  e.request_id = std::move(request_id);
  e.actor_id = actor.id;
  e.actor_login = actor.login;
  e.actor_role = actor.role;
  e.actor_region = actor.region;
  e.client_address = std::move(client_address);
  e.action = std::move(action);
  e.object_type = object.type;
  e.object_id = object.id;
  e.object_region = object.region;
  e.outcome = std::move(outcome);
  return e;
}

std::string auditRowHash(const AuditEntry& e) { return sha256Hex(e.prev_hash + "\n" + auditCanonicalText(e)); }

}  // namespace trellis::domain
