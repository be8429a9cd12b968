#include "trellis/service/follow_up_service.h"

#include <algorithm>

#include "trellis/core/error.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/service/problem_service.h"
#include "trellis/service/scope.h"
#include "trellis/report/liaison_cadence.h"
#include "trellis/store/liaison_facts_repository.h"
#include "trellis/store/user_repository.h"

namespace trellis::service {
namespace {

constexpr int kMaxPastDeadline = 500;

Date parseDate(const std::string& value, const std::string& field) {
  auto d = Date::parse(value);
  if (!d) throw Error(errc::invalid_date, field + " must be a date YYYY-MM-DD", field);
  return *d;
}

}  // namespace

FollowUpService::FollowUpService(const Context& ctx, const domain::Catalog& catalog, const domain::LiaisonConfig& config)
    : ctx_(ctx), catalog_(catalog), config_(config) {}

FollowUpQueue FollowUpService::queue(const Caller& caller, const std::string& officer_login) {
  FollowUpQueue q;
  q.today = ctx_.today();
  if (caller.role == domain::Role::liaison && !officer_login.empty() && officer_login != caller.user)
    throw Error(errc::forbidden, "a liaison officer sees only their own queue");
  ctx_.db.read([&](store::Connection& c) {
    // The caller's own queue (empty for a user with no assignments), or a named officer's.
    std::int64_t officer_id = caller.user_id;
    q.officer_login = caller.user;
    if (!officer_login.empty() && officer_login != caller.user) {
      auto officer = store::UserRepository::findByLogin(c, officer_login);
      // An officer outside the caller's region reads like an unknown one.
      if (!officer || !caller.canSeeRegion(officer->region_scope))
        throw Error(errc::unknown_officer, "no liaison officer '" + officer_login + "' in your scope", "officer");
      if (domain::parseRole(officer->role) != domain::Role::liaison)
        throw Error(errc::not_a_liaison, "user '" + officer_login + "' is not a liaison officer", "officer");
      officer_id = officer->id;
      q.officer_login = officer->login;
    }
    if (!officer_id) return;  // the system caller looks after nothing
    for (const auto& p : store::LiaisonFactsRepository::portfolio(c, officer_id, q.today)) {
      QueueItem item;
      item.uscc = p.uscc;
      item.name = p.name;
      item.region_code = p.region_code;
      item.contact_phone = EnterpriseService::masksPhoneFor(caller) ? io::maskPhone(p.contact_phone) : p.contact_phone;
      item.tier = p.tier;
      item.cadence_days = config_.cadenceDays(p.tier.value_or(""));
      item.last_contact = p.last_contact;
      item.promised = p.last_next_contact_due;
      Date base = p.pool_entered_on.value_or(p.assigned_on);  // C3
      item.due_on = report::nextContactDue(p.last_contact, p.last_next_contact_due, base, item.cadence_days);
      item.days_overdue = q.today.daysSinceEpoch() - item.due_on.daysSinceEpoch();
      if (item.days_overdue > 0) item.state = "overdue";
      else if (item.days_overdue == 0) item.state = "due_today";
      else if (-item.days_overdue <= config_.due_soon_days) item.state = "due_soon";
      else continue;  // not due yet: not in the queue
      q.contacts.push_back(std::move(item));
    }
    store::ProblemFilter f;
    f.scope.officer_id = officer_id;
    f.overdue_on = q.today.toString();
    f.limit = kMaxPastDeadline;
    for (auto& row : store::ProblemRepository::list(c, f).items)
      q.problems_past_deadline.push_back(problemItemOf(std::move(row), q.today));
  });
  std::stable_sort(q.contacts.begin(), q.contacts.end(),
                   [](const QueueItem& a, const QueueItem& b) { return a.due_on < b.due_on; });
  std::stable_sort(q.problems_past_deadline.begin(), q.problems_past_deadline.end(),
                   [](const auto& a, const auto& b) { return a.problem.deadline < b.problem.deadline; });
  return q;
}

MetricsReport FollowUpService::metrics(const Caller& caller, const MetricsQuery& query) {
  MetricsReport r;
  r.region = query.region;
  if (r.region == catalog_.city.code) r.region.clear();
  if (!r.region.empty() && !catalog_.findRegion(r.region))
    throw Error(errc::unknown_region, "region '" + r.region + "' is not configured", "region");
  if (!caller.cityWide()) {
    if (query.region.empty()) r.region = caller.region_scope;
    if (r.region != caller.region_scope)
      throw Error(errc::forbidden, "you see the liaison metrics of your own region only");
  }
  r.to = query.to ? parseDate(*query.to, "to") : ctx_.today();
  r.from = query.from ? parseDate(*query.from, "from") : Date(r.to.year(), 1, 1);
  if (r.from > r.to) throw Error(errc::after_to, "from is after to", "from");
  if (r.to.daysSinceEpoch() - r.from.daysSinceEpoch() > 3660)
    throw Error(errc::period_too_long, "the period may span at most ten years", "from");
  store::RegionFacts facts;
  ctx_.db.read([&](store::Connection& c) { facts = store::LiaisonFactsRepository::regionFacts(c, r.region, r.from, r.to); });
  if (caller.assignedOnly()) {
    // A liaison officer sees its own figures only: the totals are those of its own enterprises
    // (coverage left absent) and the one row is its own — never the region's or a colleague's.
    r.totals = report::computeLiaisonMetrics(facts, config_, r.from, r.to, Scope(caller).listFilter().officer_id);
    for (auto& o : report::computeOfficerMetrics(facts, config_, r.from, r.to))
      if (o.login == caller.user) r.officers.push_back(std::move(o));
    return r;
  }
  r.totals = report::computeLiaisonMetrics(facts, config_, r.from, r.to);
  r.officers = report::computeOfficerMetrics(facts, config_, r.from, r.to);
  return r;
}

}  // namespace trellis::service
