#include "trellis/store/pool_repository.h"

#include "trellis/core/text.h"
#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using domain::Milestone;
using domain::PipelineStep;
using domain::PoolMember;

constexpr std::string_view kMemberColumns =
    "m.id, m.enterprise_id, e.uscc, e.name, m.pool, m.tier, m.target_stage, m.target_year, m.region_code, "
    "m.entered_on, m.exited_on, m.exit_reason, m.note, m.created_at, m.updated_at, m.version";

constexpr std::string_view kMilestoneColumns =
    "s.id, s.membership_id, s.generated, s.calendar_key, s.kind, s.title, s.due_on, s.addresses, s.gap_text, "
    "s.compressed, s.status, s.done_on, s.waived_reason, s.closed_by, s.created_by, s.created_at, s.updated_at, "
    "s.version";

Date dateOf(const Statement& st, int column) { return Date::parse(st.textView(column)).value_or(Date()); }

std::optional<Date> optionalDate(const Statement& st, int column) {
  if (st.isNull(column)) return std::nullopt;
  return Date::parse(st.textView(column));
}

PoolMember readMember(const Statement& st, int at = 0) {
  PoolMember m;
  m.id = st.int64(at + 0);
  m.enterprise_id = st.int64(at + 1);
  m.uscc = st.text(at + 2);
  m.enterprise_name = st.text(at + 3);
  m.pool = st.text(at + 4);
  m.tier = st.text(at + 5);
  m.target_stage = st.text(at + 6);
  m.target_year = static_cast<int>(st.int64(at + 7));
  m.region_code = st.text(at + 8);
  m.entered_on = dateOf(st, at + 9);
  m.exited_on = optionalDate(st, at + 10);
  m.exit_reason = st.optionalText(at + 11).value_or("");
  m.note = st.text(at + 12);
  m.created_at = st.text(at + 13);
  m.updated_at = st.text(at + 14);
  m.version = st.int64(at + 15);
  return m;
}

Milestone readMilestone(const Statement& st, int at = 0) {
  Milestone m;
  m.id = st.int64(at + 0);
  m.membership_id = st.int64(at + 1);
  m.generated = st.int64(at + 2) != 0;
  m.calendar_key = st.optionalText(at + 3).value_or("");
  m.kind = st.text(at + 4);
  m.title = st.text(at + 5);
  m.due_on = dateOf(st, at + 6);
  m.addresses = text::split(st.textView(at + 7), '\n');
  m.gap_text = st.text(at + 8);
  m.compressed = st.int64(at + 9) != 0;
  m.status = st.text(at + 10);
  m.done_on = optionalDate(st, at + 11);
  m.waived_reason = st.text(at + 12);
  m.closed_by = st.optionalText(at + 13).value_or("");
  m.created_by = st.text(at + 14);
  m.created_at = st.text(at + 15);
  m.updated_at = st.text(at + 16);
  m.version = st.int64(at + 17);
  return m;
}

PipelineStep readStep(const Statement& st) {
  PipelineStep s;
  s.id = st.int64(0);
  s.membership_id = st.int64(1);
  s.year = static_cast<int>(st.int64(2));
  s.kind = st.text(3);
  s.on_date = dateOf(st, 4);
  s.result = st.text(5);
  s.batch = st.text(6);
  s.reasons = st.text(7);
  s.note = st.text(8);
  s.recorded_by = st.text(9);
  s.recorded_at = st.text(10);
  return s;
}

std::string joinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}

}  // namespace

std::optional<PoolMember> PoolRepository::member(Connection& c, std::int64_t id) {
  auto st = c.prepare("SELECT " + std::string(kMemberColumns) +
                       " FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id WHERE m.id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  PoolMember m = readMember(st);
  return m;
}

std::vector<PoolMember> PoolRepository::membersOf(Connection& c, std::int64_t enterprise_id) {
  auto st = c.prepare("SELECT " + std::string(kMemberColumns) +
                       " FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id WHERE m.enterprise_id = ?1"
                       " ORDER BY m.exited_on IS NOT NULL, m.entered_on DESC, m.id DESC");
  st.bind(1, enterprise_id);
  std::vector<PoolMember> out;
  while (st.step()) out.push_back(readMember(st));
  return out;
}

std::int64_t PoolRepository::insertMember(Connection& c, const PoolMember& m) {
  auto st = c.prepare(
      "INSERT INTO pool_membership(enterprise_id, pool, tier, target_stage, target_year, region_code, entered_on, "
      "note, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
  st.bind(1, m.enterprise_id).bind(2, m.pool).bind(3, m.tier).bind(4, m.target_stage).bind(5, m.target_year);
  st.bind(6, m.region_code).bind(7, m.entered_on.toString()).bind(8, m.note).bind(9, m.created_at);
  st.run();
  return c.lastInsertRowid();
}

bool PoolRepository::exitMember(Connection& c, std::int64_t id, std::int64_t expected_version, Date on,
                                const std::string& reason, const std::string& at) {
  auto st = c.prepare(
      "UPDATE pool_membership SET exited_on = ?3, exit_reason = ?4, updated_at = ?5, version = version + 1 "
      "WHERE id = ?1 AND version = ?2 AND exited_on IS NULL");
  st.bind(1, id).bind(2, expected_version).bind(3, on.toString()).bind(4, reason).bind(5, at);
  st.run();
  return c.changes() == 1;
}

bool PoolRepository::amendMember(Connection& c, const PoolMember& m, std::int64_t expected_version) {
  auto st = c.prepare(
      "UPDATE pool_membership SET tier = ?3, target_stage = ?4, target_year = ?5, note = ?6, updated_at = ?7, "
      "version = version + 1 WHERE id = ?1 AND version = ?2 AND exited_on IS NULL");
  st.bind(1, m.id).bind(2, expected_version).bind(3, m.tier).bind(4, m.target_stage).bind(5, m.target_year);
  st.bind(6, m.note).bind(7, m.updated_at);
  st.run();
  return c.changes() == 1;
}

bool PoolRepository::deleteMember(Connection& c, std::int64_t id) {
  auto milestones = c.prepare("DELETE FROM milestone WHERE membership_id = ?1");
  milestones.bind(1, id);
  milestones.run();
  auto st = c.prepare("DELETE FROM pool_membership WHERE id = ?1");
  st.bind(1, id);
  st.run();
  return c.changes() == 1;
}

std::vector<PoolMember> PoolRepository::members(Connection& c, const MemberFilter& f) {
  std::string where = " WHERE m.pool = :pool AND m.id > :after" + f.scope.where("e.region_code", "e.id");
  if (!f.region.empty()) where += " AND m.region_code = :region";
  if (!f.tier.empty()) where += " AND m.tier = :tier";
  if (f.target_year) where += " AND m.target_year = :year";
  if (!f.include_exited) where += " AND m.exited_on IS NULL";
  auto st = c.prepare("SELECT " + std::string(kMemberColumns) +
                       " FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id" + where +
                       " ORDER BY m.id LIMIT :limit");
  st.bind(st.parameterIndex(":pool"), f.pool).bind(st.parameterIndex(":after"), f.after_id);
  st.bind(st.parameterIndex(":limit"), static_cast<std::int64_t>(f.limit) + 1);
  f.scope.bind(st);
  if (int i = st.parameterIndex(":region")) st.bind(i, f.region);
  if (int i = st.parameterIndex(":tier")) st.bind(i, f.tier);
  if (int i = st.parameterIndex(":year")) st.bind(i, *f.target_year);
  std::vector<PoolMember> out;
  while (st.step()) out.push_back(readMember(st));
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> PoolRepository::openCounts(
    Connection& c, const ListScope& scope) {
  auto st = c.prepare(
      "SELECT m.pool, count(*) FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id "
      "WHERE m.exited_on IS NULL" +
      scope.where("e.region_code", "e.id") + " GROUP BY m.pool");
  scope.bind(st);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (st.step()) out.emplace_back(st.text(0), st.int64(1));
  return out;
}

std::int64_t PoolRepository::insertStep(Connection& c, const PipelineStep& s) {
  auto st = c.prepare(
      "INSERT INTO pipeline_step(membership_id, year, kind, on_date, result, batch, reasons, note, recorded_by, "
      "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, s.membership_id).bind(2, s.year).bind(3, s.kind).bind(4, s.on_date.toString()).bind(5, s.result);
  st.bind(6, s.batch).bind(7, s.reasons).bind(8, s.note).bind(9, s.recorded_by).bind(10, s.recorded_at);
  st.run();
  return c.lastInsertRowid();
}

std::vector<PipelineStep> PoolRepository::steps(Connection& c, std::int64_t membership_id) {
  auto st = c.prepare(
      "SELECT id, membership_id, year, kind, on_date, result, batch, reasons, note, recorded_by, recorded_at "
      "FROM pipeline_step WHERE membership_id = ?1 ORDER BY year, on_date, id");
  st.bind(1, membership_id);
  std::vector<PipelineStep> out;
  while (st.step()) out.push_back(readStep(st));
  return out;
}

std::optional<Milestone> PoolRepository::milestone(Connection& c, std::int64_t id) {
  auto st = c.prepare("SELECT " + std::string(kMilestoneColumns) + " FROM milestone s WHERE s.id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Milestone m = readMilestone(st);
  return m;
}

std::vector<Milestone> PoolRepository::milestones(Connection& c, std::int64_t membership_id) {
  auto st = c.prepare("SELECT " + std::string(kMilestoneColumns) +
                       " FROM milestone s WHERE s.membership_id = ?1 ORDER BY s.due_on, s.id");
  st.bind(1, membership_id);
  std::vector<Milestone> out;
  while (st.step()) out.push_back(readMilestone(st));
  return out;
}

std::int64_t PoolRepository::insertMilestone(Connection& c, const Milestone& m) {
  auto st = c.prepare(
      "INSERT INTO milestone(membership_id, generated, calendar_key, kind, title, due_on, addresses, gap_text, "
      "compressed, status, done_on, waived_reason, closed_by, created_by, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)");
  st.bind(1, m.membership_id).bind(2, m.generated ? 1 : 0);
  if (m.generated) st.bind(3, m.calendar_key); else st.bindNull(3);
  st.bind(4, m.kind).bind(5, m.title).bind(6, m.due_on.toString()).bind(7, joinLines(m.addresses));
  st.bind(8, m.gap_text).bind(9, m.compressed ? 1 : 0).bind(10, m.status);
  if (m.done_on) st.bind(11, m.done_on->toString()); else st.bindNull(11);
  st.bind(12, m.waived_reason);
  if (m.closed_by.empty()) st.bindNull(13); else st.bind(13, m.closed_by);
  st.bind(14, m.created_by).bind(15, m.created_at);
  st.run();
  return c.lastInsertRowid();
}

bool PoolRepository::updateMilestone(Connection& c, const Milestone& m) {
  auto st = c.prepare(
      "UPDATE milestone SET kind = ?3, title = ?4, due_on = ?5, addresses = ?6, gap_text = ?7, compressed = ?8, "
      "status = ?9, done_on = ?10, waived_reason = ?11, closed_by = ?12, updated_at = ?13, version = version + 1 "
      "WHERE id = ?1 AND version = ?2");
  st.bind(1, m.id).bind(2, m.version).bind(3, m.kind).bind(4, m.title).bind(5, m.due_on.toString());
  st.bind(6, joinLines(m.addresses)).bind(7, m.gap_text).bind(8, m.compressed ? 1 : 0).bind(9, m.status);
  if (m.done_on) st.bind(10, m.done_on->toString()); else st.bindNull(10);
  st.bind(11, m.waived_reason);
  if (m.closed_by.empty()) st.bindNull(12); else st.bind(12, m.closed_by);
  st.bind(13, m.updated_at);
  st.run();
  return c.changes() == 1;
}

std::vector<MilestoneOfMember> PoolRepository::dueMilestones(Connection& c, const MilestoneFilter& f) {
  std::string where = " WHERE s.status = 'planned' AND s.due_on <= :due AND s.id > :after AND m.pool = :pool"
                      " AND m.exited_on IS NULL" + f.scope.where("e.region_code", "e.id");
  if (!f.region.empty()) where += " AND m.region_code = :region";
  auto st = c.prepare("SELECT " + std::string(kMilestoneColumns) + ", " + std::string(kMemberColumns) +
                       " FROM milestone s JOIN pool_membership m ON m.id = s.membership_id"
                       " JOIN enterprise e ON e.id = m.enterprise_id" + where + " ORDER BY s.id LIMIT :limit");
  st.bind(st.parameterIndex(":due"), f.due_before.toString()).bind(st.parameterIndex(":after"), f.after_id);
  st.bind(st.parameterIndex(":pool"), f.pool).bind(st.parameterIndex(":limit"), static_cast<std::int64_t>(f.limit) + 1);
  f.scope.bind(st);
  if (int i = st.parameterIndex(":region")) st.bind(i, f.region);
  std::vector<MilestoneOfMember> out;
  while (st.step()) out.push_back({readMilestone(st), readMember(st, 18)});
  return out;
}

}  // namespace trellis::store
