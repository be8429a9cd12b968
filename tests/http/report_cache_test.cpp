// The reports keep their facts between requests (report/report_cache.h, issue 11 "Reports at
// province scale"), keyed by the change counters of sql/015. These tests make sure no report ever
// answers from before a write it can see: each asks a report (filling the cache), writes — through
// the API, or straight into the file as another process would — and asks again at once.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <chrono>

#include "report_json.h"
#include "test_server.h"
#include "trellis/core/date.h"

namespace trellis::test {
namespace {

Date today() { return dateAt(std::chrono::system_clock::now(), 480); }
std::string thisYear(const char* month_day) { return std::to_string(today().year()) + "-" + month_day; }

// A statement run on the server's file by a connection of its own: another process's write.
void writeFromOutside(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

struct CacheServer {
  TestServer server;
  std::string weidu = validUscc("411002", 9401), changge = validUscc("411082", 9402);
  CacheServer() {
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(weidu, "许昌缓存电气有限公司", "411002")).status == 201);
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(changge, "长葛缓存机械有限公司", "411082")).status == 201);
    REQUIRE(designate(weidu, "tech_sme", thisYear("01-01"), "C1").status == 201);
  }
  HttpResponse designate(const std::string& uscc, const std::string& stage, const std::string& on,
                         const std::string& number) {
    nlohmann::json body = {{"stage", stage}, {"starts_on", on}, {"number", number}};
    return server.post("/api/v1/enterprises/" + uscc + "/designations", body.dump());
  }
  nlohmann::json get(const std::string& path) {
    auto r = server.get(path);
    INFO(path << ": " << r.body);
    REQUIRE(r.status == 200);
    return r.json;
  }
  std::int64_t filed(const std::string& region = "") {
    const auto progress = get("/api/v1/reports/progress");
    const auto& m = metricOf(progress, "tech_sme_filed");
    return (region.empty() ? m["city"] : regionOf(m["regions"], region))["actual"].get<std::int64_t>();
  }
};

}  // namespace

TEST_CASE("report cache: a write through the API is in the very next report, drill-down and list",
          "[http][report][report_cache]") {
  CacheServer s;
  // Twice: the second answer comes from the kept facts; both are the data as it is.
  CHECK(s.filed() == 1);
  CHECK(s.filed() == 1);
  CHECK(s.get("/api/v1/reports/ladder")["city"]["holders"]["tech_sme"] == 1);
  CHECK(s.get("/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual")["total"] == 1);

  REQUIRE(s.designate(s.changge, "tech_sme", thisYear("01-02"), "C2").status == 201);
  CHECK(s.filed() == 2);
  CHECK(s.filed("411082") == 1);
  CHECK(s.get("/api/v1/reports/ladder")["city"]["holders"]["tech_sme"] == 2);
  CHECK(s.get("/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual")["total"] == 2);
  CHECK(s.get("/api/v1/reports/scorecard")["tasks"].size() == 55);

  // A pool member: the funnel (kept per region) and the liaison report see it at once.
  auto funnel_before = s.get("/api/v1/reports/funnel");
  auto liaison_before = s.get("/api/v1/reports/liaison");
  REQUIRE(s.server.post("/api/v1/pools/hnte_reserve/members",
                        nlohmann::json({{"uscc", s.weidu}, {"target_year", today().year() + 1}}).dump())
              .status == 201);
  auto funnel = s.get("/api/v1/reports/funnel");
  REQUIRE(funnel["cohorts"].size() == funnel_before["cohorts"].size() + 1);
  CHECK(funnel["cohorts"][0]["entered"] == 1);
  CHECK(s.get("/api/v1/reports/funnel?region=411082")["cohorts"].empty());
  CHECK(s.get("/api/v1/reports/drill-down?report=funnel&pool=hnte_reserve&cohort=" + std::to_string(today().year()) +
              "&outcome=entered")["total"] == 1);
  CHECK(s.get("/api/v1/reports/liaison") != liaison_before);

  // A bureau split of a target moves the progress target (target_split is part of the key).
  const std::string as_of_2022 = "/api/v1/reports/progress?as_of=2022-12-31";
  auto target_in_weidu = [&]() -> std::int64_t {
    const auto progress = s.get(as_of_2022);
    auto t = regionOf(metricOf(progress, "tech_sme_filed")["regions"], "411002")["target"];
    return t.is_object() ? t["value"].get<std::int64_t>() : -1;  // -1: no target for the region
  };
  CHECK(target_in_weidu() != 7);
  REQUIRE(s.server.request("PUT", "/api/v1/reports/targets/tech_sme_filed/2020-2022",
                           nlohmann::json({{"regions", {{"411002", 7}}}}).dump())
              .status == 200);
  CHECK(target_in_weidu() == 7);
}

TEST_CASE("report cache: a write by another process on the same file is in the next report",
          "[http][report][report_cache]") {
  CacheServer s;
  CHECK(s.filed("411002") == 1);
  CHECK(s.filed("411082") == 0);
  auto ladder = s.get("/api/v1/reports/ladder");
  CHECK(regionOf(ladder["regions"], "411002")["holders"]["tech_sme"] == 1);

  // `trellis import` or a sqlite3 shell: the server's own writer never sees it.
  writeFromOutside(s.server.dbPath(), "UPDATE enterprise SET region_code = '411082' WHERE uscc = '" + s.weidu + "'");
  CHECK(s.filed("411002") == 0);
  CHECK(s.filed("411082") == 1);
  ladder = s.get("/api/v1/reports/ladder");
  CHECK(regionOf(ladder["regions"], "411002")["holders"]["tech_sme"] == 0);
  CHECK(regionOf(ladder["regions"], "411082")["holders"]["tech_sme"] == 1);

  writeFromOutside(s.server.dbPath(), "UPDATE designation SET revoked_on = '" + thisYear("01-01") + "', revoked_by = 'outside'");
  CHECK(s.filed() == 0);
  CHECK(s.get("/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual")["total"] == 0);
}

}  // namespace trellis::test
