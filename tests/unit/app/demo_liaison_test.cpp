// `trellis demo-liaison` (tools/run): on the demo data with the demo users it assigns the
// liaison officer a dozen enterprises of its region with problems in every state, and a second
// run loads nothing.
#include "trellis/app/demo_liaison.h"

#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "../store/store_fixture.h"
#include "trellis/app/demo_data.h"
#include "trellis/app/runtime.h"
#include "trellis/store/user_repository.h"

namespace trellis::app {

TEST_CASE("demo-liaison: a dozen assigned enterprises, problems in every state, loaded once", "[unit][app][liaison]") {
  store::test::TempDir dir;
  Settings s;
  s.config_dir = std::string(TRELLIS_SOURCE_DIR) + "/config";
  s.db_path = dir.file("demo.db");
  {
    SystemClock clock;
    Runtime runtime(s, clock);
    service::Caller system;
    runtime.enterprises().createMany(system, demoEnterprises(runtime.catalog(), 20221, 400));
    runtime.users().create(system, {"liaison", "魏都区 联络员", "liaison", "411002", "Demo#Officer-2026"});
  }
  std::ostringstream out;
  REQUIRE(loadLiaisonDemo(s, "liaison", out) == 0);
  INFO(out.str());
  CHECK(out.str().find("assigned 12 enterprises") != std::string::npos);

  SystemClock clock;
  Runtime runtime(s, clock);
  service::Caller officer;
  runtime.db().read([&](store::Connection& c) { officer.user_id = store::UserRepository::findByLogin(c, "liaison")->id; });
  officer.user = "liaison";
  officer.role = domain::Role::liaison;
  officer.region_scope = "411002";
  auto problems = runtime.problems().list(officer, {});
  std::set<std::string> states;
  for (const auto& row : problems.items) {
    states.insert(domain::problemStatusName(row.problem.status));
    CHECK(row.region_code == "411002");
  }
  CHECK(states == std::set<std::string>{"open", "in_progress", "resolved", "closed", "escalated"});
  auto queue = runtime.followUp().queue(officer, "");
  CHECK_FALSE(queue.problems_past_deadline.empty());
  CHECK_FALSE(queue.contacts.empty());

  std::ostringstream again;
  CHECK(loadLiaisonDemo(s, "liaison", again) == 0);
  CHECK(again.str().find("nothing loaded") != std::string::npos);
  std::ostringstream missing;
  CHECK(loadLiaisonDemo(s, "nobody", missing) == 1);
}

}  // namespace trellis::app
