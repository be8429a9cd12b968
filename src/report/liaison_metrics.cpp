#include "trellis/report/liaison_metrics.h"

#include <algorithm>
#include <set>

#include "trellis/report/liaison_cadence.h"

namespace trellis::report {
namespace {

std::optional<double> ratio(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

// The status on `to` (M5): the last change on or before it; none before the first event.
std::optional<std::string> statusOn(const store::ProblemFact& p, const Date& to) {
  std::optional<std::string> s;
  for (const auto& [on, status] : p.events)
    if (on <= to) s = status;
  return s;
}

}  // namespace

LiaisonMetrics computeLiaisonMetrics(const store::RegionFacts& f, const domain::LiaisonConfig& cfg, const Date& from,
                                     const Date& to, std::int64_t officer_id) {
  auto inScope = [&](std::int64_t enterprise_id) {
    if (!officer_id) return true;
    auto it = f.officer_of.find(enterprise_id);
    return it != f.officer_of.end() && it->second == officer_id;
  };
  auto inPeriod = [&](const Date& d) { return d >= from && d <= to; };
  LiaisonMetrics m;
  static const std::vector<Date> kNone;
  std::set<std::int64_t> members;
  for (const auto& member : f.members) {
    if (!inScope(member.enterprise_id)) continue;
    members.insert(member.enterprise_id);
    ++m.members;
    if (f.officer_of.count(member.enterprise_id)) ++m.members_assigned;  // M2
    auto it = f.contact_dates.find(member.enterprise_id);
    const auto& dates = it == f.contact_dates.end() ? kNone : it->second;
    m.contacts += std::count_if(dates.begin(), dates.end(), inPeriod);  // M3
    if (contactedWithinCadence(dates, member.entered_on, cfg.cadenceDays(member.tier), from, to))  // M4
      ++m.members_within_cadence;
  }
  for (const auto& [enterprise_id, dates] : f.contact_dates)
    if (inScope(enterprise_id)) m.contacts_all += std::count_if(dates.begin(), dates.end(), inPeriod);

  std::vector<std::int64_t> days;
  for (const auto& p : f.problems) {
    if (!inScope(p.enterprise_id) || !inPeriod(p.raised_on)) continue;
    ++m.problems_raised;  // M5
    auto status = statusOn(p, to);
    if (status == "resolved" || status == "closed") {
      ++m.problems_resolved;
      std::optional<Date> resolved_on;  // M6
      for (const auto& [on, s] : p.events)
        if (on <= to && s == "resolved") resolved_on = on;
      if (resolved_on) days.push_back(resolved_on->daysSinceEpoch() - p.raised_on.daysSinceEpoch());
    }
    if (status == "closed" && p.satisfaction) {  // M7
      ++m.problems_closed;
      if (*p.satisfaction >= cfg.satisfied_at_least) ++m.problems_satisfied;
    }
  }
  if (!officer_id) m.coverage = ratio(m.members_assigned, m.members);
  m.contacts_per_member = ratio(m.contacts, m.members);
  m.within_cadence_rate = ratio(m.members_within_cadence, m.members);
  m.resolution_rate = ratio(m.problems_resolved, m.problems_raised);
  m.satisfaction_rate = ratio(m.problems_satisfied, m.problems_closed);
  if (!days.empty()) {
    std::sort(days.begin(), days.end());
    size_t n = days.size();
    m.median_days_to_resolve = n % 2 ? static_cast<double>(days[n / 2])
                                     : (static_cast<double>(days[n / 2 - 1]) + static_cast<double>(days[n / 2])) / 2.0;
  }
  return m;
}

std::vector<OfficerMetrics> computeOfficerMetrics(const store::RegionFacts& f, const domain::LiaisonConfig& cfg,
                                                  const Date& from, const Date& to) {
  std::set<std::int64_t> officers;
  for (const auto& [enterprise_id, officer] : f.officer_of) officers.insert(officer);
  std::vector<OfficerMetrics> out;
  for (auto id : officers) {
    auto login = f.officer_login.find(id);
    auto name = f.officer_name.find(id);
    out.push_back({login == f.officer_login.end() ? "" : login->second, name == f.officer_name.end() ? "" : name->second,
                   computeLiaisonMetrics(f, cfg, from, to, id)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.login < b.login; });
  return out;
}

}  // namespace trellis::report
