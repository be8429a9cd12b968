// The ladder (ladder.h LV1–LV5): transitions, validity windows, the as-of position, the timeline
// and pool entry rules, on the shipped config.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "trellis/core/error.h"

using trellis::Date;
using trellis::domain::Designation;
using trellis::rules::Ladder;
using trellis::rules::test::held;

TEST_CASE("transitions form the configured DAG", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  CHECK(l.hasTransition("tech_sme", "hnte"));
  CHECK_FALSE(l.hasTransition("hnte", "tech_sme"));
  CHECK(l.reachable("tech_sme", "leader"));
  CHECK(l.reachable("eaglet", "gazelle"));
  CHECK_FALSE(l.reachable("leader", "hnte"));
  CHECK_FALSE(l.reachable("gazelle", "leader"));
  CHECK_FALSE(l.reachable("hnte", "hnte"));
  CHECK(l.nextStages("hnte") == std::vector<std::string>{"eaglet", "gazelle", "leader"});
  CHECK(l.rank("tech_sme") == 0);
  CHECK(l.rank("hnte") == 1);
  CHECK(l.rank("eaglet") == 2);
  CHECK(l.rank("leader") == 3);
  CHECK_THROWS_AS(l.rank("unicorn"), trellis::Error);
}

TEST_CASE("LV1 validity windows per stage", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  CHECK(l.endsOn("hnte", Date(2021, 12, 15)) == Date(2024, 12, 14));
  CHECK(l.endsOn("hnte", Date(2020, 2, 29)) == Date(2023, 2, 27));
  CHECK(l.endsOn("tech_sme", Date(2024, 7, 3)) == Date(2024, 12, 31));
  CHECK(l.endsOn("eaglet", Date(2022, 1, 1)) == Date(2024, 12, 31));
  CHECK_THROWS_AS(l.endsOn("unicorn", Date(2022, 1, 1)), trellis::Error);
}

TEST_CASE("LV1-LV4 position as of a date", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  std::vector<Designation> all = {held(1, "tech_sme", Date(2020, 6, 1)), held(2, "hnte", Date(2021, 12, 15)),
                                  held(3, "tech_sme", Date(2022, 7, 1))};
  struct Row { Date on; std::vector<std::string> held; std::string top; };
  for (const Row& row : {Row{Date(2020, 5, 31), {}, ""},
                         Row{Date(2020, 6, 1), {"tech_sme"}, "tech_sme"},
                         Row{Date(2020, 12, 31), {"tech_sme"}, "tech_sme"},
                         Row{Date(2021, 1, 1), {}, ""},
                         Row{Date(2021, 12, 15), {"hnte"}, "hnte"},
                         Row{Date(2022, 8, 1), {"tech_sme", "hnte"}, "hnte"},
                         Row{Date(2024, 12, 14), {"hnte"}, "hnte"},
                         Row{Date(2024, 12, 15), {}, ""}}) {
    INFO("as of " << row.on.toString());
    auto p = l.positionOn(all, row.on);
    CHECK(p.held == row.held);
    CHECK(p.top == row.top);
  }
  auto p = l.positionOn(all, Date(2022, 8, 1));
  REQUIRE(p.valid.size() == 2);
  CHECK(p.valid[0].ends_on.has_value());

  SECTION("LV2 revoked from revoked_on") {
    all[1].revoked_on = Date(2023, 3, 1);
    CHECK(l.positionOn(all, Date(2023, 2, 28)).top == "hnte");
    CHECK(l.positionOn(all, Date(2023, 3, 1)).top.empty());
  }
  SECTION("LV3 a correction supersedes the record it corrects") {
    Designation fix = held(4, "hnte", Date(2021, 11, 30));
    fix.corrects_id = 2;
    all.push_back(fix);
    CHECK(l.positionOn(all, Date(2024, 11, 29)).top == "hnte");
    CHECK(l.positionOn(all, Date(2024, 12, 1)).top.empty());
    for (const auto& e : l.timeline(all)) CHECK(e.designation_id != 2);
  }
}

TEST_CASE("timeline lists grants, expiries and revocations by date", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  std::vector<Designation> all = {held(2, "hnte", Date(2021, 12, 15)), held(1, "tech_sme", Date(2021, 6, 1))};
  all[0].revoked_on = Date(2023, 5, 1);
  auto t = l.timeline(all);
  REQUIRE(t.size() == 4);
  CHECK(t[0].on == Date(2021, 6, 1));
  CHECK(t[0].kind == "granted");
  CHECK(t[1].kind == "granted");
  CHECK(t[1].stage == "hnte");
  CHECK(t[2].on == Date(2021, 12, 31));
  CHECK(t[2].kind == "expires");
  CHECK(t[3].kind == "revoked");
  CHECK(t[3].on == Date(2023, 5, 1));
}

TEST_CASE("LV5 eaglet pool entry needs hnte or tech_sme held", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  std::vector<Designation> none;
  auto refused = l.checkEntry("eaglet", none, Date(2025, 3, 1));
  CHECK_FALSE(refused.allowed);
  CHECK(refused.reason_zh.find("高新技术企业或科技型中小企业") != std::string::npos);
  std::vector<Designation> sme = {held(1, "tech_sme", Date(2025, 2, 1))};
  CHECK(l.checkEntry("eaglet", sme, Date(2025, 3, 1)).allowed);
  CHECK_FALSE(l.checkEntry("eaglet", sme, Date(2026, 1, 1)).allowed);  // filing year over
  CHECK(l.checkEntry("hnte", none, Date(2025, 3, 1)).allowed);          // no entry rule
}
