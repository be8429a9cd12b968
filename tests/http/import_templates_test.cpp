// GET /api/v1/imports/templates/{kind} (issue 12): the XLSX template of an import kind, read back
// with io's readers — the header row (config/import.json's first header of every field, required
// ones marked *), the drop-down lists in the hidden sheet (regions, industries, stages) — and
// a file filled in under that header imports: the marks, the Chinese region, industry and stage
// names of the drop-downs are what the import reads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "table_readback.h"
#include "test_server.h"
#include "trellis/core/clock.h"
#include "trellis/io/xlsx_reader.h"

namespace trellis::test {
namespace {

std::vector<std::string> headerOf(const std::vector<std::vector<std::string>>& rows) {
  REQUIRE(!rows.empty());
  auto h = rows[0];
  while (!h.empty() && h.back().empty()) h.pop_back();
  return h;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string joined(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  return out;
}

}  // namespace

TEST_CASE("import templates: the enterprise template has the header and drop-downs, and imports once filled in",
          "[http][import][templates]") {
  TestServer server;
  auto t = server.get("/api/v1/imports/templates/enterprises");
  INFO(t.body.substr(0, 300));
  REQUIRE(t.status == 200);
  CHECK(t.header("Content-Type").find("spreadsheetml") != std::string::npos);
  CHECK(t.header("Content-Disposition").find("import-template-enterprises.xlsx") != std::string::npos);
  auto header = headerOf(httptest::readBack(t.body, server.dir(), "xlsx"));
  REQUIRE(header.size() >= 4);
  CHECK(header[0] == "统一社会信用代码");
  CHECK(header[1] == "企业名称*");
  CHECK(header[2] == "所属县区*");
  CHECK(header[3] == "所属产业");
  // The drop-downs: the regions (column C's list) and the industries (D's) by their names.
  auto regions = httptest::templateListColumn(t.body, server.dir(), 0);
  CHECK(has(regions, "魏都区"));
  CHECK(has(regions, "长葛市"));
  auto industries = httptest::templateListColumn(t.body, server.dir(), 1);
  CHECK(!industries.empty());

  // Filled in under exactly that header, with the drop-down's names.
  std::vector<std::string> row(header.size());
  row[0] = validUscc("411002", 9101);
  row[1] = "许昌模板导入科技有限公司";
  row[2] = "魏都区";
  row[3] = industries.front();
  auto up = server.request("POST", "/api/v1/imports?kind=enterprises", joined(header) + "\n" + joined(row) + "\n", {}, "text/csv");
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["counts"]["new"] == 1);
  CHECK(up.json["batch"]["counts"]["refused"] == 0);
  CHECK(up.json["batch"]["ignored_columns"].empty());
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  REQUIRE(server.post(base + "/commit", "{}").status == 200);
  auto e = server.get("/api/v1/enterprises/" + row[0]);
  REQUIRE(e.status == 200);
  CHECK(e.json["region"] == "411002");
  CHECK(e.json["industry"].get<std::string>() != "");
}

TEST_CASE("import templates: the designations template offers the stages, and imports once filled in",
          "[http][import][templates]") {
  TestServer server;
  std::string uscc = validUscc("411002", 9102);
  REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(uscc, "许昌模板认定科技有限公司")).status == 201);
  auto t = server.get("/api/v1/imports/templates/designations");
  REQUIRE(t.status == 200);
  auto header = headerOf(httptest::readBack(t.body, server.dir(), "xlsx"));
  REQUIRE(header.size() >= 5);
  CHECK(header[2] == "认定类型*");
  CHECK(header[4] == "发证日期*");
  auto stages = httptest::templateListColumn(t.body, server.dir(), 0);
  CHECK(has(stages, "高新技术企业"));
  CHECK(has(stages, "科技型中小企业"));

  int year = dateAt(std::chrono::system_clock::now(), 480).year() - 1;
  std::vector<std::string> row(header.size());
  row[0] = uscc;
  row[2] = "高新技术企业";
  row[3] = "GR" + std::to_string(year) + "41009999";
  row[4] = std::to_string(year) + "-11-20";
  auto up = server.request("POST", "/api/v1/imports?kind=designations", joined(header) + "\n" + joined(row) + "\n", {}, "text/csv");
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["counts"]["new"] == 1);
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  REQUIRE(server.post(base + "/commit", "{}").status == 200);
  CHECK(server.get("/api/v1/enterprises/" + uscc + "/ladder").json["position"]["top"] == "hnte");
}

TEST_CASE("import templates: an unknown kind is refused by name", "[http][import][templates]") {
  TestServer server;
  auto r = server.get("/api/v1/imports/templates/moon");
  CHECK(r.status == 422);
  CHECK(r.json["error"]["code"] == "unknown_kind");
  CHECK(r.json["error"]["field"] == "kind");
}

}  // namespace trellis::test
