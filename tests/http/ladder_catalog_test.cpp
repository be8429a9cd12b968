// GET /api/v1/ladder/stages carries the reserve pools too, so the UI's pool lists follow the
// server (issue 9: they were hard-coded in ladder-common.js).
#include <catch2/catch.hpp>
#include <set>

#include "test_server.h"

namespace trellis::test {

TEST_CASE("the ladder catalog lists the reserve pools with the stages each takes", "[http][ladder]") {
  TestServer server;
  auto r = server.get("/api/v1/ladder/stages");
  REQUIRE(r.status == 200);
  std::set<std::string> stages;
  for (const auto& s : r.json["items"]) stages.insert(s["id"].get<std::string>());
  REQUIRE(r.json["pools"].is_array());
  std::vector<std::string> ids;
  for (const auto& p : r.json["pools"]) {
    ids.push_back(p["id"].get<std::string>());
    CHECK_FALSE(p["name_zh"].get<std::string>().empty());
    REQUIRE_FALSE(p["target_stages"].empty());
    for (const auto& t : p["target_stages"]) {
      INFO(p["id"] << " targets " << t);
      CHECK(stages.count(t.get<std::string>()) == 1);  // every target is a configured stage
    }
  }
  CHECK(ids == std::vector<std::string>{"tech_sme_pool", "hnte_reserve", "double_hundred_reserve"});
  CHECK(r.json["pools"][2]["target_stages"] == nlohmann::json({"eaglet", "gazelle", "leader"}));
  CHECK(r.json["pools"][1]["name_zh"] == "高新技术企业后备库");
}

}  // namespace trellis::test
