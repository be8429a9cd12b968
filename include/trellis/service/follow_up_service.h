// Follow-up discipline: an officer's queue of contacts due and overdue (liaison_cadence.h) and
// problems past their deadline; and the liaison metrics per region and per officer
// (liaison_metrics.h) for any period. Reads only.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/catalog.h"
#include "trellis/domain/liaison.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/report/liaison_metrics.h"
#include "trellis/store/database.h"
#include "trellis/store/problem_repository.h"

namespace trellis::service {

struct QueueItem {
  std::string uscc, name, region_code;
  std::string contact_phone;        // masked unless the caller's duty needs it (EnterpriseService::masksPhoneFor)
  std::optional<std::string> tier;  // key | long_term; none: in no reserve pool
  int cadence_days = 0;
  std::optional<Date> last_contact;
  std::optional<Date> promised;     // next_contact_due of the last contact
  Date due_on;
  std::int64_t days_overdue = 0;    // > 0 overdue, 0 due today, < 0 due in that many days
  std::string state;                // overdue | due_today | due_soon
};

struct FollowUpQueue {
  std::string officer_login;
  Date today;
  std::vector<QueueItem> contacts;               // overdue first, then by due date
  std::vector<domain::ProblemItem> problems_past_deadline;  // by deadline, as read today
};

struct MetricsQuery {
  std::string region;  // "" = the caller's region (county) or the whole city (bureau)
  std::optional<std::string> from, to;  // default: 1 January of `to`'s year .. today
};

struct MetricsReport {
  std::string region;  // "" = the city
  Date from, to;
  report::LiaisonMetrics totals;
  std::vector<report::OfficerMetrics> officers;
};

class FollowUpService {
 public:
  FollowUpService(const Context& ctx, const domain::Catalog& catalog, const domain::LiaisonConfig& config);

  // The caller's own queue (empty for a user with no assignments); bureau and county users may
  // name a liaison officer in their scope instead (officer login): Error invalid "officer"
  // (unknown_officer — also for one outside the caller's region — or not_a_liaison). A liaison
  // officer naming another officer: forbidden.
  FollowUpQueue queue(const Caller& caller, const std::string& officer_login);
  // Error invalid for an unknown region or bad dates (from > to, a span over 3660 days);
  // forbidden when a county user asks for another region or the whole city.
  MetricsReport metrics(const Caller& caller, const MetricsQuery& query);

 private:
  const Context& ctx_;
  const domain::Catalog& catalog_;
  const domain::LiaisonConfig& config_;
};

}  // namespace trellis::service
