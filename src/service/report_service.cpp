#include "trellis/service/report_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/io/graph_json.h"
#include "trellis/service/text_field.h"
#include "trellis/service/scope.h"
#include "trellis/store/liaison_facts_repository.h"
#include "trellis/store/liaison_repository.h"
#include "trellis/store/pool_repository.h"
#include "trellis/store/report_repository.h"

namespace trellis::service {
namespace {

constexpr int kMaxPeriodDays = 3660;
constexpr std::size_t kMaxNote = 2000;
constexpr std::size_t kMaxUnit = 100;
constexpr std::int64_t kMaxTarget = 1000000000;
// The tables a ReportSnapshot is read from or computed over (progress reads the target splits);
// their change counters (sql/015) are the snapshot's key beside the date.
constexpr const char* kSnapshotSources[] = {"enterprise", "designation", "pool_membership", "milestone",
                                            "graph_node", "target_split"};
// What the liaison report reads beyond a snapshot (app_user: the officers' names, counted by
// sql/006's auth_epoch).
constexpr const char* kLiaisonSources[] = {"liaison_assignment", "liaison_contact", "liaison_problem",
                                           "liaison_problem_event", "app_user"};
// Snapshots kept: today's and one other date (each about 0.5 GB at province scale).
constexpr std::size_t kSnapshotsKept = 2;

Date parseDate(const std::string& value, const std::string& field) {
  auto d = Date::parse(value);
  if (!d) throw Error(errc::invalid_date, field + " must be a date YYYY-MM-DD", field);
  return *d;
}

}  // namespace

ReportService::ReportService(const Context& ctx, const domain::Catalog& catalog, const domain::Plan& plan,
                             const domain::TargetBook& targets, const rules::Ladder& ladder,
                             const domain::LiaisonConfig& liaison)
    : ctx_(ctx),
      catalog_(catalog),
      plan_(plan),
      targets_(targets),
      ladder_(ladder),
      liaison_(liaison),
      snapshots_(kSnapshotsKept) {
  regions_.city = catalog.city.code;
  regions_.names[catalog.city.code] = catalog.city.name;
  for (const auto& r : catalog.regions) {
    regions_.regions.push_back(r.code);
    regions_.names[r.code] = r.name;
  }
}

Date ReportService::asOf(const ReportQuery& q) const {
  Date t = ctx_.today();
  if (!q.as_of) return t;
  Date d = parseDate(*q.as_of, "as_of");
  if (d > t) throw Error(errc::in_future, "as_of may not be after today (" + t.toString() + ")", "as_of");
  return d;
}

Date ReportService::fromOf(const ReportQuery& q, Date as_of) const {
  Date from = q.from ? parseDate(*q.from, "from") : Date(as_of.year(), 1, 1);
  if (from > as_of) throw Error(errc::after_to, "from is after as_of", "from");
  if (as_of.daysSinceEpoch() - from.daysSinceEpoch() > kMaxPeriodDays)
    throw Error(errc::period_too_long, "the period may span at most ten years", "from");
  return from;
}

std::string ReportService::regionOf(const std::string& region) const {
  if (region.empty() || region == catalog_.city.code) return "";
  if (!catalog_.findRegion(region))
    throw Error(errc::unknown_region, "region '" + region + "' is not configured", "region");
  return region;
}

std::vector<domain::Target> ReportService::splitsOf(store::Connection& c) const {
  auto splits = store::ReportRepository::splits(c);
  for (auto& s : splits)
    for (const auto& t : targets_.targets)
      if (t.metric == s.metric && t.region == catalog_.city.code && t.period.from == s.period.from &&
          t.period.to == s.period.to) {
        s.bound = t.bound;
        s.source_zh = t.source_zh;
      }
  return splits;
}

std::vector<domain::GraphNode> ReportService::graphNodes(store::Connection& c) {
  std::vector<domain::GraphNode> out;
  for (auto& row : store::ReportRepository::metricNodes(c)) {
    io::graphNodeFieldsFromText(row.fields_json, row.node);
    out.push_back(std::move(row.node));
  }
  return out;
}

template <std::size_t N>
std::string ReportService::versionKey(store::Connection& c, std::string key, const char* const (&sources)[N]) {
  const auto versions = store::ReportRepository::versions(c);
  for (const char* source : sources) {
    auto it = versions.find(source);
    if (it == versions.end()) throw Error(errc::internal, std::string("no change counter for ") + source);
    key += " " + it->first + "=" + std::to_string(it->second);
  }
  return key;
}

std::shared_ptr<const report::ReportSnapshot> ReportService::snapshot(store::Connection& c, Date as_of) {
  return snapshots_.get(versionKey(c, as_of.toString(), kSnapshotSources), [&] {
    return std::make_unique<report::ReportSnapshot>(ladder_, store::ReportRepository::facts(c, as_of), graphNodes(c));
  });
}

std::shared_ptr<const report::ProgressReport> ReportService::progressOf(store::Connection& c,
                                                                       const report::ReportSnapshot& s) const {
  return s.result<report::ProgressReport>("progress", [&] {
    return report::progressReport(plan_, targets_, splitsOf(c), s.index(), regions_, s.graphNodes());
  });
}

report::ProgressReport ReportService::progress(const Caller&, const ReportQuery& q) {
  Date d = asOf(q);
  report::ProgressReport r;
  ctx_.db.read([&](store::Connection& c) {
    r = *progressOf(c, *snapshot(c, d));
  });
  return r;
}

report::LadderReport ReportService::ladder(const Caller&, const ReportQuery& q) {
  Date d = asOf(q);
  Date from = fromOf(q, d);
  report::LadderReport r;
  ctx_.db.read([&](store::Connection& c) {
    auto s = snapshot(c, d);
    r = *s->result<report::LadderReport>("ladder from=" + from.toString(),
                                         [&] { return report::ladderReport(s->index(), from, regions_); });
  });
  return r;
}

report::FunnelReport ReportService::funnel(const Caller&, const ReportQuery& q) {
  Date d = asOf(q);
  std::string region = regionOf(q.region);
  report::FunnelReport r;
  ctx_.db.read([&](store::Connection& c) {
    auto s = snapshot(c, d);
    r = *s->result<report::FunnelReport>("funnel region=" + region,
                                         [&] { return report::funnelReport(s->index(), region); });
  });
  return r;
}

report::Scorecard ReportService::scorecard(const Caller&, const ReportQuery& q) {
  Date d = asOf(q);
  report::Scorecard s;
  ctx_.db.read([&](store::Connection& c) {
    auto snap = snapshot(c, d);
    s = report::scorecard(plan_, *progressOf(c, *snap), store::ReportRepository::latestStatuses(c, plan_.id, d));
  });
  return s;
}

report::RoadmapReport ReportService::roadmaps(const Caller&, const ReportQuery& q) {
  Date to = asOf(q);
  Date from = fromOf(q, to);
  report::RoadmapReport r;
  ctx_.db.read([&](store::Connection& c) {
    auto snap = snapshot(c, to);
    r = *snap->result<report::RoadmapReport>(versionKey(c, "liaison from=" + from.toString(), kLiaisonSources), [&] {
      auto problems = store::ReportRepository::problemStates(c, to);
      auto liaison = store::LiaisonFactsRepository::everyRegionFacts(c, regions_.regions, from, to);
      return report::roadmapReport(snap->facts(), problems, liaison, liaison_, from, regions_);
    });
  });
  return r;
}

report::DrillResult ReportService::drillRows(const Caller& caller, const DrillRequest& req, Date& as_of,
                                             std::vector<DrillItem>& visible) {
  as_of = asOf(req.query);
  report::DrillQuery q = req.drill;
  q.region = regionOf(req.query.region);
  if (q.report == "ladder") q.from = fromOf(req.query, as_of);
  report::DrillResult result;
  ctx_.db.read([&](store::Connection& c) {
    auto snap = snapshot(c, as_of);
    const auto& facts = snap->facts();
    const auto& nodes = snap->graphNodes();
    result = report::drillDown(q, plan_, targets_, splitsOf(c), snap->index(), catalog_.city.code, nodes);
    if (result.graph) {
      std::map<domain::NodeId, const domain::GraphNode*> by_id;
      for (const auto& n : nodes) by_id[n.id] = &n;
      std::vector<domain::NodeId> linked;
      if (caller.assignedOnly()) linked = store::ReportRepository::nodesLinkedToOfficer(c, caller.user_id, as_of);
      for (const auto& row : result.rows) {
        const domain::GraphNode& n = *by_id.at(row.node_id);
        if (!caller.canSeeRegion(n.region_code)) continue;
        if (caller.assignedOnly() && !std::binary_search(linked.begin(), linked.end(), n.id)) continue;
        visible.push_back(DrillItem{{}, row, n});
      }
      return;
    }
    for (const auto& row : result.rows) {
      auto it = facts.enterprises.find(row.enterprise_id);
      if (it == facts.enterprises.end()) continue;
      const auto& e = it->second;
      if (!Scope(caller).sees(c, e.id, e.region_code)) continue;
      visible.push_back(DrillItem{e, row, std::nullopt});
    }
  });
  return result;
}

DrillPage ReportService::drill(const Caller& caller, const DrillRequest& r) {
  std::int64_t limit = r.limit.value_or(50);
  if (limit < 1 || limit > ctx_.max_page_size)
    throw Error(errc::out_of_range, "limit must be 1 to " + std::to_string(ctx_.max_page_size), "limit");
  std::int64_t offset = 0;
  if (!r.cursor.empty()) {
    if (r.cursor.size() > 9 || r.cursor.find_first_not_of("0123456789") != std::string::npos)
      throw Error(errc::invalid_cursor, "cursor is not one this server issued", "cursor");
    offset = std::stoll(r.cursor);
  }
  DrillPage page;
  std::vector<DrillItem> visible;
  auto result = drillRows(caller, r, page.as_of, visible);
  page.date_label = result.date_label;
  page.graph = result.graph;
  page.total = static_cast<std::int64_t>(visible.size());
  for (std::int64_t i = offset; i < page.total && i < offset + limit; ++i) page.items.push_back(visible[i]);
  if (offset + limit < page.total) page.next_cursor = std::to_string(offset + limit);
  return page;
}

std::int64_t ReportService::exportDrill(const Caller& caller, const DrillRequest& r, domain::TableSink& sink) {
  Date as_of;
  std::vector<DrillItem> visible;
  auto result = drillRows(caller, r, as_of, visible);
  ctx_.checkExportTotal(static_cast<std::int64_t>(visible.size()), "narrow it by region or date");
  sink.beginSheet("明细", report::drillColumns(result));
  for (const auto& item : visible)
    sink.row(item.node ? report::graphDrillRow(item.row, *item.node, regions_)
                       : report::drillRow(item.row, item.enterprise, regions_));
  return static_cast<std::int64_t>(visible.size());
}

std::vector<domain::Table> ReportService::roadmapBook(const Caller& caller, const ReportQuery& q,
                                                      const std::string& pool, int target_year) {
  if (!domain::findPool(pool)) throw Error(errc::unknown_pool, "no reserve pool \"" + pool + "\"", "pool");
  if (target_year < 2000 || target_year > 2100)
    throw Error(errc::out_of_range, "target_year must be a year 2000 to 2100", "target_year");
  Date d = asOf(q);
  std::string region = regionOf(q.region);
  std::vector<report::BookMember> members;
  ctx_.db.read([&](store::Connection& c) {
    auto snap = snapshot(c, d);
    const auto& facts = snap->facts();
    const auto& ix = snap->index();
    const std::string day = d.toString();
    for (const auto& m : facts.memberships) {
      if (m.pool != pool || m.target_year != target_year || m.exited_on) continue;
      auto it = facts.enterprises.find(m.enterprise_id);
      if (it == facts.enterprises.end() || !ix.inRegion(m.enterprise_id, region)) continue;
      const auto& e = it->second;
      if (!Scope(caller).sees(c, e.id, e.region_code)) continue;
      report::BookMember b{e, m, ix.topOn(e.id, d), {}};
      for (auto& k : store::PoolRepository::milestones(c, m.id))
        if (k.status != "retired" && k.created_at.substr(0, 10) <= day) b.milestones.push_back(std::move(k));
      members.push_back(std::move(b));
    }
  });
  return report::roadmapBookTables(std::move(members), regions_, ladder_, d);
}

TargetsView ReportService::targets(const Caller&) {
  TargetsView v;
  v.config = targets_.targets;
  ctx_.db.read([&](store::Connection& c) { v.splits = splitsOf(c); });
  return v;
}

domain::Target ReportService::cityTarget(const std::string& metric, const std::string& period_text) const {
  if (!plan_.findMetric(metric)) throw Error(errc::unknown_metric, "no metric \"" + metric + "\" in the plan", "metric");
  auto period = domain::Period::parse(period_text);
  if (!period) throw Error(errc::invalid_period, "period must be YYYY or YYYY-YYYY", "period");
  for (const auto& t : targets_.targets)
    if (t.metric == metric && t.region == catalog_.city.code && t.period.from == period->from &&
        t.period.to == period->to)
      return t;
  throw Error(errc::no_city_target, "config/targets.json has no city target for " + metric + " " + period->toString(), "period");
}

void ReportService::checkShareOf(const std::string& region, std::int64_t value, const std::string& region_field,
                                 const std::string& value_field) const {
  if (region == catalog_.city.code || !catalog_.findRegion(region))
    throw Error(errc::unknown_region, "'" + region + "' is not a region below the city", region_field);
  if (value < 0 || value > kMaxTarget)
    throw Error(errc::out_of_range, value_field + " must be 0 to " + std::to_string(kMaxTarget), value_field);
}

SplitView ReportService::splitTarget(const Caller& caller, const std::string& metric, const std::string& period_text,
                                     const io::SplitDraft& draft) {
  SplitView v;
  v.city = cityTarget(metric, period_text);
  for (const auto& [code, value] : draft.regions) {
    std::string field = "regions." + code;
    checkShareOf(code, value, field, field);
    v.total += value;
  }
  const std::string key = v.city.period.toString();
  ctx_.db.write([&](store::Connection& c) {
    nlohmann::json before = nlohmann::json::object(), after = nlohmann::json::object();
    for (const auto& s : store::ReportRepository::splits(c))
      if (s.metric == metric && s.period.toString() == key) before[s.region] = s.value;
    for (const auto& [code, value] : draft.regions) after[code] = value;
    store::ReportRepository::replaceSplit(c, metric, key, draft.regions, caller.user, ctx_.now());
    ctx_.audit.record(c, caller, "plan.target", AuditObject{"target", metric + "/" + key, ""},
                  AuditTrail::diff(before, after));
    for (const auto& s : splitsOf(c))
      if (s.metric == metric && s.period.toString() == key) v.regions.push_back(s);
  });
  return v;
}

domain::Target ReportService::checkShare(const std::string& metric, const std::string& period, const std::string& region,
                                         std::int64_t value) const {
  domain::Target share = cityTarget(metric, period);
  checkShareOf(region, value, "region", "value");
  share.region = region;
  share.value = value;
  share.origin = "split";
  return share;
}

std::optional<std::int64_t> ReportService::shareOn(store::Connection& c, const domain::Target& share) {
  const std::string key = share.period.toString();
  for (const auto& s : store::ReportRepository::splits(c))
    if (s.metric == share.metric && s.period.toString() == key && s.region == share.region) return s.value;
  return std::nullopt;
}

void ReportService::setShareOn(store::Connection& c, const Caller& caller, const domain::Target& share,
                               std::optional<std::int64_t> value) {
  const std::string key = share.period.toString();
  std::vector<std::pair<std::string, std::int64_t>> regions;
  nlohmann::json before = nlohmann::json::object(), after = nlohmann::json::object();
  for (const auto& s : store::ReportRepository::splits(c)) {
    if (s.metric != share.metric || s.period.toString() != key) continue;
    before[s.region] = s.value;
    if (s.region != share.region) regions.emplace_back(s.region, s.value);
  }
  if (value) regions.emplace_back(share.region, *value);
  for (const auto& [code, v] : regions) after[code] = v;
  store::ReportRepository::replaceSplit(c, share.metric, key, regions, caller.user, ctx_.now());
  ctx_.audit.record(c, caller, "plan.target", AuditObject{"target", share.metric + "/" + key, ""},
                    AuditTrail::diff(before, after));
}

std::vector<domain::TaskStatusUpdate> ReportService::statusHistory(const Caller&, int task) {
  if (!plan_.findTask(task)) throw Error(errc::task_not_found, "no task " + std::to_string(task) + " in the plan");
  std::vector<domain::TaskStatusUpdate> out;
  ctx_.db.read([&](store::Connection& c) { out = store::ReportRepository::statusHistory(c, plan_.id, task); });
  return out;
}

domain::TaskStatusUpdate ReportService::recordStatus(const Caller& caller, int task, const io::StatusDraft& draft) {
  const domain::PlanTask* t = plan_.findTask(task);
  if (!t) throw Error(errc::task_not_found, "no task " + std::to_string(task) + " in the plan");
  if (!plan_.isStatus(draft.status))
    throw Error(errc::unknown_status, "status must be not_started, in_progress, done or delayed", "status");
  domain::TaskStatusUpdate u;
  u.plan = plan_.id;
  u.task = task;
  u.status = draft.status;
  Date t_day = ctx_.today();
  u.on = draft.on ? parseDate(*draft.on, "on") : t_day;
  if (u.on > t_day) throw Error(errc::in_future, "a status holds from a day not after today", "on");
  checkTextField(draft.unit, "unit", kMaxUnit, true);
  if (std::find(t->lead_units.begin(), t->lead_units.end(), draft.unit) == t->lead_units.end())
    throw Error(errc::not_a_lead_unit, "'" + draft.unit + "' is not a lead unit of task " + std::to_string(task), "unit");
  checkTextField(draft.note, "note", kMaxNote, false, true);
  u.unit = draft.unit;
  u.note = draft.note;
  u.recorded_by = caller.user;
  u.recorded_at = ctx_.now();
  ctx_.db.write([&](store::Connection& c) {
    u.id = store::ReportRepository::insertStatus(c, u);
    nlohmann::json changes = {{"status", {nullptr, u.status}}, {"on", {nullptr, u.on.toString()}},
                              {"unit", {nullptr, u.unit}}, {"note", {nullptr, u.note}}};
    ctx_.audit.record(c, caller, "plan.status", AuditObject{"plan_task", plan_.id + "#" + std::to_string(task), ""},
                  changes.dump());
  });
  return u;
}

}  // namespace trellis::service
