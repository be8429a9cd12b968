// config/plan.json and config/targets.json (rules/plan_config.h PC1–PC4, TC1–TC3): the shipped
// files hold the seed (checked against the seed text itself), and every malformed variant is
// refused with the JSON path at fault.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report_fixture.h"

namespace trellis::reporttest {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string withoutSpace(const std::string& s) {
  std::string out;
  for (unsigned char ch : s)
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') out += static_cast<char>(ch);
  return out;
}

nlohmann::json shippedPlanJson() {
  return nlohmann::json::parse(slurp(std::string(TRELLIS_SOURCE_DIR) + "/config/plan.json"));
}
nlohmann::json shippedTargetsJson() {
  return nlohmann::json::parse(slurp(std::string(TRELLIS_SOURCE_DIR) + "/config/targets.json"));
}

Error planError(const nlohmann::json& doc) {
  return laddertest::errorOf([&] { rules::parsePlan(doc.dump(), "plan.json", regionCodes(), stageIds()); });
}
Error targetsError(const nlohmann::json& doc) {
  return laddertest::errorOf([&] { rules::parseTargets(doc.dump(), "targets.json", shippedPlan(), regionCodes()); });
}

}  // namespace

TEST_CASE("config/plan.json: the seed's 17 priorities and 55 key tasks, word for word", "[unit][report][config]") {
  const auto& plan = shippedPlan();
  CHECK(plan.priorities.size() == 17);
  auto tasks = plan.tasks();
  REQUIRE(tasks.size() == 55);
  // The seed without whitespace: each goal and task text, lead unit and body appears in it.
  std::string seed = withoutSpace(slurp("/work/shared/domain/xuchang-key-tasks.zh.txt"));
  bool have_seed = !seed.empty();
  for (int i = 0; i < 55; ++i) {
    const auto* t = tasks[i];
    INFO("task " << t->number);
    CHECK(t->number == i + 1);
    CHECK_FALSE(t->text_zh.empty());
    CHECK_FALSE(t->lead_units.empty());
    CHECK_FALSE(t->responsible_bodies.empty());
    if (have_seed) {
      CHECK(seed.find("(" + std::to_string(t->number) + ")" + t->text_zh) != std::string::npos);
      for (const auto& u : t->lead_units) CHECK(seed.find(u) != std::string::npos);
    }
  }
  for (const auto& p : plan.priorities) {
    INFO("priority " << p.number);
    if (have_seed) CHECK(seed.find(withoutSpace(p.goal_zh)) != std::string::npos);
  }
  // Spot checks against the seed table.
  const auto* t9 = plan.findTask(9);
  REQUIRE(t9);
  CHECK(t9->priority == 3);
  CHECK(t9->lead_units == std::vector<std::string>{"市科技局", "市发改委", "市工信局"});
  CHECK(t9->metrics == std::vector<std::string>{"eaglet"});
  const auto* t47 = plan.findTask(47);
  CHECK(t47->lead_units == std::vector<std::string>{"人行许昌市中心支行", "许昌银保监分局"});
  CHECK(t47->responsible_bodies == std::vector<std::string>{"银行业金融机构"});
  CHECK(plan.findTask(7)->responsible_open);
  CHECK(plan.findBody("各县（市、区）政府（管委会）")->all_regions);
  CHECK(plan.findBody("长葛市政府")->regions == std::vector<std::string>{"411082"});
  // Status-tracked tasks exist, and every metric-tracked task names known metrics.
  int status_only = 0;
  for (const auto* t : tasks) status_only += t->metrics.empty();
  CHECK(status_only > 30);
  CHECK(plan.statuses.size() == 4);
}

TEST_CASE("config/targets.json: the seed's city targets as defaults", "[unit][report][config]") {
  const auto& book = shippedTargets();
  struct Want {
    const char* metric;
    std::int64_t value;
    const char* bound;
  };
  // From the issue and RULES.md §0, written here independently of the file.
  const Want wants[] = {{"tech_sme_new", 200, "at_least"},       {"tech_sme_filed", 800, "about"},
                        {"hnte", 500, "about"},                  {"leader", 10, "about"},
                        {"gazelle", 10, "about"},                {"eaglet", 30, "at_least"},
                        {"provincial_platforms", 100, "at_least"}, {"municipal_platforms", 300, "at_least"},
                        {"new_alliances", 3, "about"},           {"new_incubators", 10, "about"},
                        {"talent_teams", 60, "about"},           {"talent_programme", 20, "at_least"},
                        {"rd_institutions", 6, "at_least"},      {"sbq_projects", 50, "at_least"},
                        {"transfer_projects", 20, "at_least"},   {"sino_german_projects", 100, "at_least"}};
  CHECK(book.targets.size() == std::size(wants));
  for (const auto& want : wants) {
    INFO(want.metric);
    auto t = book.find(want.metric, 2022, "411000", {});
    REQUIRE(t);
    CHECK(t->value == want.value);
    CHECK(t->bound == want.bound);
    CHECK(t->origin == "config");
    CHECK_FALSE(book.find(want.metric, 2023, "411000", {}));  // the plan ends in 2022
  }
  // Per-year metrics carry their yearly value in every year of the span.
  CHECK(book.find("tech_sme_new", 2020, "411000", {})->value == 200);
  // A one-year row wins over the span, and a split over config.
  domain::TargetBook later = book;
  domain::Target y2021 = *book.find("hnte", 2021, "411000", {});
  y2021.period = {2021, 2021};
  y2021.value = 350;
  later.targets.push_back(y2021);
  CHECK(later.find("hnte", 2021, "411000", {})->value == 350);
  CHECK(later.find("hnte", 2022, "411000", {})->value == 500);
  domain::Target split{"hnte", {2020, 2022}, "411002", 120, "", "", "split"};
  domain::Target config_row{"hnte", {2020, 2022}, "411002", 90, "about", "", "config"};
  later.targets.push_back(config_row);
  CHECK(later.find("hnte", 2022, "411002", {})->value == 90);
  CHECK(later.find("hnte", 2022, "411002", {split})->value == 120);
}

TEST_CASE("a later plan is data: another period and targets load without code", "[unit][report][config]") {
  auto doc = shippedPlanJson();
  doc["id"] = "xuchang-2026-2030";
  doc["period"] = {{"from", 2026}, {"to", 2030}};
  auto plan = rules::parsePlan(doc.dump(), "later.json", regionCodes(), stageIds());
  auto targets = shippedTargetsJson();
  targets["plan"] = "xuchang-2026-2030";
  targets["targets"] = nlohmann::json::array({{{"metric", "hnte"}, {"period", "2026-2030"}, {"region", "411000"},
                                               {"value", 900}, {"bound", "at_least"}}});
  auto book = rules::parseTargets(targets.dump(), "later-targets.json", plan, regionCodes());
  CHECK(book.find("hnte", 2027, "411000", {})->value == 900);
}

TEST_CASE("plan.json errors name the JSON path (PC1-PC4)", "[unit][report][config]") {
  auto base = shippedPlanJson();
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
    const char* field;
  };
  const Case cases[] = {
      {"PC1 missing id", [](nlohmann::json& j) { j.erase("id"); }, "$.id"},
      {"PC1 empty task text", [](nlohmann::json& j) { j["priorities"][0]["tasks"][1]["text_zh"] = ""; },
       "$.priorities[0].tasks[1].text_zh"},
      {"PC1 lead units not an array", [](nlohmann::json& j) { j["priorities"][2]["tasks"][0]["lead_units"] = "市科技局"; },
       "$.priorities[2].tasks[0].lead_units"},
      {"PC2 duplicate task", [](nlohmann::json& j) { j["priorities"][1]["tasks"][0]["number"] = 1; },
       "$.priorities[1].tasks[0].number"},
      {"PC2 duplicate priority", [](nlohmann::json& j) { j["priorities"][1]["number"] = 1; }, "$.priorities[1].number"},
      {"PC2 duplicate metric", [](nlohmann::json& j) { j["metrics"][1]["key"] = j["metrics"][0]["key"]; }, "$.metrics[1].key"},
      {"PC3 unknown metric", [](nlohmann::json& j) { j["priorities"][0]["tasks"][0]["metrics"][1] = "nope"; },
       "$.priorities[0].tasks[0].metrics[1]"},
      {"PC3 unknown body", [](nlohmann::json& j) { j["priorities"][0]["tasks"][0]["responsible_bodies"][0] = "月球管委会"; },
       "$.priorities[0].tasks[0].responsible_bodies[0]"},
      {"PC3 body with an unknown region", [](nlohmann::json& j) { j["responsible_bodies"][2]["regions"][0] = "999999"; },
       "$.responsible_bodies[2].regions[0]"},
      {"PC4 unknown stage", [](nlohmann::json& j) { j["metrics"][2]["stage"] = "unicorn"; }, "$.metrics[2].stage"},
      {"PC4 unknown measure", [](nlohmann::json& j) { j["metrics"][0]["measure"] = "vibes"; }, "$.metrics[0].measure"},
      {"PC4 unknown source", [](nlohmann::json& j) { j["metrics"][0]["source"] = "guess"; }, "$.metrics[0].source"},
      {"missing status", [](nlohmann::json& j) { j["statuses"].erase(3); }, "$.statuses"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto doc = base;
    c.edit(doc);
    auto e = planError(doc);
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.code() == "plan_config");
    CHECK(e.field() == c.field);
    CHECK(std::string(e.what()).find(c.field) != std::string::npos);
  }
  CHECK(laddertest::errorOf([] { rules::parsePlan("{", "x.json", {}, {}); }).field() == "$");
}

TEST_CASE("targets.json errors name the JSON path (TC1-TC3)", "[unit][report][config]") {
  auto base = shippedTargetsJson();
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
    const char* field;
  };
  const Case cases[] = {
      {"TC1 unknown metric", [](nlohmann::json& j) { j["targets"][0]["metric"] = "nope"; }, "$.targets[0].metric"},
      {"TC1 bad period", [](nlohmann::json& j) { j["targets"][1]["period"] = "2022-2020"; }, "$.targets[1].period"},
      {"TC1 value not an integer", [](nlohmann::json& j) { j["targets"][2]["value"] = "500"; }, "$.targets[2].value"},
      {"TC2 unknown region", [](nlohmann::json& j) { j["targets"][0]["region"] = "123456"; }, "$.targets[0].region"},
      {"TC2 negative", [](nlohmann::json& j) { j["targets"][3]["value"] = -5; }, "$.targets[3].value"},
      {"TC2 bound", [](nlohmann::json& j) { j["targets"][0]["bound"] = "roughly"; }, "$.targets[0].bound"},
      {"TC3 duplicate", [](nlohmann::json& j) { j["targets"].push_back(j["targets"][0]); }, "$.targets[16]"},
      {"TC3 another plan", [](nlohmann::json& j) { j["plan"] = "other"; }, "$.plan"},
      {"lookback", [](nlohmann::json& j) { j["forecast"]["lookback_years"] = 0; }, "$.forecast.lookback_years"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto doc = base;
    c.edit(doc);
    auto e = targetsError(doc);
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.code() == "targets_config");
    CHECK(e.field() == c.field);
  }
}

}  // namespace trellis::reporttest
