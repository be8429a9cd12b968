#include "trellis/store/liaison_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT a.id, a.enterprise_id, a.officer_id, u.login, u.display_name, a.assigned_at, "
    "coalesce(b.login, 'system'), a.ended_at, a.end_reason "
    "FROM liaison_assignment a JOIN app_user u ON u.id = a.officer_id "
    "LEFT JOIN app_user b ON b.id = a.assigned_by ";

domain::LiaisonAssignment readRow(const Statement& st) {
  domain::LiaisonAssignment a;
  a.id = st.int64(0);
  a.enterprise_id = st.int64(1);
  a.officer_id = st.int64(2);
  a.officer_login = st.text(3);
  a.officer_name = st.text(4);
  a.assigned_at = st.text(5);
  a.assigned_by = st.text(6);
  a.ended_at = st.optionalText(7);
  a.end_reason = st.optionalText(8);
  return a;
}

}  // namespace

bool LiaisonRepository::isActiveOfficer(Connection& c, std::int64_t enterprise_id, std::int64_t officer_id) {
  auto st = c.prepare("SELECT 1 FROM liaison_assignment WHERE enterprise_id = ?1 AND officer_id = ?2 AND ended_at IS NULL");
  st.bind(1, enterprise_id).bind(2, officer_id);
  bool found = st.step();
  return found;
}

std::optional<domain::LiaisonAssignment> LiaisonRepository::active(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare(std::string(kSelect) + "WHERE a.enterprise_id = ?1 AND a.ended_at IS NULL");
  st.bind(1, enterprise_id);
  std::optional<domain::LiaisonAssignment> out;
  if (st.step()) out = readRow(st);
  return out;
}

std::vector<domain::LiaisonAssignment> LiaisonRepository::history(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare(std::string(kSelect) +
                       "WHERE a.enterprise_id = ?1 ORDER BY (a.ended_at IS NULL) DESC, a.assigned_at DESC, a.id DESC");
  st.bind(1, enterprise_id);
  std::vector<domain::LiaisonAssignment> out;
  while (st.step()) out.push_back(readRow(st));
  return out;
}

bool LiaisonRepository::end(Connection& c, std::int64_t assignment_id, std::string_view ended_at, std::string_view reason) {
  c.prepare("UPDATE liaison_assignment SET ended_at = ?2, end_reason = ?3 WHERE id = ?1 AND ended_at IS NULL")
      .bind(1, assignment_id).bind(2, ended_at).bind(3, reason).run();
  return c.changes() == 1;
}

std::int64_t LiaisonRepository::insert(Connection& c, std::int64_t enterprise_id, std::int64_t officer_id,
                                       std::string_view assigned_at, std::int64_t assigned_by_id) {
  auto st = c.prepare("INSERT INTO liaison_assignment(enterprise_id, officer_id, assigned_at, assigned_by) "
                       "VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, enterprise_id).bind(2, officer_id).bind(3, assigned_at);
  if (assigned_by_id) st.bind(4, assigned_by_id); else st.bindNull(4);
  st.run();
  return c.lastInsertRowid();
}

}  // namespace trellis::store
