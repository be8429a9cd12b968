// Shared by the ladder and pool service tests: a real migrated SQLite file (store_fixture.h),
// the shipped config/ladder.json, a ManualClock, and the two services built on them.
#pragma once
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "../clock_fixture.h"
#include "../store/store_fixture.h"
#include "trellis/app/demo_data.h"
#include "trellis/core/clock.h"
#include "trellis/core/error.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/ladder_service.h"
#include "trellis/service/pool_service.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::laddertest {

inline const rules::Ladder& shippedLadder() {
  static const rules::Ladder ladder(rules::loadLadderConfig(std::string(TRELLIS_SOURCE_DIR) + "/config/ladder.json"));
  return ladder;
}

using testclock::morningOf;

struct LadderWorld {
  store::test::TestDatabase tdb;
  store::Database& db = *tdb.db;
  ManualClock clock{morningOf(Date(2025, 3, 10))};
  service::AuditTrail audit{db, clock};
  service::Context ctx{db, clock, audit, 500, 480};
  service::LadderService ladder{ctx, shippedLadder()};
  service::PoolService pools{ctx, shippedLadder()};
  service::Caller bureau;
  std::uint64_t serial = 500;

  LadderWorld() {
    bureau.user = "bureau1";
    bureau.role = domain::Role::bureau;
  }

  void setToday(const Date& d) { clock.set(morningOf(d)); }

  service::Caller county(const std::string& region) {
    service::Caller c;
    c.user = "county-" + region;
    c.role = domain::Role::county;
    c.region_scope = region;
    return c;
  }

  std::string enterprise(const std::string& region = "411002", const Date& founded = Date(2019, 8, 1)) {
    domain::Enterprise e;
    e.uscc = app::demoUscc(region.substr(0, 6), ++serial);
    e.name = "许昌阶梯测试科技有限公司";
    e.region_code = region;
    e.founded_on = founded;
    e.created_at = e.updated_at = "2025-01-01T00:00:00Z";
    db.write([&](store::Connection& c) { store::EnterpriseRepository::insert(c, e); });
    return e.uscc;
  }

  // An HNTE reserve candidate's figures for year: low R&D, few S&T staff.
  domain::YearlyIndicators year(int y, std::int64_t revenue = 60000000) {
    domain::YearlyIndicators v;
    v.year = y;
    v.revenue = revenue;
    v.total_income = revenue;
    v.non_taxable_income = 0;
    v.rd_expense_total = revenue * 3 / 100;
    v.rd_expense_domestic = *v.rd_expense_total;
    v.employees = 80;
    v.st_staff = 6;
    v.high_tech_income = revenue * 7 / 10;
    v.ip_class1 = 0;
    v.ip_class2 = 2;
    v.total_assets = revenue;
    v.total_liabilities = revenue / 2;
    v.rd_ledger_kept = true;
    return v;
  }

  io::DesignationDraft draft(const std::string& stage, const std::string& starts_on, const std::string& number = "") {
    io::DesignationDraft d;
    d.stage = stage;
    d.starts_on = starts_on;
    d.number = number;
    return d;
  }
};

// The Error f throws; FAILs when it throws none.
template <class F>
Error errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an Error");
  return Error(errc::internal, "unreachable");
}

}  // namespace trellis::laddertest
