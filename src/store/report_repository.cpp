#include "trellis/store/report_repository.h"

#include "trellis/store/database.h"
#include "trellis/store/graph_repository.h"

namespace trellis::store {
namespace {

Date dateOf(const Statement& st, int column) { return Date::parse(st.textView(column)).value_or(Date()); }

std::optional<Date> optionalDate(const Statement& st, int column) {
  if (st.isNull(column)) return std::nullopt;
  return Date::parse(st.textView(column));
}

domain::TaskStatusUpdate readStatus(const Statement& st) {
  domain::TaskStatusUpdate u;
  u.id = st.int64(0);
  u.plan = st.text(1);
  u.task = static_cast<int>(st.int64(2));
  u.status = st.text(3);
  u.on = dateOf(st, 4);
  u.unit = st.text(5);
  u.note = st.text(6);
  u.recorded_by = st.text(7);
  u.recorded_at = st.text(8);
  return u;
}

constexpr const char* kStatusColumns = "id, plan_id, task, status, on_date, unit, note, recorded_by, recorded_at";

}  // namespace

ReportFacts ReportRepository::facts(Connection& c, const Date& as_of) {
  ReportFacts f;
  f.as_of = as_of;
  const std::string on = as_of.toString();
  {
    auto st = c.prepare(
        "SELECT id, uscc, name, region_code, archived FROM enterprise WHERE id IN "
        "(SELECT enterprise_id FROM designation WHERE starts_on <= ?1 "
        " UNION SELECT enterprise_id FROM pool_membership WHERE entered_on <= ?1) ORDER BY id");
    st.bind(1, on);
    while (st.step())
      f.enterprises[st.int64(0)] = EnterpriseFact{st.int64(0), st.text(1), st.text(2), st.text(3), st.int64(4) != 0};
    st.reset();
  }
  {
    auto st = c.prepare(
        "SELECT id, enterprise_id, stage, starts_on, ends_on, number, revoked_on, corrects_id FROM designation "
        "WHERE starts_on <= ?1 ORDER BY enterprise_id, starts_on, id");
    st.bind(1, on);
    while (st.step()) {
      DesignationFact d;
      d.designation.id = st.int64(0);
      d.enterprise_id = st.int64(1);
      d.designation.stage = st.text(2);
      d.designation.starts_on = dateOf(st, 3);
      d.designation.ends_on = dateOf(st, 4);
      d.designation.number = st.text(5);
      d.designation.revoked_on = optionalDate(st, 6);
      d.designation.corrects_id = st.optionalInt64(7);
      if (d.designation.revoked_on && *d.designation.revoked_on > as_of) d.designation.revoked_on.reset();
      f.designations.push_back(std::move(d));
    }
    st.reset();
  }
  {
    auto st = c.prepare(
        "SELECT id, enterprise_id, pool, tier, target_stage, target_year, region_code, entered_on, exited_on, "
        "exit_reason FROM pool_membership WHERE entered_on <= ?1 ORDER BY id");
    st.bind(1, on);
    while (st.step()) {
      domain::PoolMember m;
      m.id = st.int64(0);
      m.enterprise_id = st.int64(1);
      m.pool = st.text(2);
      m.tier = st.text(3);
      m.target_stage = st.text(4);
      m.target_year = static_cast<int>(st.int64(5));
      m.region_code = st.text(6);
      m.entered_on = dateOf(st, 7);
      m.exited_on = optionalDate(st, 8);
      m.exit_reason = st.optionalText(9).value_or("");
      if (m.exited_on && *m.exited_on > as_of) {  // still open on as_of
        m.exited_on.reset();
        m.exit_reason.clear();
      }
      f.memberships.push_back(std::move(m));
    }
    st.reset();
  }
  {
    auto st = c.prepare(
        "SELECT k.membership_id, k.due_on, k.status, k.done_on FROM milestone k "
        "JOIN pool_membership m ON m.id = k.membership_id "
        "WHERE m.entered_on <= ?1 AND substr(k.created_at, 1, 10) <= ?1 ORDER BY k.membership_id, k.due_on, k.id");
    st.bind(1, on);
    while (st.step())
      f.milestones.push_back(MilestoneFact{st.int64(0), dateOf(st, 1), st.text(2), optionalDate(st, 3)});
    st.reset();
  }
  return f;
}

std::map<std::string, std::int64_t> ReportRepository::versions(Connection& c) {
  auto st = c.prepare("SELECT source, n FROM report_version UNION ALL SELECT 'app_user', n FROM auth_epoch");
  std::map<std::string, std::int64_t> out;
  while (st.step()) out[st.text(0)] = st.int64(1);
  st.reset();
  return out;
}

std::vector<ProblemStateFact> ReportRepository::problemStates(Connection& c, const Date& on) {
  auto st = c.prepare(
      "SELECT p.enterprise_id, p.owner_unit, p.deadline, "
      " (SELECT v.to_status FROM liaison_problem_event v WHERE v.problem_id = p.id AND v.on_date <= ?1 "
      "  ORDER BY v.on_date DESC, v.id DESC LIMIT 1) "
      "FROM liaison_problem p JOIN enterprise e ON e.id = p.enterprise_id "
      "WHERE p.raised_on <= ?1 AND e.archived = 0 ORDER BY p.id");
  st.bind(1, on.toString());
  std::vector<ProblemStateFact> out;
  while (st.step())
    out.push_back(ProblemStateFact{st.int64(0), st.text(1), dateOf(st, 2), st.optionalText(3).value_or("open")});
  st.reset();
  return out;
}

std::vector<GraphNodeRow> ReportRepository::metricNodes(Connection& c) {
  using domain::NodeKind;
  return GraphRepository::liveNodesOfKinds(c, {NodeKind::platform, NodeKind::talent_team, NodeKind::project});
}

std::vector<domain::NodeId> ReportRepository::nodesLinkedToOfficer(Connection& c, std::int64_t officer_id,
                                                                  const Date& on) {
  auto st = c.prepare(
      "WITH mine(id) AS (SELECT n.id FROM liaison_assignment a JOIN graph_node n ON n.enterprise_id = a.enterprise_id "
      "                  WHERE a.officer_id = ?1 AND a.ended_at IS NULL) "
      "SELECT DISTINCT CASE WHEN l.from_node IN (SELECT id FROM mine) THEN l.to_node ELSE l.from_node END AS other "
      "FROM graph_link l WHERE (l.from_node IN (SELECT id FROM mine) OR l.to_node IN (SELECT id FROM mine)) "
      "AND l.valid_from <= ?2 AND (l.valid_until IS NULL OR ?2 < l.valid_until) ORDER BY other");
  st.bind(1, officer_id);
  st.bind(2, on.toString());
  std::vector<domain::NodeId> out;
  while (st.step()) out.push_back(st.int64(0));
  return out;
}

std::int64_t ReportRepository::insertStatus(Connection& c, const domain::TaskStatusUpdate& u) {
  auto st = c.prepare(
      "INSERT INTO task_status_update(plan_id, task, status, on_date, unit, note, recorded_by, recorded_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, u.plan).bind(2, u.task).bind(3, u.status).bind(4, u.on.toString());
  st.bind(5, u.unit).bind(6, u.note).bind(7, u.recorded_by).bind(8, u.recorded_at);
  st.run();
  st.reset();
  return c.lastInsertRowid();
}

std::vector<domain::TaskStatusUpdate> ReportRepository::statusHistory(Connection& c, const std::string& plan, int task) {
  auto st = c.prepare(std::string("SELECT ") + kStatusColumns +
                       " FROM task_status_update WHERE plan_id = ?1 AND task = ?2 ORDER BY on_date, id");
  st.bind(1, plan).bind(2, task);
  std::vector<domain::TaskStatusUpdate> out;
  while (st.step()) out.push_back(readStatus(st));
  st.reset();
  return out;
}

std::map<int, domain::TaskStatusUpdate> ReportRepository::latestStatuses(Connection& c, const std::string& plan,
                                                                         const Date& on) {
  auto st = c.prepare(std::string("SELECT ") + kStatusColumns +
                       " FROM task_status_update WHERE plan_id = ?1 AND on_date <= ?2 ORDER BY task, on_date, id");
  st.bind(1, plan).bind(2, on.toString());
  std::map<int, domain::TaskStatusUpdate> out;
  while (st.step()) {
    auto u = readStatus(st);
    out[u.task] = std::move(u);  // later rows of a task replace earlier ones
  }
  st.reset();
  return out;
}

void ReportRepository::replaceSplit(Connection& c, const std::string& metric, const std::string& period,
                                    const std::vector<std::pair<std::string, std::int64_t>>& values,
                                    const std::string& by, const std::string& at) {
  auto del = c.prepare("DELETE FROM target_split WHERE metric = ?1 AND period = ?2");
  del.bind(1, metric).bind(2, period);
  del.run();
  del.reset();
  auto ins = c.prepare(
      "INSERT INTO target_split(metric, period, region_code, value, recorded_by, recorded_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const auto& [region, value] : values) {
    ins.reset();
    ins.bind(1, metric).bind(2, period).bind(3, region).bind(4, value).bind(5, by).bind(6, at);
    ins.run();
  }
  ins.reset();
}

std::vector<domain::Target> ReportRepository::splits(Connection& c) {
  auto st = c.prepare("SELECT metric, period, region_code, value FROM target_split ORDER BY metric, period, region_code");
  std::vector<domain::Target> out;
  while (st.step()) {
    auto period = domain::Period::parse(st.text(1));
    if (!period) continue;
    domain::Target t;
    t.metric = st.text(0);
    t.period = *period;
    t.region = st.text(2);
    t.value = st.int64(3);
    t.origin = "split";
    out.push_back(std::move(t));
  }
  st.reset();
  return out;
}

}  // namespace trellis::store
