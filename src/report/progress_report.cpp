#include "trellis/report/progress_report.h"

#include <cmath>
#include <set>

#include "trellis/report/graph_metrics.h"

namespace trellis::report {
namespace {

bool isCity(const std::string& region, const RegionList& regions) { return region.empty() || region == regions.city; }

double round1(double v) { return std::round(v * 10.0) / 10.0; }

// Memberships open on d (entered by d, not exited by d: the facts cleared later exits).
bool openOn(const domain::PoolMember& m, Date d) { return m.entered_on <= d && !m.exited_on; }

}  // namespace

std::map<std::int64_t, RoadmapTally> roadmapTallies(const store::ReportFacts& facts, Date on) {
  std::map<std::int64_t, RoadmapTally> out;
  for (const auto& k : facts.milestones) {
    auto& t = out[k.membership_id];
    bool done = k.status == "done" && k.done_on && *k.done_on <= on;
    if (done) {
      ++t.done;
      if (*k.done_on <= k.due_on) ++t.done_on_time;
    } else if (k.status != "waived" && k.status != "retired" && k.due_on < on) {
      ++t.overdue;
    }
  }
  return out;
}

std::vector<std::int64_t> metricActual(const LadderIndex& ix, const domain::PlanMetric& m, int period_from_year,
                                       const std::string& region) {
  std::vector<std::int64_t> out;
  if (!m.fromDesignations()) return out;
  const Date d = ix.facts().as_of;
  Date from = m.measure == domain::Measure::new_per_year ? Date(d.year(), 1, 1) : Date(period_from_year, 1, 1);
  for (auto id : ix.withDesignations()) {
    if (!ix.inRegion(id, region)) continue;
    if (m.measure == domain::Measure::holders) {
      if (ix.holds(id, m.stage, d)) out.push_back(id);
    } else {
      auto first = ix.firstHeld(id, m.stage);
      if (first && *first >= from && *first <= d) out.push_back(id);
    }
  }
  return out;
}

std::vector<std::int64_t> metricNewThisYear(const LadderIndex& ix, const domain::PlanMetric& m,
                                            const std::string& region) {
  domain::PlanMetric per_year = m;
  per_year.measure = domain::Measure::new_per_year;
  return metricActual(ix, per_year, ix.facts().as_of.year(), region);
}

ConversionRate conversionRate(const LadderIndex& ix, const std::string& stage, int year, int lookback_years) {
  ConversionRate c;
  std::int64_t reached = 0;
  for (const auto& m : ix.facts().memberships) {
    if (m.target_stage != stage || m.target_year >= year || m.target_year < year - lookback_years) continue;
    Date end(m.target_year, 12, 31);
    if (m.entered_on > end) continue;
    ++c.base;
    auto start = ix.firstStartOnOrAfter(m.enterprise_id, stage, m.entered_on);
    if (start && *start <= end) ++reached;
  }
  if (c.base > 0) c.rate = static_cast<double>(reached) / static_cast<double>(c.base);
  return c;
}

std::vector<ForecastCandidate> forecastCandidates(const LadderIndex& ix, const domain::PlanMetric& m,
                                                  const ConversionRate& c, const std::string& region) {
  std::vector<ForecastCandidate> out;
  if (!m.fromDesignations() || !c.rate) return out;
  const Date d = ix.facts().as_of;
  auto tallies = roadmapTallies(ix.facts(), d);
  std::set<std::int64_t> seen;
  for (const auto& member : ix.facts().memberships) {
    if (member.target_stage != m.stage || member.target_year != d.year() || !openOn(member, d)) continue;
    if (!ix.inRegion(member.enterprise_id, region) || seen.count(member.enterprise_id)) continue;
    bool counts = m.measure == domain::Measure::holders ? ix.holds(member.enterprise_id, m.stage, d)
                                                        : ix.firstHeld(member.enterprise_id, m.stage).has_value();
    if (counts) continue;
    seen.insert(member.enterprise_id);
    ForecastCandidate fc;
    fc.enterprise_id = member.enterprise_id;
    fc.membership_id = member.id;
    if (auto it = tallies.find(member.id); it != tallies.end()) fc.on_time = it->second.onTime();
    fc.weight = *c.rate * fc.on_time.value_or(1.0);
    out.push_back(fc);
  }
  return out;
}

ProgressReport progressReport(const domain::Plan& plan, const domain::TargetBook& book,
                              const std::vector<domain::Target>& splits, const LadderIndex& ix,
                              const RegionList& regions, const std::vector<domain::GraphNode>& graph_nodes) {
  ProgressReport r;
  r.as_of = ix.facts().as_of;
  r.year = r.as_of.year();
  const Date d = r.as_of;
  const Date year_end(r.year, 12, 31);
  const Date year_start(r.year, 1, 1);
  auto tallies = roadmapTallies(ix.facts(), d);
  for (const auto& metric : plan.metrics) {
    MetricProgress mp;
    mp.metric = &metric;
    mp.measured = metric.measurable();
    if (metric.fromGraph()) {
      auto cell = [&](const std::string& code) {
        ProgressCell c;
        c.region = code;
        c.target = book.find(metric.key, r.year, code, splits);
        const std::string scope = isCity(code, regions) ? "" : code;
        int period_from = c.target ? c.target->period.from : plan.from_year;
        c.actual = static_cast<std::int64_t>(graphMetricActual(graph_nodes, metric, d, period_from, scope).size());
        c.new_this_year = static_cast<std::int64_t>(graphMetricNew(graph_nodes, metric, d, scope).size());
        if (c.target && c.target->value > 0)
          c.attainment = static_cast<double>(*c.actual) / static_cast<double>(c.target->value);
        return c;
      };
      mp.city = cell(regions.city);
      for (const auto& code : regions.regions) mp.regions.push_back(cell(code));
      r.metrics.push_back(std::move(mp));
      continue;
    }
    // One pass over the enterprises per metric (the same tests as metricActual and
    // forecastCandidates, which the drill-downs use); the cells only filter by region. Each fact
    // carries its enterprise's region, looked up once: the cells (city + ten regions) filter
    // every fact, and looking the region up per cell made progress take 17 s at province scale
    // (200k enterprises: 10M map lookups).
    struct Fact {
      std::int64_t id;
      const std::string* region;
      bool holds_now, holds_year_end;
      std::optional<Date> first;
    };
    std::vector<Fact> facts;
    struct Candidate {
      std::int64_t enterprise_id;
      const std::string* region;
      double on_time;
    };
    std::vector<Candidate> candidates;
    ConversionRate conv;
    if (metric.fromDesignations()) {
      conv = conversionRate(ix, metric.stage, r.year, book.forecast_lookback_years);
      mp.conversion_rate = conv.rate;
      mp.conversion_base = conv.base;
      for (auto id : ix.withDesignations()) {
        Fact f{id, &ix.regionOf(id), ix.holds(id, metric.stage, d), false, ix.firstHeld(id, metric.stage)};
        if (f.holds_now) f.holds_year_end = ix.holds(id, metric.stage, year_end);
        if (f.holds_now || f.first) facts.push_back(f);
      }
      if (conv.rate) {
        std::set<std::int64_t> seen;
        for (const auto& member : ix.facts().memberships) {
          if (member.target_stage != metric.stage || member.target_year != r.year || !openOn(member, d)) continue;
          if (seen.count(member.enterprise_id)) continue;
          bool counts = metric.measure == domain::Measure::holders ? ix.holds(member.enterprise_id, metric.stage, d)
                                                                   : ix.firstHeld(member.enterprise_id, metric.stage).has_value();
          if (counts) continue;
          seen.insert(member.enterprise_id);
          std::optional<double> on_time;
          if (auto it = tallies.find(member.id); it != tallies.end()) on_time = it->second.onTime();
          candidates.push_back({member.enterprise_id, &ix.regionOf(member.enterprise_id), on_time.value_or(1.0)});
        }
      }
    }
    auto cell = [&](const std::string& code) {
      ProgressCell c;
      c.region = code;
      c.target = book.find(metric.key, r.year, code, splits);
      if (!metric.fromDesignations()) return c;
      const std::string scope = isCity(code, regions) ? "" : code;
      int period_from = c.target ? c.target->period.from : plan.from_year;
      const Date from = metric.measure == domain::Measure::new_per_year ? year_start : Date(period_from, 1, 1);
      std::int64_t actual = 0, fresh = 0;
      double base = 0;
      auto inScope = [&](const std::string* region) { return scope.empty() || *region == scope; };
      for (const auto& f : facts) {
        if (!inScope(f.region)) continue;
        bool is_new = f.first && *f.first >= year_start && *f.first <= d;
        if (is_new) ++fresh;
        if (metric.measure == domain::Measure::holders) {
          if (f.holds_now) {
            ++actual;
            if (f.holds_year_end) base += 1;
          }
        } else if (f.first && *f.first >= from && *f.first <= d) {
          ++actual;
        }
      }
      c.actual = actual;
      c.new_this_year = fresh;
      if (c.target && c.target->value > 0) c.attainment = static_cast<double>(actual) / static_cast<double>(c.target->value);
      if (conv.rate) {
        if (metric.measure != domain::Measure::holders) base = static_cast<double>(actual);
        for (const auto& cand : candidates) {
          if (!inScope(cand.region)) continue;
          ++c.forecast_candidates;
          base += *conv.rate * cand.on_time;
        }
        c.forecast = round1(base);
      }
      return c;
    };
    mp.city = cell(regions.city);
    for (const auto& code : regions.regions) mp.regions.push_back(cell(code));
    r.metrics.push_back(std::move(mp));
  }
  return r;
}

}  // namespace trellis::report
