#include "trellis/app/demo_ladder.h"

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "trellis/service/member_upkeep.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/ladder_repository.h"
#include "trellis/store/pool_repository.h"

namespace trellis::app {
namespace {

// A uniform integer in [lo, hi] from the generator's raw output (portable, unlike std distributions).
std::int64_t between(std::mt19937_64& rng, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
}

// Per-mille scaling with integer arithmetic.
std::int64_t permille(std::int64_t v, std::int64_t pm) { return v * pm / 1000; }

Date dayIn(std::mt19937_64& rng, int year, int month_from, int month_to) {
  int month = static_cast<int>(between(rng, month_from, month_to));
  return Date(year, month, static_cast<int>(between(rng, 1, 28)));
}

// Three years of plausible figures; some enterprises near the HNTE line, some far.
std::vector<domain::YearlyIndicators> indicatorsFor(std::mt19937_64& rng, int first_year, int years) {
  std::vector<domain::YearlyIndicators> out;
  std::int64_t revenue = between(rng, 8, 3000) * 100000;           // 80万 .. 3亿
  std::int64_t employees = between(rng, 15, 450);
  std::int64_t st_pm = between(rng, 50, 350);                       // S&T staff ratio ‰
  std::int64_t rd_pm = between(rng, 15, 80);                        // R&D / revenue ‰
  std::int64_t ht_pm = between(rng, 400, 900);                      // high-tech income share ‰
  std::int64_t class1 = rng() % 4 == 0 ? between(rng, 1, 3) : 0;
  std::int64_t class2 = between(rng, 0, 8);
  bool ledger = rng() % 3 != 0;
  for (int i = 0; i < years; ++i) {
    domain::YearlyIndicators y;
    y.year = first_year + i;
    y.revenue = revenue;
    y.total_income = permille(revenue, 1020);
    y.non_taxable_income = rng() % 5 == 0 ? permille(revenue, 10) : 0;
    y.total_costs = permille(revenue, between(rng, 780, 930));
    y.total_assets = permille(revenue, between(rng, 700, 1400));
    y.total_liabilities = permille(*y.total_assets, between(rng, 250, 650));
    y.employees = employees;
    y.st_staff = permille(employees, st_pm);
    y.rd_expense_total = permille(revenue, rd_pm);
    y.rd_expense_domestic = permille(*y.rd_expense_total, between(rng, 850, 1000));
    y.rd_expense_super_deduction = permille(*y.rd_expense_total, 950);
    y.rd_items.personnel = permille(*y.rd_expense_total, 550);
    y.rd_items.direct_inputs = permille(*y.rd_expense_total, 300);
    y.rd_items.other = *y.rd_expense_total - *y.rd_items.personnel - *y.rd_items.direct_inputs;
    y.high_tech_income = permille(*y.total_income - *y.non_taxable_income, ht_pm);
    y.ip_class1 = class1;
    y.ip_class2 = class2 + i;
    y.results_transformed = between(rng, 0, 5);
    y.rd_ledger_kept = ledger || i == years - 1;
    y.rd_super_deduction_claimed = rng() % 4 != 0;
    out.push_back(y);
    revenue = permille(revenue, between(rng, 950, 1350));
    employees = permille(employees, between(rng, 980, 1150));
    rd_pm = std::min<std::int64_t>(rd_pm + between(rng, -3, 8), 120);
    st_pm = std::min<std::int64_t>(st_pm + between(rng, -10, 20), 600);
  }
  return out;
}

}  // namespace

std::string DemoLadderFigures::summary() const {
  return std::to_string(enterprises) + " enterprises with " + std::to_string(indicator_rows) + " years of indicators, " +
         std::to_string(tech_sme_filings) + " tech-SME filings, " + std::to_string(hnte_certificates) +
         " HNTE certificates, " + std::to_string(eaglets) + " eaglets; HNTE reserve " + std::to_string(hnte_reserve) +
         ", double-hundred reserve " + std::to_string(double_hundred_reserve) + "; " + std::to_string(pipeline_steps) +
         " pipeline steps, " + std::to_string(milestones) + " milestones (" + std::to_string(milestones_done) + " done)";
}

DemoLadderFigures loadDemoLadder(Runtime& runtime, std::uint64_t seed, int max_enterprises) {
  std::mt19937_64 rng(seed ^ 0x1ADDE5ULL);
  const rules::Ladder& ladder = runtime.ladder();
  const Date today = runtime.context().today();
  const int Y = today.year();
  service::Caller system;
  system.request_id = "demo";
  const std::string now = formatTimestamp(runtime.clock().now());
  DemoLadderFigures fig;
  runtime.db().write([&](store::Connection& c) {
    store::EnterpriseFilter all;
    all.limit = max_enterprises;
    auto page = store::EnterpriseRepository::list(c, all);
    std::map<std::string, int> hnte_per_region, dh_per_region;
    int serial = 0;
    for (const auto& e : page.items) {
      ++fig.enterprises;
      int years = rng() % 4 == 0 ? 2 : 3;
      for (const auto& y : indicatorsFor(rng, Y - years, years)) {
        store::LadderRepository::putIndicators(c, e.id, y, "system", now);
        ++fig.indicator_rows;
      }
      store::LadderFacts facts;
      facts.resident_audited_taxpayer = true;
      facts.industry_allowed = true;
      facts.clean_record = rng() % 20 != 0;
      facts.core_tech_in_key_fields = rng() % 5 != 0;
      facts.provincial_rd_institution = rng() % 10 == 0;
      store::LadderRepository::putFacts(c, e.id, facts, "system", now);

      std::vector<domain::Designation> held;
      auto record = [&](domain::Designation d) {
        store::DesignationRecord r{e.id, d, "", "system", now};
        r.designation.ends_on = ladder.endsOn(d.stage, d.starts_on);
        r.designation.id = store::LadderRepository::insertDesignation(c, r);
        held.push_back(r.designation);
      };
      int founded = e.founded_on ? e.founded_on->year() : 2000;
      bool tech_sme = rng() % 10 < 4;
      if (tech_sme) {  // yearly filings, registration number as text per year
        for (int y = std::max(Y - 2, founded + 1); y <= Y; ++y) {
          if (rng() % 5 == 0) continue;
          domain::Designation d;
          d.stage = "tech_sme";
          d.starts_on = dayIn(rng, y, 5, y == Y ? std::min(10, today.month()) : 10);
          if (today < d.starts_on) continue;
          d.number = std::to_string(y) + "41" + e.region_code.substr(2, 4) + "A" + std::to_string(10000 + ++serial);
          d.source = std::to_string(y) + "年河南省第" + std::to_string(between(rng, 1, 4)) + "批科技型中小企业入库名单";
          record(d);
          ++fig.tech_sme_filings;
        }
      }
      if (rng() % 100 < 15 && founded < Y - 3) {  // an HNTE certificate: GR + year + 41 + 6 digits
        int y = static_cast<int>(between(rng, Y - 3, Y - 1));
        domain::Designation d;
        d.stage = "hnte";
        d.starts_on = dayIn(rng, y, 11, 12);
        char number[32];
        std::snprintf(number, sizeof number, "GR%04d41%06d", y, static_cast<int>(between(rng, 1, 4999)));
        d.number = number;
        d.source = "豫科〔" + std::to_string(y + 1) + "〕" + std::to_string(between(rng, 2, 30)) + "号";
        d.evidence = "高新技术企业证书复印件";
        record(d);
        ++fig.hnte_certificates;
        if (rng() % 4 == 0 && d.starts_on.addDays(90) < today) {
          domain::Designation eaglet;
          eaglet.stage = "eaglet";
          eaglet.starts_on = d.starts_on.addDays(between(rng, 60, 300));
          if (eaglet.starts_on < today) {
            eaglet.source = "许昌市雏鹰企业认定名单";
            record(eaglet);
            ++fig.eaglets;
          }
        }
      }

      // Pools: an HNTE reserve and a double-hundred reserve in every region, with tiers.
      auto enter = [&](const std::string& pool, const std::string& target, int target_year, Date entered) {
        domain::PoolMember m;
        m.enterprise_id = e.id;
        m.uscc = e.uscc;
        m.pool = pool;
        m.tier = rng() % 3 == 0 ? "long_term" : "key";
        m.target_stage = target;
        m.target_year = target_year;
        m.region_code = e.region_code;
        m.entered_on = entered;
        m.created_at = m.updated_at = now;
        m.id = store::PoolRepository::insertMember(c, m);
        service::syncRoadmap(c, ladder, runtime.auditTrail(), system, e, m, entered, now);
        auto milestones = store::PoolRepository::milestones(c, m.id);
        for (auto& ms : milestones) {  // work done so far: most early ones on time, some late
          fig.milestones++;
          if (ms.due_on >= today || rng() % 4 == 0) continue;
          ms.status = "done";
          ms.done_on = ms.due_on.addDays(rng() % 4 == 0 ? between(rng, 1, 20) : -between(rng, 0, 30));
          if (today < *ms.done_on) ms.done_on = today;
          if (*ms.done_on < entered) ms.done_on = entered;
          ms.closed_by = "system";
          ms.updated_at = now;
          store::PoolRepository::updateMilestone(c, ms);
          fig.milestones_done++;
        }
        return m;
      };
      bool holds_hnte = ladder.holdsOn("hnte", held, today);
      bool holds_base = holds_hnte || ladder.holdsOn("tech_sme", held, today);
      if (!holds_hnte && hnte_per_region[e.region_code] < 12 && founded < Y - 1 && rng() % 3 == 0) {
        Date entered = dayIn(rng, Y - 1, 3, 9);
        auto m = enter("hnte_reserve", "hnte", rng() % 3 == 0 ? Y : Y + 1, entered);
        hnte_per_region[e.region_code]++;
        fig.hnte_reserve++;
        domain::HnteExpertScores s{static_cast<int>(between(rng, 12, 28)), static_cast<int>(between(rng, 8, 26)),
                                   static_cast<int>(between(rng, 8, 18)), std::nullopt, std::nullopt};
        store::LadderRepository::putExpertScores(c, e.id, m.target_year, s, "预评估（专家组）", "system", now);
        Date step_day = entered.addDays(between(rng, 20, 120));
        for (int k = 0; k < 2 && step_day < today; ++k) {
          domain::PipelineStep st{0, m.id, m.target_year, "coaching", step_day, k == 0 ? "topic" : "onsite",
                                  "", "", k == 0 ? "高企认定政策专题辅导" : "研发费用归集现场指导", "system", now};
          store::PoolRepository::insertStep(c, st);
          fig.pipeline_steps++;
          step_day = step_day.addDays(between(rng, 30, 90));
        }
        if (m.target_year == Y && step_day < today) {
          bool passed = rng() % 3 != 0;
          domain::PipelineStep st{0, m.id, Y, "pre_review", step_day, passed ? "passed" : "returned", "",
                                  passed ? "" : "近三年研发费用归集不完整，需补充专项审计报告", "", "system", now};
          store::PoolRepository::insertStep(c, st);
          fig.pipeline_steps++;
          if (passed && step_day.addDays(20) < today) {
            domain::PipelineStep rec{0, m.id, Y, "recommendation", step_day.addDays(20), "", "许昌市" +
                                     std::to_string(Y) + "年第" + std::to_string(between(rng, 1, 2)) + "批推荐",
                                     "", "", "system", now};
            store::PoolRepository::insertStep(c, rec);
            fig.pipeline_steps++;
          }
        }
      } else if (holds_base && dh_per_region[e.region_code] < 8 && rng() % 2 == 0) {
        std::string target = holds_hnte && rng() % 3 == 0 ? (rng() % 2 ? "gazelle" : "leader") : "eaglet";
        if (ladder.holdsOn(target, held, today)) continue;
        enter("double_hundred_reserve", target, Y + 1, dayIn(rng, Y, 1, std::max(1, today.month() - 1)));
        dh_per_region[e.region_code]++;
        fig.double_hundred_reserve++;
      }
    }
    runtime.auditTrail().record(c, system, "demo.ladder", service::AuditObject{"demo", "ladder", ""},
                                nlohmann::json{{"summary", fig.summary()}}.dump());
  });
  return fig;
}

}  // namespace trellis::app
