// Progress against the plan (issue 11): the reports of report/ as of any date, their drill-downs
// and exports, task status updates and target splits. Reads run in one snapshot each.
// Scope (README "Who may do what"): the aggregate figures of every region are visible to every role
// that reads reports (counties are ranked against each other); a drill-down lists only what the
// caller may see — its region's enterprises, a liaison officer's own; for a graph metric the nodes
// of its region (a liaison officer: those the graph shows it, linked that day to its own) — and an
// out-of-scope region's list reads exactly like an empty one. Writes (status, splits) are audited in their transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/catalog.h"
#include "trellis/domain/liaison.h"
#include "trellis/domain/plan.h"
#include "trellis/domain/table.h"
#include "trellis/io/plan_json.h"
#include "trellis/report/drill_down.h"
#include "trellis/report/funnel_report.h"
#include "trellis/report/ladder_report.h"
#include "trellis/report/progress_report.h"
#include "trellis/report/report_cache.h"
#include "trellis/report/roadmap_book.h"
#include "trellis/report/roadmap_report.h"
#include "trellis/report/scorecard.h"
#include "trellis/rules/ladder.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/database.h"

namespace trellis::service {

// Query parameters as received (strings), checked here: Error invalid naming the parameter.
struct ReportQuery {
  std::optional<std::string> as_of;   // YYYY-MM-DD, default today; not after today
  std::optional<std::string> from;    // ladder moves / liaison period start; default 1 Jan of as_of's year
  std::string region;                 // funnel, drill-down: "" or the city code = the city
};

struct DrillRequest {
  ReportQuery query;
  report::DrillQuery drill;           // report, metric, measure, stage, kind, pool, outcome, cohort
  std::optional<std::int64_t> limit;  // default 50, at most the service's page size
  std::string cursor;                 // the offset of the next page
};

struct DrillItem {
  store::EnterpriseFact enterprise;       // empty for a graph node's row
  report::DrillRow row;
  std::optional<domain::GraphNode> node;  // a graph metric's row
};

struct DrillPage {
  Date as_of;
  std::string date_label;
  bool graph = false;                 // items are graph nodes (a graph metric)
  std::int64_t total = 0;             // rows the caller may see
  std::vector<DrillItem> items;
  std::string next_cursor;            // empty on the last page
};

struct TargetsView {
  std::vector<domain::Target> config;  // config/targets.json
  std::vector<domain::Target> splits;  // the bureau's splits (bound copied from the city target)
};

struct SplitView {
  domain::Target city;                 // the city target split
  std::vector<domain::Target> regions;
  std::int64_t total = 0;              // Σ region values
};

class ReportService {
 public:
  ReportService(const Context& ctx, const domain::Catalog& catalog, const domain::Plan& plan,
                const domain::TargetBook& targets, const rules::Ladder& ladder, const domain::LiaisonConfig& liaison);

  const domain::Plan& plan() const { return plan_; }
  const report::RegionList& regions() const { return regions_; }
  // The day a query's reports are as of: its as_of, or today. Error invalid "as_of" invalid_date
  // / in_future. Downloads name their file after it.
  Date asOf(const ReportQuery& q) const;

  report::ProgressReport progress(const Caller& caller, const ReportQuery& q);
  report::LadderReport ladder(const Caller& caller, const ReportQuery& q);
  report::FunnelReport funnel(const Caller& caller, const ReportQuery& q);
  report::Scorecard scorecard(const Caller& caller, const ReportQuery& q);
  // Liaison and roadmaps over [from, to = as_of]; Error invalid "from" after_to / period_too_long.
  report::RoadmapReport roadmaps(const Caller& caller, const ReportQuery& q);

  DrillPage drill(const Caller& caller, const DrillRequest& r);
  // Every row the caller may see into sink (one sheet "明细"), for CSV/XLSX export, all pages
  // (limit and cursor ignored); returns the count. Error invalid "format" export_too_large when
  // the list is longer than the Context's max_export_rows (nothing is written).
  std::int64_t exportDrill(const Caller& caller, const DrillRequest& r, domain::TableSink& sink);

  // The growth-roadmap book (roadmap_book.h) of a pool and target year as of q.as_of, for
  // q.region or every region; lists only members the caller may see. Error invalid "pool"
  // unknown_pool, "target_year" out_of_range (2000–2100).
  std::vector<domain::Table> roadmapBook(const Caller& caller, const ReportQuery& q, const std::string& pool,
                                         int target_year);

  TargetsView targets(const Caller& caller);
  // Replaces the split of a city target across regions. Error invalid: metric unknown_metric,
  // period invalid_period / no_city_target, regions.<code> unknown_region (the city too) /
  // out_of_range (0 … 10^9). Audited "plan.target".
  SplitView splitTarget(const Caller& caller, const std::string& metric, const std::string& period,
                        const io::SplitDraft& draft);

  // splitTarget's parts for the targets import (service/target_import.h), so that a file row
  // passes exactly what PUT …/targets/{metric}/{period} checks. checkShare: one region's share of
  // a city target, refused as splitTarget refuses it (fields metric, period, region, value).
  domain::Target checkShare(const std::string& metric, const std::string& period, const std::string& region,
                            std::int64_t value) const;
  // The stored share of share.metric × share.period for share.region on c; nullopt when none.
  static std::optional<std::int64_t> shareOn(store::Connection& c, const domain::Target& share);
  // Sets (value) or removes (nullopt) one region's share of a split on c, the caller's write
  // transaction, the other regions' shares kept; audited "plan.target" as splitTarget is.
  void setShareOn(store::Connection& c, const Caller& caller, const domain::Target& share,
                  std::optional<std::int64_t> value);
  const domain::Catalog& catalog() const { return catalog_; }

  // Error not_found "task" for an unknown task number.
  std::vector<domain::TaskStatusUpdate> statusHistory(const Caller& caller, int task);
  // Error invalid: status unknown_status, on invalid_date / in_future, unit not_a_lead_unit, note
  // too_long. Audited "plan.status".
  domain::TaskStatusUpdate recordStatus(const Caller& caller, int task, const io::StatusDraft& draft);

 private:
  Date fromOf(const ReportQuery& q, Date as_of) const;
  std::string regionOf(const std::string& region) const;  // "" for the city
  std::vector<domain::Target> splitsOf(store::Connection& c) const;
  // The city target of metric × period (unknown_metric, invalid_period, no_city_target).
  domain::Target cityTarget(const std::string& metric, const std::string& period_text) const;
  // A region's share: a region below the city (unknown_region) and 0 … kMaxTarget (out_of_range).
  void checkShareOf(const std::string& region, std::int64_t value, const std::string& region_field,
                    const std::string& value_field) const;
  static std::vector<domain::GraphNode> graphNodes(store::Connection& c);
  // The facts of as_of, kept between requests while the counters of their tables (sql/015) read
  // the same in c's snapshot (report_cache.h); read from c when not.
  std::shared_ptr<const report::ReportSnapshot> snapshot(store::Connection& c, Date as_of);
  // key followed by each source's change counter in c's snapshot.
  template <std::size_t N>
  static std::string versionKey(store::Connection& c, std::string key, const char* const (&sources)[N]);
  std::shared_ptr<const report::ProgressReport> progressOf(store::Connection& c, const report::ReportSnapshot& s) const;
  report::DrillResult drillRows(const Caller& caller, const DrillRequest& r, Date& as_of,
                                std::vector<DrillItem>& visible);

  const Context& ctx_;
  const domain::Catalog& catalog_;
  const domain::Plan& plan_;
  const domain::TargetBook& targets_;
  const rules::Ladder& ladder_;
  const domain::LiaisonConfig& liaison_;
  report::RegionList regions_;
  report::ReportCache snapshots_;
};

}  // namespace trellis::service
