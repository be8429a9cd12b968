#include "trellis/store/audit_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using domain::AuditEntry;

constexpr const char* kColumns =
    "seq, ts, request_id, actor_id, actor_login, actor_role, actor_region, client_address, action, object_type, "
    "object_id, object_region, outcome, reason, changes, prev_hash, row_hash";

AuditEntry readRow(const Statement& st) {
  AuditEntry e;
  e.seq = st.int64(0);
  e.ts = st.text(1);
  e.request_id = st.text(2);
  e.actor_id = st.int64(3);
  e.actor_login = st.text(4);
  e.actor_role = st.text(5);
  e.actor_region = st.text(6);
  e.client_address = st.text(7);
  e.action = st.text(8);
  e.object_type = st.text(9);
  e.object_id = st.text(10);
  e.object_region = st.text(11);
  e.outcome = st.text(12);
  e.reason = st.text(13);
  e.changes = st.text(14);
  e.prev_hash = st.text(15);
  e.row_hash = st.text(16);
  return e;
}

}  // namespace

void AuditRepository::append(Connection& c, AuditEntry& e) {
  auto last = c.prepare("SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (last.step()) {
    e.seq = last.int64(0) + 1;
    e.prev_hash = last.text(1);
  } else {
    e.seq = 1;
    e.prev_hash = domain::kAuditGenesisHash;
  }
  last.reset();
  e.row_hash = domain::auditRowHash(e);
  c.prepare(std::string("INSERT INTO audit_log(") + kColumns +
            ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)")
      .bind(1, e.seq).bind(2, e.ts).bind(3, e.request_id).bind(4, e.actor_id).bind(5, e.actor_login)
      .bind(6, e.actor_role).bind(7, e.actor_region).bind(8, e.client_address).bind(9, e.action)
      .bind(10, e.object_type).bind(11, e.object_id).bind(12, e.object_region).bind(13, e.outcome)
      .bind(14, e.reason).bind(15, e.changes).bind(16, e.prev_hash).bind(17, e.row_hash).run();
}

std::vector<AuditEntry> AuditRepository::query(Connection& c, const AuditFilter& f) {
  auto st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM audit_log WHERE seq > :after"
                       " AND (:otype = '' OR object_type = :otype) AND (:oid = '' OR object_id = :oid)"
                       " AND (:user = '' OR actor_login = :user) AND (:from = '' OR ts >= :from)"
                       " AND (:to = '' OR ts <= :to) ORDER BY seq LIMIT :limit");
  st.bind(st.parameterIndex(":after"), f.after_seq);
  st.bind(st.parameterIndex(":otype"), f.object_type);
  st.bind(st.parameterIndex(":oid"), f.object_id);
  st.bind(st.parameterIndex(":user"), f.user);
  st.bind(st.parameterIndex(":from"), f.from);
  // A bare date as `to` means the whole day.
  st.bind(st.parameterIndex(":to"), f.to.size() == 10 ? f.to + "T23:59:59Z" : f.to);
  st.bind(st.parameterIndex(":limit"), static_cast<std::int64_t>(f.limit));
  std::vector<AuditEntry> out;
  while (st.step()) out.push_back(readRow(st));
  return out;
}

AuditVerification AuditRepository::verify(Connection& c) {
  AuditVerification v;
  std::string expected_prev = domain::kAuditGenesisHash;
  std::int64_t expected_seq = 1;
  auto st = c.prepare(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq");
  while (st.step()) {
    AuditEntry e = readRow(st);
    auto fail = [&](std::int64_t seq, std::string why) {
      v.ok = false;
      v.first_bad_seq = seq;
      v.problem = std::move(why);
    };
    if (e.seq != expected_seq) fail(expected_seq, "row " + std::to_string(expected_seq) + " is missing");
    else if (e.prev_hash != expected_prev) fail(e.seq, "prev_hash does not match the row before");
    else if (domain::auditRowHash(e) != e.row_hash) fail(e.seq, "row content does not match its hash");
    if (!v.ok) break;
    ++v.rows_checked;
    expected_prev = e.row_hash;
    ++expected_seq;
  }
  st.reset();
  v.head_hash = expected_prev;
  return v;
}

std::int64_t AuditRepository::count(Connection& c) {
  auto st = c.prepare("SELECT count(*) FROM audit_log");
  std::int64_t n = st.step() ? st.int64(0) : 0;
  return n;
}

}  // namespace trellis::store
