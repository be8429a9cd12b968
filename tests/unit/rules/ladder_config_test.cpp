// The ladder loader (ladder_config.h LC1–LC7): the shipped file loads with the official numbers,
// and each kind of broken file is refused with the JSON path at fault.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "rules_fixture.h"
#include "trellis/core/error.h"
#include "trellis/rules/ladder_config.h"

using trellis::Error;
using trellis::ErrorKind;
using namespace trellis::rules;

namespace {

nlohmann::json shippedJson() {
  std::ifstream in(test::sourcePath("config/ladder.json"));
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

// Parses j and returns the error's field; fails the test when it loads.
std::string refusedAt(const nlohmann::json& j, std::string* message = nullptr) {
  try {
    parseLadderConfig(j.dump(), "ladder.json");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.code() == "ladder_config");
    if (message) *message = e.what();
    return e.field();
  }
  FAIL("config was accepted");
  return {};
}

}  // namespace

TEST_CASE("shipped ladder.json loads with the official thresholds", "[unit][rules]") {
  const LadderConfig& c = test::shippedLadder().config();
  REQUIRE(c.stages.size() == 5);
  CHECK(c.transitions.size() == 7);
  const TechSmeRules* t = techSmeRulesFor(c, 2025);
  REQUIRE(t);
  CHECK(t->max_employees == 500);
  CHECK(t->max_revenue == 200000000);
  CHECK(t->pass_score == 60);
  const HnteRules* h = hnteRulesFor(c, 2025);
  REQUIRE(h);
  CHECK(h->min_registered_days == 365);
  CHECK(h->innovation_score_above == 70);
  CHECK(h->rd_ratio_by_revenue.find(50000000)->out_min == 0.05);
  CHECK(h->rd_ratio_by_revenue.find(200000000)->out_min == 0.04);
  CHECK(h->rd_ratio_by_revenue.find(200000001)->out_min == 0.03);
  CHECK(hnteRulesFor(c, 2015) == nullptr);
  for (const char* s : {"eaglet", "gazelle", "leader"}) {
    INFO(s);
    REQUIRE(localRulesFor(c, s, 2025));
    CHECK(localRulesFor(c, s, 2025)->local_policy);
  }
  CHECK(c.calendars.count("hnte") == 1);
  CHECK(c.hnte_certificate.prefix == "GR");
}

TEST_CASE("ladder.json refusals name the JSON path", "[unit][rules]") {
  nlohmann::json j = shippedJson();
  std::string message;

  SECTION("LC1 missing threshold") {
    j["rule_sets"]["hnte"][0].erase("min_st_staff_ratio");
    CHECK(refusedAt(j, &message) == "$.rule_sets.hnte[0].min_st_staff_ratio");
    CHECK(message.find("ladder.json: $.rule_sets.hnte[0].min_st_staff_ratio: missing") == 0);
  }
  SECTION("LC1 mistyped value") {
    j["rule_sets"]["tech_sme"][0]["size"]["max_employees"] = "500";
    CHECK(refusedAt(j) == "$.rule_sets.tech_sme[0].size.max_employees");
  }
  SECTION("LC2 unknown stage in a transition") {
    j["transitions"].push_back({{"from", "hnte"}, {"to", "unicorn"}});
    CHECK(refusedAt(j, &message) == "$.transitions[7].to");
    CHECK(message.find("unknown stage \"unicorn\"") != std::string::npos);
  }
  SECTION("LC2 unknown stage in rule_sets") {
    j["rule_sets"]["unicorn"] = nlohmann::json::array();
    CHECK(refusedAt(j) == "$.rule_sets.unicorn");
  }
  SECTION("LC2 unknown stage in an entry rule") {
    j["entry_rules"][0]["requires_any_of"].push_back("unicorn");
    CHECK(refusedAt(j) == "$.entry_rules[0].requires_any_of[2]");
  }
  SECTION("LC3 cycle") {
    j["transitions"].push_back({{"from", "leader"}, {"to", "tech_sme"}});
    CHECK(refusedAt(j, &message) == "$.transitions");
    CHECK(message.find("cycle") != std::string::npos);
  }
  SECTION("LC4 overlapping versions: same year") {
    j["rule_sets"]["hnte"].push_back(j["rule_sets"]["hnte"][0]);
    CHECK(refusedAt(j, &message) == "$.rule_sets.hnte");
    CHECK(message.find("overlapping versions") != std::string::npos);
  }
  SECTION("LC4 overlapping versions: effective_until runs into the next") {
    nlohmann::json later = j["rule_sets"]["hnte"][0];
    later["effective_from"] = 2024;
    j["rule_sets"]["hnte"][0]["effective_until"] = 2024;
    j["rule_sets"]["hnte"].push_back(later);
    CHECK(refusedAt(j) == "$.rule_sets.hnte");
  }
  SECTION("LC4 consecutive versions are fine") {
    nlohmann::json later = j["rule_sets"]["hnte"][0];
    later["effective_from"] = 2024;
    later["min_st_staff_ratio"] = 0.12;
    j["rule_sets"]["hnte"][0]["effective_until"] = 2023;
    j["rule_sets"]["hnte"].push_back(later);
    LadderConfig c = parseLadderConfig(j.dump(), "ladder.json");
    CHECK(hnteRulesFor(c, 2023)->min_st_staff_ratio == 0.10);
    CHECK(hnteRulesFor(c, 2024)->min_st_staff_ratio == 0.12);
  }
  SECTION("LC5 band with a hole") {
    j["rule_sets"]["tech_sme"][0]["scoring"]["rd_to_revenue"][2]["min"] = 0.035;
    CHECK(refusedAt(j, &message) == "$.rule_sets.tech_sme[0].scoring.rd_to_revenue[2]");
    CHECK(message.find("hole between 0.03 and 0.035") != std::string::npos);
  }
  SECTION("LC5 band overlap at the zero-growth boundary") {
    j["rule_sets"]["hnte"][0]["innovation_score"]["growth_points"][1]["min_inclusive"] = true;
    CHECK(refusedAt(j) == "$.rule_sets.hnte[0].innovation_score.growth_points[1]");
  }
  SECTION("LC6 calendar step addressing an unknown criterion") {
    j["calendars"]["hnte"]["steps"][0]["addresses"][0] = "hnte.charm";
    CHECK(refusedAt(j) == "$.calendars.hnte.steps[0].addresses[0]");
  }
  SECTION("LC6 calendar step after an unknown step") {
    j["calendars"]["hnte"]["steps"][8]["after_step"] = "lunch";
    CHECK(refusedAt(j) == "$.calendars.hnte.steps[8].after_step");
  }
  SECTION("LC6 calendar step with an impossible day") {
    j["calendars"]["hnte"]["steps"][5]["day"] = 31;  // 04-31
    CHECK(refusedAt(j) == "$.calendars.hnte.steps[5]");
  }
  SECTION("LC7 duplicate stage") {
    j["stages"].push_back(j["stages"][0]);
    CHECK(refusedAt(j) == "$.stages[5].id");
  }
  SECTION("unknown local metric") {
    j["rule_sets"]["leader"][0]["criteria"][0]["metric"] = "vibes";
    CHECK(refusedAt(j) == "$.rule_sets.leader[0].criteria[0].metric");
  }
  SECTION("not JSON at all") {
    CHECK_THROWS_AS(parseLadderConfig("{", "ladder.json"), Error);
  }
}

TEST_CASE("loadLadderConfig refuses an unreadable path", "[unit][rules]") {
  CHECK_THROWS_AS(loadLadderConfig("/nonexistent/ladder.json"), Error);
}
