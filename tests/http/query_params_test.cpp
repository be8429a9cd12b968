// Every route reads its query parameters through Request's typed getters: the same spelling is
// accepted or refused the same way on every route (issue 9: ladder refused "1", registry took it).
#include <catch2/catch.hpp>

#include "test_server.h"

namespace trellis::test {
namespace {

const std::string kUscc = "91411000MA40ABCD1X";  // well-formed; absence is not what these test

void checkRefused(const HttpResponse& r, const std::string& code, const std::string& field) {
  INFO(r.status << " " << r.body);
  CHECK(r.status == 422);
  CHECK(r.json["error"]["code"] == code);
  CHECK(r.json["error"]["field"] == field);
}

}  // namespace

TEST_CASE("boolean query parameters accept true, 1, false, 0 on every route and refuse the rest",
          "[http][params]") {
  TestServer server;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/v1/enterprises?include_archived=", "include_archived"},
      {"/api/v1/enterprises?total=", "total"},
      {"/api/v1/problems?overdue=", "overdue"},
      {"/api/v1/pools/hnte_reserve/members?include_exited=", "include_exited"},
  };
  for (const auto& [prefix, name] : routes) {
    for (const std::string ok : {"true", "1", "false", "0"}) {
      INFO(prefix << ok);
      CHECK(server.get(prefix + ok).status == 200);
    }
    for (const std::string bad : {"yes", "TRUE", "2", ""}) {
      INFO(prefix << bad);
      checkRefused(server.get(prefix + bad), "not_a_boolean", name);
    }
  }
  // total=1 is the same request as total=true.
  CHECK(server.get("/api/v1/enterprises?total=1").json["total"] == server.get("/api/v1/enterprises?total=true").json["total"]);
}

TEST_CASE("whole-number query parameters refuse the same spellings on every route", "[http][params]") {
  TestServer server;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/v1/enterprises?limit=", "limit"},
      {"/api/v1/problems?limit=", "limit"},
      {"/api/v1/enterprises/" + kUscc + "/contacts?limit=", "limit"},
      {"/api/v1/pools/hnte_reserve/members?limit=", "limit"},
      {"/api/v1/pools/hnte_reserve/members?target_year=", "target_year"},
      {"/api/v1/pools/hnte_reserve/milestones?limit=", "limit"},
      {"/api/v1/enterprises/" + kUscc + "/evaluation?stage=hnte&year=", "year"},
      {"/api/v1/reports/drill-down?report=progress&metric=hnte&limit=", "limit"},
      {"/api/v1/graph/nodes?limit=", "limit"},
      {"/api/v1/contacts?limit=", "limit"},
  };
  for (const auto& [prefix, name] : routes)
    for (const std::string bad : {"-1", "ten", "1.5", "1234567890", ""}) {
      INFO(prefix << bad);
      checkRefused(server.get(prefix + bad), "not_a_number", name);
    }
}

TEST_CASE("date query parameters refuse what is not a calendar date on every route", "[http][params]") {
  TestServer server;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/v1/enterprises/" + kUscc + "/designations?as_of=", "as_of"},
      {"/api/v1/enterprises/" + kUscc + "/ladder?as_of=", "as_of"},
      {"/api/v1/enterprises/" + kUscc + "/evaluation?stage=hnte&as_of=", "as_of"},
      {"/api/v1/pools/hnte_reserve/milestones?due_before=", "due_before"},
  };
  for (const auto& [prefix, name] : routes)
    for (const std::string bad : {"2023-02-29", "2024-1-1", "today", ""}) {
      INFO(prefix << bad);
      checkRefused(server.get(prefix + bad), "invalid_date", name);
    }
  CHECK(server.get("/api/v1/pools/hnte_reserve/milestones?due_before=2024-02-29").status == 200);
}

TEST_CASE("year parameters are exactly four digits, in the query and in the path alike", "[http][params]") {
  TestServer server;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=", "target_year"},
      {"/api/v1/reports/drill-down?report=funnel&pool=hnte_reserve&outcome=entered&cohort=", "cohort"},
      {"/api/v1/enterprises/" + kUscc + "/indicators/", "year"},
      {"/api/v1/enterprises/" + kUscc + "/expert-scores/", "year"},
  };
  for (const auto& [prefix, name] : routes)
    for (const std::string bad : {"24", "20245", "２０２４", "2O24", "-2024"}) {
      INFO(prefix << bad);
      checkRefused(server.get(prefix + bad), "invalid_year", name);
    }
  // A good year passes the parameter: the answer is the use case's (here the report's 200).
  CHECK(server.get("/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=2024").status == 200);
}

TEST_CASE("comma-list parameters skip empty items and refuse more than their limit", "[http][params]") {
  TestServer server;
  auto names = server.get("/api/v1/user-names?logins=system,,nobody,");
  REQUIRE(names.status == 200);
  CHECK(names.json["names"].contains("system"));
  CHECK(names.json["names"].size() == 1);
  std::string logins;
  for (int i = 0; i < 200; ++i) logins += (i ? "," : "") + std::string("u") + std::to_string(i);
  CHECK(server.get("/api/v1/user-names?logins=" + logins).status == 200);
  auto over = server.get("/api/v1/user-names?logins=" + logins + ",u200");
  INFO(over.body);
  CHECK(over.status == 422);
  CHECK(over.json["error"]["code"] == "too_many");
  CHECK(over.json["error"]["field"] == "logins");
}

TEST_CASE("a malformed id in the path is 404 like an absent one", "[http][params]") {
  TestServer server;
  for (const std::string path : {"/api/v1/problems/abc", "/api/v1/problems/-1", "/api/v1/pools/hnte_reserve/members/x1"}) {
    INFO(path);
    auto r = server.get(path);
    CHECK(r.status == 404);
    CHECK(r.json["error"].contains("code"));
  }
}

}  // namespace trellis::test
