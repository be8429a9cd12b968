// GET /api/v1/problems?format=csv|xlsx (issue 12 "Export"): every problem the filters and the
// caller's scope select, read back with io's readers and compared with the JSON list.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "demo_city.h"
#include "table_readback.h"

namespace trellis::consistencytest {
namespace {

// Every problem id of the JSON list for that query, walking its pages.
std::vector<std::string> jsonIds(DemoCity& city, const std::string& login, const std::string& query) {
  std::vector<std::string> ids;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    auto r = city.as(login, "GET", "/api/v1/problems?limit=7" + query + (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(r.status == 200);
    for (const auto& p : r.json["items"]) ids.push_back(std::to_string(p["id"].get<std::int64_t>()));
    if (r.json["next_cursor"].is_null()) return ids;
    cursor = r.json["next_cursor"].get<std::string>();
  }
  FAIL("the problem list did not end");
  return ids;
}

std::vector<std::string> column(const std::vector<std::vector<std::string>>& rows, std::size_t c) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i].at(c));
  return out;
}

// The demo city with the liaison demo on top (contacts and problems), as tools/run loads it.
void loadLiaisonDemo(DemoCity& city) {
  std::string out;
  int rc = city.server().cli({"demo-liaison"}, "", &out);
  if (rc != 0) FAIL("trellis demo-liaison exited " << rc << ": " << out);
}

}  // namespace

TEST_CASE("problem export: CSV and XLSX hold every problem of the JSON list, in scope", "[http][liaison][export]") {
  DemoCity city(200);
  loadLiaisonDemo(city);
  const std::string dir = city.server().dir();

  auto all = jsonIds(city, "bureau", "");
  REQUIRE(all.size() > 7);  // more than one JSON page: the export must not stop at one

  auto csv = city.as("bureau", "GET", "/api/v1/problems?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Disposition").find("filename*=UTF-8''") != std::string::npos);
  CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);  // BOM: Excel and WPS read it as UTF-8
  auto rows = httptest::readBack(csv.body, dir, "csv");
  REQUIRE(!rows.empty());
  CHECK(rows[0].at(0) == "编号");
  CHECK(rows[0].at(9) == "状态");
  CHECK(column(rows, 0) == all);
  const auto status_cells = column(rows, 9);
  std::set<std::string> statuses(status_cells.begin(), status_cells.end());
  for (const auto& s : statuses) CHECK(std::set<std::string>{"待办理", "办理中", "已解决", "已办结", "已上报"}.count(s) == 1);

  auto xlsx = city.as("bureau", "GET", "/api/v1/problems?format=xlsx&status=open");
  REQUIRE(xlsx.status == 200);
  CHECK(column(httptest::readBack(xlsx.body, dir, "xlsx"), 0) == jsonIds(city, "bureau", "&status=open"));

  // A county officer's export is its JSON list: 魏都区 only, nothing of another county.
  auto mine = jsonIds(city, "weidu", "");
  auto county = httptest::readBack(city.as("weidu", "GET", "/api/v1/problems?format=csv").body, dir, "csv");
  CHECK(column(county, 0) == mine);
  CHECK(!mine.empty());
  for (const auto& region : column(county, 3)) CHECK(region == "魏都区");
  // The demo's problems are all 魏都区's: 长葛市's officer exports a header and nothing else.
  auto other = httptest::readBack(city.as("changge", "GET", "/api/v1/problems?format=csv").body, dir, "csv");
  CHECK(column(other, 0) == jsonIds(city, "changge", ""));
  CHECK(other.size() == 1);

  // A bad format is refused by name, and nothing is downloaded.
  auto bad = city.as("bureau", "GET", "/api/v1/problems?format=pdf");
  CHECK(bad.status == 422);
  CHECK(bad.json["error"]["field"] == "format");
}

TEST_CASE("problem list and export: status=not_closed is every problem but the closed ones (未销号)",
          "[http][liaison][export]") {
  DemoCity city(200);
  loadLiaisonDemo(city);
  const std::string dir = city.server().dir();
  auto all = jsonIds(city, "bureau", "");
  auto closed = jsonIds(city, "bureau", "&status=closed");
  REQUIRE(!closed.empty());  // the demo closes some: the filter has something to leave out
  std::set<std::string> closed_set(closed.begin(), closed.end());
  std::vector<std::string> expected;
  for (const auto& id : all)
    if (!closed_set.count(id)) expected.push_back(id);
  REQUIRE(!expected.empty());
  CHECK(jsonIds(city, "bureau", "&status=not_closed") == expected);
  // The export with the same filter holds the same rows, none of them 已办结.
  auto rows = httptest::readBack(city.as("bureau", "GET", "/api/v1/problems?format=csv&status=not_closed").body, dir, "csv");
  CHECK(column(rows, 0) == expected);
  for (const auto& s : column(rows, 9)) CHECK(s != "已办结");
  // A county's own list and its export agree too.
  CHECK(column(httptest::readBack(city.as("weidu", "GET", "/api/v1/problems?format=csv&status=not_closed").body, dir, "csv"), 0) ==
        jsonIds(city, "weidu", "&status=not_closed"));
  // Another word is still refused by name.
  auto bad = city.as("bureau", "GET", "/api/v1/problems?status=unclosed");
  CHECK(bad.status == 422);
  CHECK(bad.json["error"]["code"] == "unknown_status");
  CHECK(bad.json["error"]["field"] == "status");
}

TEST_CASE("problem export: more problems than trellis.export.max_rows is refused, never cut short", "[http][liaison][export]") {
  DemoCity city(200, {{"trellis.export.max_rows", "3"}});
  loadLiaisonDemo(city);
  REQUIRE(!city.query("SELECT id FROM liaison_problem LIMIT 4").empty());
  auto r = city.as("bureau", "GET", "/api/v1/problems?format=csv");
  CHECK(r.status == 422);
  CHECK(r.json["error"]["code"] == "export_too_large");
  CHECK(r.json["error"]["field"] == "format");
}

}  // namespace trellis::consistencytest
