#include "trellis/store/problem_repository.h"

#include "trellis/store/database.h"

namespace trellis::store {
namespace {

using domain::Problem;

constexpr std::string_view kColumns =
    "p.id, p.enterprise_id, p.contact_id, p.category, p.description, p.owner_unit, p.deadline, p.status, "
    "p.resolution, p.satisfaction, p.raised_on, p.resolved_on, p.closed_on, p.created_by, p.created_at, "
    "p.updated_at, p.version, e.uscc, e.name, e.region_code";

std::optional<Date> optionalDate(const Statement& st, int col) {
  if (st.isNull(col)) return std::nullopt;
  return Date::parse(st.textView(col));
}

ProblemRow readRow(const Statement& st) {
  ProblemRow r;
  Problem& p = r.problem;
  p.id = st.int64(0);
  p.enterprise_id = st.int64(1);
  p.contact_id = st.optionalInt64(2);
  p.category = st.text(3);
  p.description = st.text(4);
  p.owner_unit = st.text(5);
  p.deadline = Date::parse(st.textView(6)).value_or(Date());
  p.status = domain::parseProblemStatus(st.textView(7)).value_or(domain::ProblemStatus::open);
  p.resolution = st.text(8);
  if (auto s = st.optionalInt64(9)) p.satisfaction = static_cast<int>(*s);
  p.raised_on = Date::parse(st.textView(10)).value_or(Date());
  p.resolved_on = optionalDate(st, 11);
  p.closed_on = optionalDate(st, 12);
  p.created_by = st.text(13);
  p.created_at = st.text(14);
  p.updated_at = st.text(15);
  p.version = st.int64(16);
  r.uscc = st.text(17);
  r.enterprise_name = st.text(18);
  r.region_code = st.text(19);
  return r;
}

std::optional<std::string> dateText(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->toString();
}

std::optional<std::int64_t> satisfactionOf(const Problem& p) {
  if (!p.satisfaction) return std::nullopt;
  return static_cast<std::int64_t>(*p.satisfaction);
}

}  // namespace

std::int64_t ProblemRepository::insert(Connection& c, const Problem& p) {
  auto st = c.prepare(
      "INSERT INTO liaison_problem(enterprise_id, contact_id, category, description, owner_unit, deadline, status, "
      "resolution, satisfaction, raised_on, resolved_on, closed_on, created_by, created_at, updated_at, version) "
      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,1)");
  st.bind(1, p.enterprise_id).bind(2, p.contact_id).bind(3, p.category).bind(4, p.description)
      .bind(5, p.owner_unit).bind(6, p.deadline.toString()).bind(7, domain::problemStatusName(p.status))
      .bind(8, p.resolution).bind(9, satisfactionOf(p)).bind(10, p.raised_on.toString())
      .bind(11, dateText(p.resolved_on)).bind(12, dateText(p.closed_on)).bind(13, p.created_by)
      .bind(14, p.created_at).bind(15, p.updated_at);
  st.run();
  return c.lastInsertRowid();
}

std::optional<ProblemRow> ProblemRepository::find(Connection& c, std::int64_t id) {
  auto st = c.prepare("SELECT " + std::string(kColumns) +
                       " FROM liaison_problem p JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = ?1");
  st.bind(1, id);
  std::optional<ProblemRow> out;
  if (st.step()) out = readRow(st);
  return out;
}

bool ProblemRepository::update(Connection& c, const Problem& p, std::int64_t expected_version) {
  auto st = c.prepare(
      "UPDATE liaison_problem SET status=?2, resolution=?3, satisfaction=?4, owner_unit=?5, deadline=?6, "
      "resolved_on=?7, closed_on=?8, updated_at=?9, version=?10 WHERE id=?1 AND version=?11");
  st.bind(1, p.id).bind(2, domain::problemStatusName(p.status)).bind(3, p.resolution).bind(4, satisfactionOf(p))
      .bind(5, p.owner_unit).bind(6, p.deadline.toString()).bind(7, dateText(p.resolved_on))
      .bind(8, dateText(p.closed_on)).bind(9, p.updated_at).bind(10, p.version).bind(11, expected_version);
  st.run();
  return c.changes() == 1;
}

void ProblemRepository::appendEvent(Connection& c, const domain::ProblemEvent& e, std::int64_t by_user_id) {
  std::optional<std::string> from;
  if (e.from_status) from = domain::problemStatusName(*e.from_status);
  std::optional<std::int64_t> by;
  if (by_user_id) by = by_user_id;
  c.prepare("INSERT INTO liaison_problem_event(problem_id, from_status, to_status, on_date, at, by_user_id, by_login, "
            "note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")
      .bind(1, e.problem_id).bind(2, from).bind(3, domain::problemStatusName(e.to_status))
      .bind(4, e.on_date.toString()).bind(5, e.at).bind(6, by).bind(7, e.by).bind(8, e.note).run();
}

std::vector<domain::ProblemEvent> ProblemRepository::events(Connection& c, std::int64_t problem_id) {
  auto st = c.prepare("SELECT id, problem_id, from_status, to_status, on_date, at, by_login, note "
                       "FROM liaison_problem_event WHERE problem_id = ?1 ORDER BY id");
  st.bind(1, problem_id);
  std::vector<domain::ProblemEvent> out;
  while (st.step()) {
    domain::ProblemEvent e;
    e.id = st.int64(0);
    e.problem_id = st.int64(1);
    if (!st.isNull(2)) e.from_status = domain::parseProblemStatus(st.textView(2));
    e.to_status = domain::parseProblemStatus(st.textView(3)).value_or(domain::ProblemStatus::open);
    e.on_date = Date::parse(st.textView(4)).value_or(Date());
    e.at = st.text(5);
    e.by = st.text(6);
    e.note = st.text(7);
    out.push_back(std::move(e));
  }
  return out;
}

ProblemPage ProblemRepository::list(Connection& c, const ProblemFilter& f) {
  // Fixed fragments only; every value is a bound named parameter.
  std::string where = " WHERE p.id > :after";
  if (!f.status.empty()) where += " AND p.status = :status";
  if (f.not_closed) where += " AND p.status <> 'closed'";
  if (!f.category.empty()) where += " AND p.category = :category";
  if (!f.owner_unit.empty()) where += " AND p.owner_unit = :owner";
  if (!f.region.empty()) where += " AND e.region_code = :region";
  if (f.enterprise_id) where += " AND p.enterprise_id = :enterprise";
  if (f.contact_id) where += " AND p.contact_id = :contact";
  if (!f.overdue_on.empty())
    where += " AND p.status IN ('open','in_progress','escalated') AND p.deadline < :today";
  where += f.scope.where("e.region_code", "p.enterprise_id");

  auto st = c.prepare("SELECT " + std::string(kColumns) +
                       " FROM liaison_problem p JOIN enterprise e ON e.id = p.enterprise_id" + where +
                       " ORDER BY p.id LIMIT :limit");
  auto bindText = [&](const char* name, const std::string& value) {
    if (int idx = st.parameterIndex(name)) st.bind(idx, value);
  };
  auto bindInt = [&](const char* name, std::int64_t value) {
    if (int idx = st.parameterIndex(name)) st.bind(idx, value);
  };
  bindInt(":after", f.after_id);
  bindText(":status", f.status);
  bindText(":category", f.category);
  bindText(":owner", f.owner_unit);
  bindText(":region", f.region);
  bindInt(":enterprise", f.enterprise_id);
  bindInt(":contact", f.contact_id);
  bindText(":today", f.overdue_on);
  f.scope.bind(st);
  bindInt(":limit", static_cast<std::int64_t>(f.limit) + 1);
  ProblemPage page;
  while (st.step()) page.items.push_back(readRow(st));
  st.reset();
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.next_after_id = page.items.back().problem.id;
  }
  return page;
}

}  // namespace trellis::store
