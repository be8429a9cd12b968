// `trellis demo --scale` (issue 11 "Scale"): the province-sized demo data set, covered in ctest at
// its one-hundredth size (`--scale city`). The real binary writes a real SQLite file; the test
// counts every table the data set promises, checks the shape that makes the reports worth timing
// (five years of designations and cohorts, roadmaps, contacts, the graph) and that the same seed
// gives the same data, and that a server on the result answers a report.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "auth_harness.h"

namespace {

using trellis::authtest::AuthServer;
using trellis::authtest::bearer;

// One integer (or the text of one value) from a read-only look at the database file.
std::string scalar(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

long long count(const std::string& db_path, const std::string& sql) { return std::stoll(scalar(db_path, sql)); }

// A digest of what the generator decided: every enterprise, designation, membership and link,
// so two runs with one seed can be compared without holding both databases' rows.
std::string fingerprint(const std::string& db_path) {
  return scalar(db_path, "SELECT sum(length(uscc) * id) || ':' || sum(unicode(substr(name, 3)) * id) FROM enterprise") + "|" +
         scalar(db_path, "SELECT count(*) || ':' || sum(enterprise_id * length(stage)) || ':' || group_concat(starts_on, '') "
                         "FROM (SELECT * FROM designation ORDER BY id)") + "|" +
         scalar(db_path, "SELECT group_concat(pool || target_year || entered_on || coalesce(exit_reason, ''), ',') "
                         "FROM (SELECT * FROM pool_membership ORDER BY id)") + "|" +
         scalar(db_path, "SELECT sum(from_node * 3 + to_node) || ':' || group_concat(kind, '') FROM "
                         "(SELECT * FROM graph_link ORDER BY id)") + "|" +
         scalar(db_path, "SELECT group_concat(contact_date, '') FROM (SELECT contact_date FROM liaison_contact ORDER BY id)");
}

}  // namespace

TEST_CASE("demo --scale city: every table at one hundredth of the province size, deterministic by seed", "[http][demo_scale]") {
  AuthServer server({}, false);
  std::string out;
  int rc = server.cli({"demo", "--scale", "city", "--seed", "7"}, "", &out);
  REQUIRE(rc == 0);
  const std::string db = server.dbPath();

  // The promised counts, exactly (the spec splits them so they add up).
  CHECK(count(db, "SELECT count(*) FROM enterprise") == 2000);
  CHECK(count(db, "SELECT count(*) FROM enterprise_history") == 10000);
  CHECK(count(db, "SELECT count(*) FROM enterprise_history WHERE change = 'update'") == 8000);
  CHECK(count(db, "SELECT count(*) FROM enterprise WHERE version <> 5") == 0);
  CHECK(count(db, "SELECT count(*) FROM pool_membership") == 500);
  CHECK(count(db, "SELECT count(*) FROM graph_node") == 3000);
  CHECK(count(db, "SELECT count(*) FROM graph_node WHERE kind = 'enterprise'") == 2000);
  CHECK(count(db, "SELECT count(*) FROM graph_link") == 15000);
  CHECK(count(db, "SELECT count(*) FROM app_user WHERE role = 'liaison'") == 10);
  CHECK(count(db, "SELECT count(*) FROM liaison_contact") == 5000);
  CHECK(count(db, "SELECT count(*) FROM liaison_assignment") == 500);
  CHECK(count(db, "SELECT count(DISTINCT k.enterprise_id) FROM liaison_contact k JOIN pool_membership m "
                  "ON m.enterprise_id = k.enterprise_id") == 500);
  CHECK(count(db, "SELECT min(n) || max(n) FROM (SELECT count(*) AS n FROM liaison_contact GROUP BY enterprise_id)") == 1010);
  const long long open = count(db, "SELECT count(*) FROM pool_membership WHERE exited_on IS NULL");
  CHECK(open > 250);
  CHECK(open < 500);

  // The shape the reports need: five years of designations of every stage, five cohorts with
  // every outcome, roadmaps with work done and late, problems in several states.
  CHECK(count(db, "SELECT count(DISTINCT substr(starts_on, 1, 4)) FROM designation") >= 5);
  CHECK(count(db, "SELECT count(DISTINCT stage) FROM designation") >= 4);  // leaders are rare at this size
  CHECK(count(db, "SELECT count(*) FROM designation WHERE stage = 'tech_sme'") > 1000);
  CHECK(count(db, "SELECT count(*) FROM designation WHERE stage = 'hnte'") > 200);
  CHECK(count(db, "SELECT count(DISTINCT substr(entered_on, 1, 4)) FROM pool_membership") == 5);
  CHECK(count(db, "SELECT count(DISTINCT pool) FROM pool_membership") == 3);
  CHECK(count(db, "SELECT count(*) FROM pool_membership WHERE exit_reason = 'graduated'") > 0);
  CHECK(count(db, "SELECT count(*) FROM pool_membership WHERE exit_reason = 'withdrawn'") > 0);
  CHECK(count(db, "SELECT count(*) FROM milestone") > open);
  CHECK(count(db, "SELECT count(*) FROM milestone WHERE status = 'done'") > 0);
  CHECK(count(db, "SELECT count(*) FROM milestone WHERE status = 'planned' AND due_on < date('now')") > 0);
  CHECK(count(db, "SELECT count(DISTINCT status) FROM liaison_problem") >= 4);
  // Graph links join the enterprises' own nodes, and every endpoint exists.
  CHECK(count(db, "SELECT count(*) FROM graph_link l JOIN graph_node n ON n.id = l.from_node WHERE n.kind = 'enterprise'") > 5000);
  CHECK(count(db, "SELECT count(*) FROM graph_link WHERE from_node NOT IN (SELECT id FROM graph_node) "
                  "OR to_node NOT IN (SELECT id FROM graph_node)") == 0);
  // What it built and how long it took, in the output.
  CHECK(out.find("enterprises 2000, history rows 10000") != std::string::npos);
  CHECK(out.find("graph nodes 3000, links 15000") != std::string::npos);
  CHECK(out.find("built in ") != std::string::npos);

  // Only into an empty database.
  std::string again;
  CHECK(server.cli({"demo", "--scale", "city", "--seed", "7"}, "", &again) == 1);
  CHECK(count(db, "SELECT count(*) FROM enterprise") == 2000);

  // The same seed, the same data; another seed, other data.
  {
    AuthServer twin({}, false);
    REQUIRE(twin.cli({"demo", "--scale", "city", "--seed", "7"}) == 0);
    CHECK(fingerprint(twin.dbPath()) == fingerprint(db));
    AuthServer other({}, false);
    REQUIRE(other.cli({"demo", "--scale", "city", "--seed", "8"}) == 0);
    CHECK(fingerprint(other.dbPath()) != fingerprint(db));
  }

  // A server on it answers the reports over these rows.
  server.addUser("scalebureau", "bureau", "", "Scale-Test-Pw!x9-long");
  server.start();
  auto token = server.signInBearer("scalebureau", "Scale-Test-Pw!x9-long");
  auto ladder = server.request("GET", "/api/v1/reports/drill-down?report=ladder&kind=holders&stage=hnte&limit=1", "",
                               {bearer(token)});
  REQUIRE(ladder.status == 200);
  CHECK(ladder.json["total"].get<long long>() > 0);

  // Progress per region equals a recount in SQL over the same rows (the report looks each
  // enterprise's region up once per metric, not once per cell: this pins what that must keep).
  auto progress = server.request("GET", "/api/v1/reports/progress", "", {bearer(token)});
  REQUIRE(progress.status == 200);
  const std::string as_of = progress.json["as_of"];
  const std::string year_start = as_of.substr(0, 4) + "-01-01";
  int checked = 0;
  for (const auto& m : progress.json["metrics"]) {
    const std::string key = m["metric"];
    if (key != "tech_sme_filed" && key != "hnte" && key != "tech_sme_new") continue;
    const std::string stage = key == "hnte" ? "hnte" : "tech_sme";
    long long city_candidates = 0, region_candidates = 0, region_actual = 0;
    city_candidates = m["city"]["forecast_candidates"].get<long long>();
    for (const auto& cell : m["regions"]) {
      const std::string region = cell["region"];
      std::string sql =
          key == "tech_sme_new"
              ? "SELECT count(*) FROM (SELECT d.enterprise_id FROM designation d JOIN enterprise e ON e.id = d.enterprise_id "
                "WHERE e.region_code = '" + region + "' AND d.stage = 'tech_sme' AND d.starts_on <= '" + as_of +
                    "' GROUP BY d.enterprise_id HAVING min(d.starts_on) >= '" + year_start + "')"
              : "SELECT count(DISTINCT d.enterprise_id) FROM designation d JOIN enterprise e ON e.id = d.enterprise_id "
                "WHERE e.region_code = '" + region + "' AND d.stage = '" + stage + "' AND d.starts_on <= '" + as_of +
                    "' AND d.ends_on >= '" + as_of + "' AND d.revoked_on IS NULL";
      CHECK(cell["actual"].get<long long>() == count(db, sql));
      region_actual += cell["actual"].get<long long>();
      region_candidates += cell["forecast_candidates"].get<long long>();
      ++checked;
    }
    CHECK(region_actual == m["city"]["actual"].get<long long>());
    CHECK(region_candidates == city_candidates);
  }
  CHECK(checked == 30);
}

TEST_CASE("demo --scale: an unknown scale or a count beside it is refused and writes nothing", "[http][demo_scale]") {
  AuthServer server({}, false);
  std::string out;
  CHECK(server.cli({"demo", "--scale", "town"}, "", &out) != 0);
  CHECK(out.find("--scale") != std::string::npos);
  CHECK(server.cli({"demo", "--scale", "city", "--count", "10"}, "", &out) != 0);
  CHECK(out.find("--count") != std::string::npos);
  CHECK(count(server.dbPath(), "SELECT count(*) FROM enterprise") == 0);
}
