// The fixed data set of the report tests: twelve enterprises in 魏都区 (411002), 长葛市 (411082)
// and 禹州市 (411081) with designations 2019–2022 (a correction, a revocation, an expired and a
// renewed HNTE), reserve-pool memberships with target years 2021 and 2022 (one exited), roadmap
// milestones, two task status updates and one liaison problem — written straight through the
// repositories, so the reports read exactly these rows. addLaterData() adds 2023 facts (new
// records, a revocation and an exit dated 2023, a 2023 status update) for the as-of tests.
// Hand counts as of 2022-12-31 are in report_test.cpp beside the checks that use them.
#pragma once
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "../clock_fixture.h"
#include "../service/ladder_fixture.h"
#include "../store/store_fixture.h"
#include "trellis/app/demo_data.h"
#include "trellis/core/clock.h"
#include "trellis/io/liaison_config.h"
#include "trellis/rules/plan_config.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/report_service.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/ladder_repository.h"
#include "trellis/store/pool_repository.h"
#include "trellis/store/report_repository.h"

namespace trellis::reporttest {

inline std::vector<std::string> regionCodes() {
  std::vector<std::string> out;
  for (const auto& r : store::test::shippedCatalog().allRegions()) out.push_back(r.code);
  return out;
}

inline std::vector<std::string> stageIds() {
  std::vector<std::string> out;
  for (const auto& s : laddertest::shippedLadder().config().stages) out.push_back(s.id);
  return out;
}

inline const domain::Plan& shippedPlan() {
  static const domain::Plan plan =
      rules::loadPlan(std::string(TRELLIS_SOURCE_DIR) + "/config/plan.json", regionCodes(), stageIds());
  return plan;
}

inline const domain::TargetBook& shippedTargets() {
  static const domain::TargetBook book =
      rules::loadTargets(std::string(TRELLIS_SOURCE_DIR) + "/config/targets.json", shippedPlan(), regionCodes());
  return book;
}

inline const domain::LiaisonConfig& shippedLiaison() {
  static const domain::LiaisonConfig cfg = io::loadLiaisonConfig(
      std::string(TRELLIS_SOURCE_DIR) + "/config/liaison.json", std::string(TRELLIS_SOURCE_DIR) + "/config/problem_categories.json");
  return cfg;
}

inline Date d(const char* text) { return *Date::parse(text); }

struct ReportWorld {
  store::test::TestDatabase tdb;
  store::Database& db = *tdb.db;
  ManualClock clock{testclock::morningOf(Date(2026, 11, 30))};
  service::AuditTrail audit{db, clock};
  service::Context ctx{db, clock, audit, 500, 480};
  service::ReportService reports{ctx, store::test::shippedCatalog(), shippedPlan(), shippedTargets(),
                                 laddertest::shippedLadder(), shippedLiaison()};
  std::map<std::string, std::int64_t> id;          // e1 … e12 → enterprise id
  std::map<std::string, std::string> uscc;         // e1 … e12 → USCC
  std::map<std::string, std::int64_t> designation; // label → designation id
  std::map<std::string, std::int64_t> member;      // label → membership id
  std::uint64_t serial = 700;
  service::Caller bureau;

  ReportWorld() {
    bureau.user = "bureau1";
    bureau.role = domain::Role::bureau;
    const char* regions[] = {"411002", "411002", "411002", "411082", "411082", "411082",
                             "411081", "411081", "411081", "411002", "411081", "411002"};
    for (int i = 0; i < 12; ++i) enterprise("e" + std::to_string(i + 1), regions[i]);
    db.write([&](store::Connection& c) { seed(c); });
  }

  service::Caller county(const std::string& region) {
    service::Caller c;
    c.user = "county-" + region;
    c.role = domain::Role::county;
    c.region_scope = region;
    return c;
  }

  void enterprise(const std::string& label, const std::string& region) {
    domain::Enterprise e;
    e.uscc = app::demoUscc(region.substr(0, 6), ++serial);
    e.name = "许昌报表测试" + label + "科技有限公司";
    e.region_code = region;
    e.created_at = e.updated_at = "2019-01-01T00:00:00Z";
    db.write([&](store::Connection& c) { id[label] = store::EnterpriseRepository::insert(c, e); });
    uscc[label] = e.uscc;
  }

  std::int64_t grant(store::Connection& c, const std::string& e, const std::string& stage, const char* starts,
                     std::optional<std::int64_t> corrects = std::nullopt) {
    store::DesignationRecord r;
    r.enterprise_id = id[e];
    r.designation.stage = stage;
    r.designation.starts_on = d(starts);
    r.designation.ends_on = laddertest::shippedLadder().endsOn(stage, d(starts));
    r.designation.corrects_id = corrects;
    r.recorded_by = "fixture";
    r.recorded_at = std::string(starts) + "T02:00:00Z";
    return store::LadderRepository::insertDesignation(c, r);
  }

  std::int64_t enter(store::Connection& c, const std::string& e, const std::string& pool, const std::string& tier,
                     const std::string& stage, int target_year, const char* entered) {
    domain::PoolMember m;
    m.enterprise_id = id[e];
    m.pool = pool;
    m.tier = tier;
    m.target_stage = stage;
    m.target_year = target_year;
    m.region_code = "411000";
    m.entered_on = d(entered);
    m.created_at = m.updated_at = std::string(entered) + "T02:00:00Z";
    return store::PoolRepository::insertMember(c, m);
  }

  void milestone(store::Connection& c, std::int64_t membership, const char* due, const char* done, const char* created) {
    domain::Milestone m;
    m.membership_id = membership;
    m.kind = "document";
    m.title = "材料准备";
    m.due_on = d(due);
    if (done) {
      m.status = "done";
      m.done_on = d(done);
      m.closed_by = "fixture";
    }
    m.created_by = "fixture";
    m.created_at = m.updated_at = std::string(created) + "T02:00:00Z";
    store::PoolRepository::insertMilestone(c, m);
  }

  void status(store::Connection& c, int task, const char* st, const char* on, const char* unit) {
    domain::TaskStatusUpdate u;
    u.plan = shippedPlan().id;
    u.task = task;
    u.status = st;
    u.on = d(on);
    u.unit = unit;
    u.note = "fixture";
    u.recorded_by = "fixture";
    u.recorded_at = std::string(on) + "T02:00:00Z";
    store::ReportRepository::insertStatus(c, u);
  }

  void seed(store::Connection& c) {
    // e1 (魏都): tech SME every year from 2020; HNTE 2021-11-20 via the reserve (target 2021).
    grant(c, "e1", "tech_sme", "2020-05-10");
    grant(c, "e1", "tech_sme", "2021-04-01");
    grant(c, "e1", "tech_sme", "2022-03-15");
    designation["e1.hnte"] = grant(c, "e1", "hnte", "2021-11-20");
    member["e1"] = enter(c, "e1", "hnte_reserve", "key", "hnte", 2021, "2020-06-01");
    // e2 (魏都): first tech SME 2022; HNTE reserve target 2022, one milestone on time, one overdue.
    grant(c, "e2", "tech_sme", "2022-06-01");
    member["e2"] = enter(c, "e2", "hnte_reserve", "key", "hnte", 2022, "2022-02-01");
    milestone(c, member["e2"], "2022-05-01", "2022-04-20", "2022-02-01");
    milestone(c, member["e2"], "2022-09-01", nullptr, "2022-02-01");
    // e3 (魏都): HNTE 2019-12-10 expired 2022-12-09; tech SME 2021; reserve target 2022 (long term).
    grant(c, "e3", "hnte", "2019-12-10");
    grant(c, "e3", "tech_sme", "2021-05-01");
    member["e3"] = enter(c, "e3", "hnte_reserve", "long_term", "hnte", 2022, "2021-03-01");
    // e4 (长葛): HNTE 2020-10-15 (ends 2023-10-14), first tech SME 2022, eaglet 2022-07-01 from the reserve.
    grant(c, "e4", "hnte", "2020-10-15");
    grant(c, "e4", "tech_sme", "2022-04-01");
    grant(c, "e4", "eaglet", "2022-07-01");
    member["e4"] = enter(c, "e4", "double_hundred_reserve", "key", "eaglet", 2022, "2021-09-01");
    // e5 (长葛): HNTE 2022-02-01 revoked 2022-08-01; reserve target 2021, reached only in 2022.
    designation["e5.hnte"] = grant(c, "e5", "hnte", "2022-02-01");
    store::LadderRepository::revokeDesignation(c, designation["e5.hnte"], d("2022-08-01"), "核查不符", "fixture");
    member["e5"] = enter(c, "e5", "hnte_reserve", "key", "hnte", 2021, "2021-01-10");
    // e6 (长葛): a 2020 filing corrected from 03-01 to 04-01; tech SME again 2022.
    auto wrong = grant(c, "e6", "tech_sme", "2020-03-01");
    grant(c, "e6", "tech_sme", "2020-04-01", wrong);
    grant(c, "e6", "tech_sme", "2022-05-05");
    // e7 (禹州): HNTE 2020-12-01 (ends 2023-11-30), gazelle 2022-09-01.
    grant(c, "e7", "hnte", "2020-12-01");
    grant(c, "e7", "gazelle", "2022-09-01");
    // e8 (禹州): first tech SME 2022; reserve target 2022, withdrew 2022-10-01.
    grant(c, "e8", "tech_sme", "2022-01-10");
    member["e8"] = enter(c, "e8", "hnte_reserve", "key", "hnte", 2022, "2022-03-01");
    store::PoolRepository::exitMember(c, member["e8"], 1, d("2022-10-01"), "withdrawn", "2022-10-01T02:00:00Z");
    // e9 (禹州): reserve target 2021, HNTE 2021-09-01.
    member["e9"] = enter(c, "e9", "hnte_reserve", "key", "hnte", 2021, "2020-07-01");
    grant(c, "e9", "hnte", "2021-09-01");
    // e10 (魏都): HNTE 2022-10-10 and leader 2022-11-01.
    grant(c, "e10", "hnte", "2022-10-10");
    grant(c, "e10", "leader", "2022-11-01");
    // e11 (禹州): HNTE 2020-03-01, ends 2023-02-28: expiring within 6 months of 2022-12-31.
    grant(c, "e11", "hnte", "2020-03-01");
    // e12 (魏都): HNTE 2020-01-15 (ends 2023-01-14) already renewed on 2022-12-20.
    grant(c, "e12", "hnte", "2020-01-15");
    grant(c, "e12", "hnte", "2022-12-20");
    // Task status updates: task 2 in progress, task 14 delayed.
    status(c, 2, "in_progress", "2022-03-01", "市财政局");
    status(c, 14, "delayed", "2022-09-01", "市科技局");
    // One problem raised with e2 in 2022, open, deadline passed.
    c.exec("INSERT INTO liaison_contact(enterprise_id, contact_date, mode, flag, created_by, created_at) VALUES (" +
           std::to_string(id["e2"]) + ", '2022-04-01', 'on_site', 'amber', 'fixture', '2022-04-01T02:00:00Z')");
    c.exec("INSERT INTO liaison_problem(enterprise_id, contact_id, category, description, owner_unit, deadline, status, "
           "raised_on, created_by, created_at, updated_at) VALUES (" + std::to_string(id["e2"]) +
           ", last_insert_rowid(), 'funding', '缺少流动资金', 'jrj', '2022-06-30', 'open', '2022-04-01', "
           "'fixture', '2022-04-01T02:00:00Z', '2022-04-01T02:00:00Z')");
    c.exec("INSERT INTO liaison_problem_event(problem_id, to_status, on_date, at, by_login) VALUES (last_insert_rowid(), "
           "'open', '2022-04-01', '2022-04-01T02:00:00Z', 'fixture')");
  }

  // 2023 facts: none may change a report as of 2022.
  void addLaterData() {
    db.write([&](store::Connection& c) {
      grant(c, "e3", "tech_sme", "2023-03-01");
      grant(c, "e2", "hnte", "2023-02-01");
      grant(c, "e11", "hnte", "2023-02-20");
      store::LadderRepository::revokeDesignation(c, designation["e1.hnte"], d("2023-03-01"), "撤销", "fixture");
      store::PoolRepository::exitMember(c, member["e3"], 1, d("2023-04-01"), "withdrawn", "2023-04-01T02:00:00Z");
      auto m = enter(c, "e6", "hnte_reserve", "key", "hnte", 2023, "2023-01-05");
      milestone(c, m, "2023-05-01", "2023-04-01", "2023-01-05");
      milestone(c, member["e2"], "2022-11-01", "2023-01-10", "2023-01-02");
      status(c, 2, "done", "2023-02-01", "市财政局");
    });
  }
};

// Renders tables as tab-separated text: "# name", a header of column keys, then one line per row.
inline std::string render(const std::vector<domain::Table>& tables) {
  std::string out;
  for (const auto& t : tables) {
    out += "# " + t.name + "\n";
    for (std::size_t i = 0; i < t.columns.size(); ++i) out += (i ? "\t" : "") + t.columns[i].key;
    out += "\n";
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) out += "\t";
        const auto& cell = row[i];
        if (std::holds_alternative<std::int64_t>(cell)) out += std::to_string(std::get<std::int64_t>(cell));
        else if (std::holds_alternative<double>(cell)) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.4f", std::get<double>(cell));
          out += buf;
        } else if (std::holds_alternative<std::string>(cell)) out += std::get<std::string>(cell);
        else if (std::holds_alternative<Date>(cell)) out += std::get<Date>(cell).toString();
        else out += "-";
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace trellis::reporttest
