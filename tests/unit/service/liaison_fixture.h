// Shared by the liaison unit tests: a real migrated SQLite file (store_fixture.h), the shipped
// liaison config, a ManualClock, and the liaison services built on them — plus helpers that
// add users, enterprises and reserve-pool memberships directly, so each test states its world.
#pragma once
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "../clock_fixture.h"
#include "../store/store_fixture.h"
#include "trellis/app/demo_data.h"
#include "trellis/core/clock.h"
#include "trellis/core/error.h"
#include "trellis/io/liaison_config.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/follow_up_service.h"
#include "trellis/service/liaison_service.h"
#include "trellis/service/problem_service.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/user_repository.h"

namespace trellis::liaisontest {

inline const domain::LiaisonConfig& shippedLiaisonConfig() {
  static const domain::LiaisonConfig cfg =
      io::loadLiaisonConfig(std::string(TRELLIS_SOURCE_DIR) + "/config/liaison.json",
                            std::string(TRELLIS_SOURCE_DIR) + "/config/problem_categories.json");
  return cfg;
}

using testclock::morningOf;

struct LiaisonWorld {
  store::test::TestDatabase tdb;
  store::Database& db = *tdb.db;
  ManualClock clock{morningOf(Date(2026, 1, 1))};
  service::AuditTrail audit{db, clock};
  service::Context ctx{db, clock, audit, 500, 480};
  service::LiaisonService liaison{ctx, shippedLiaisonConfig()};
  service::ProblemService problems{ctx, shippedLiaisonConfig()};
  service::FollowUpService follow_up{ctx, store::test::shippedCatalog(), shippedLiaisonConfig()};
  std::uint64_t serial = 100;

  void setToday(const Date& d) { clock.set(morningOf(d)); }

  // A user straight into app_user (no password checks needed here); returns the caller for it.
  service::Caller user(const std::string& login, const std::string& role, const std::string& region,
                       bool active = true) {
    domain::User u;
    u.login = login;
    u.display_name = login + " 名";
    u.role = role;
    u.region_scope = region;
    u.password_hash = "$argon2id$unused";
    u.active = active;
    u.created_at = u.updated_at = "2025-01-01T00:00:00Z";
    service::Caller c;
    db.write([&](store::Connection& conn) { c.user_id = store::UserRepository::insert(conn, u); });
    c.user = login;
    c.role = *domain::parseUserRole(role);
    c.region_scope = region;
    return c;
  }

  // An enterprise in region; returns its USCC.
  std::string enterprise(const std::string& region, const std::string& name = "许昌测试科技有限公司") {
    domain::Enterprise e;
    e.uscc = app::demoUscc(region.substr(0, 6), ++serial);
    e.name = name;
    e.region_code = region;
    e.contact_phone = "13812345678";
    e.created_at = e.updated_at = "2025-01-01T00:00:00Z";
    db.write([&](store::Connection& c) { store::EnterpriseRepository::insert(c, e); });
    return e.uscc;
  }

  std::int64_t enterpriseId(const std::string& uscc) {
    std::int64_t id = 0;
    db.read([&](store::Connection& c) { id = store::EnterpriseRepository::findByUscc(c, uscc)->id; });
    return id;
  }

  // An open (or exited) reserve-pool membership, written as the reserve-pool work would.
  void member(const std::string& uscc, const std::string& tier, const std::string& entered_on,
              const std::string& pool = "hnte_reserve", const std::string& exited_on = "") {
    std::int64_t id = enterpriseId(uscc);
    db.write([&](store::Connection& c) {
      std::string region;
      {
        auto st = c.prepare("SELECT region_code FROM enterprise WHERE id = ?1");
        st.bind(1, id);
        st.step();
        region = st.text(0);
        st.reset();
      }
      auto ins = c.prepare(
          "INSERT INTO pool_membership(enterprise_id, pool, tier, target_stage, target_year, region_code, entered_on, "
          "exited_on, exit_reason, created_at, updated_at) VALUES (?1,?2,?3,'hnte',2027,?4,?5,?6,?7,'t','t')");
      ins.bind(1, id).bind(2, pool).bind(3, tier).bind(4, region).bind(5, entered_on);
      if (exited_on.empty()) ins.bindNull(6).bindNull(7);
      else ins.bind(6, exited_on).bind(7, "withdrawn");
      ins.run();
    });
  }

  // A quick contact on today's date (or `date`), with problems of these categories.
  service::ContactView contact(const service::Caller& who, const std::string& uscc, const std::string& date = "",
                               std::vector<std::string> categories = {}, const std::string& next_due = "") {
    io::ContactDraft d;
    if (!date.empty()) d.date = date;
    d.summary = "走访";
    if (!next_due.empty()) d.next_contact_due = next_due;
    for (auto& cat : categories) d.problems.push_back({cat, "问题描述", "", std::nullopt});
    return liaison.logContact(who, uscc, d);
  }
};

// The Error f throws (the test fails when it throws none).
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

inline service::Caller systemCaller() { return service::Caller{}; }

inline std::int64_t auditRows(store::Database& db, const std::string& action) {
  std::int64_t n = 0;
  db.read([&](store::Connection& c) {
    auto st = c.prepare("SELECT count(*) FROM audit_log WHERE action = ?1");
    st.bind(1, action);
    st.step();
    n = st.int64(0);
    st.reset();
  });
  return n;
}

}  // namespace trellis::liaisontest
