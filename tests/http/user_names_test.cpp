// GET /api/v1/user-names (issue 13 "No internal keys or logins on screen"): the UI asks the names of
// the logins a page shows; "system" is 系统; a region-scoped caller learns only the names of
// city-wide accounts and of its own region (a liaison officer: not its fellow officers); unknown
// and out-of-scope logins are absent alike. The real `trellis serve`.
#include <catch2/catch.hpp>

#include "auth_harness.h"

namespace trellis::authtest {

TEST_CASE("user-names http: display names by login, scoped, system as 系统", "[http][user-names]") {
  AuthServer server;
  auto users = server.demoUsers();
  server.addUser("weidu.liaison2", "liaison", "411002", "Second-Liaison-2026!");
  const std::string all = "/api/v1/user-names?logins=system,bureau,weidu,changge,liaison,weidu.liaison2,nobody";

  SECTION("a city-wide caller gets every known account, the system as 系统, no unknown login") {
    auto bureau = server.signInBearer("bureau", users["bureau"]);
    auto r = server.request("GET", all, "", {bearer(bureau)});
    REQUIRE(r.status == 200);
    const auto& names = r.json.at("names");
    CHECK(names.at("system") == "系统");
    CHECK(names.at("bureau") == "市科技局 分析员");
    CHECK(names.at("weidu") == "魏都区 科技干部");
    CHECK(names.at("changge") == "长葛市 科技干部");
    CHECK(names.at("liaison") == "魏都区 联络员");
    CHECK(names.at("weidu.liaison2") == "测试用户");
    CHECK_FALSE(names.contains("nobody"));
  }

  SECTION("a county officer gets city-wide accounts and its own region's, not another county's") {
    auto weidu = server.signInBearer("weidu", users["weidu"]);
    auto r = server.request("GET", all, "", {bearer(weidu)});
    REQUIRE(r.status == 200);
    const auto& names = r.json.at("names");
    CHECK(names.at("bureau") == "市科技局 分析员");
    CHECK(names.at("weidu") == "魏都区 科技干部");
    CHECK(names.at("liaison") == "魏都区 联络员");
    CHECK(names.at("weidu.liaison2") == "测试用户");
    CHECK_FALSE(names.contains("changge"));  // out of scope looks like unknown
    CHECK_FALSE(names.contains("nobody"));
    CHECK(names.size() == 5);
  }

  SECTION("a liaison officer gets itself and its county's officers, not its fellow liaison officers") {
    auto liaison = server.signInBearer("liaison", users["liaison"]);
    auto r = server.request("GET", all, "", {bearer(liaison)});
    REQUIRE(r.status == 200);
    const auto& names = r.json.at("names");
    CHECK(names.at("liaison") == "魏都区 联络员");
    CHECK(names.at("weidu") == "魏都区 科技干部");
    CHECK(names.at("system") == "系统");
    CHECK_FALSE(names.contains("weidu.liaison2"));
    CHECK_FALSE(names.contains("changge"));
  }

  SECTION("bad requests: no session, an unknown parameter, more than 200 logins; none is empty") {
    CHECK(server.request("GET", all).status == 401);
    auto bureau = server.signInBearer("bureau", users["bureau"]);
    auto unknown = server.request("GET", "/api/v1/user-names?login=weidu", "", {bearer(bureau)});
    CHECK(unknown.status == 422);
    CHECK(unknown.errorCode() == "unknown_parameter");
    std::string many = "/api/v1/user-names?logins=a0";
    for (int i = 1; i <= 200; ++i) many += ",a" + std::to_string(i);
    auto tooMany = server.request("GET", many, "", {bearer(bureau)});
    CHECK(tooMany.status == 422);
    CHECK(tooMany.errorCode() == "too_many");
    CHECK(tooMany.json.at("error").at("field") == "logins");
    auto none = server.request("GET", "/api/v1/user-names", "", {bearer(bureau)});
    REQUIRE(none.status == 200);
    CHECK(none.json.at("names").empty());
    CHECK(none.json.at("names").is_object());
  }
}

}  // namespace trellis::authtest
