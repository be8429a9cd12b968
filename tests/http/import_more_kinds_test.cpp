// The last import kinds of issue 12 over HTTP: liaison assignments
// (service/liaison_assignment_import.h LA1–LA5) and the bureau's target splits
// (service/target_import.h TI1–TI4), against the real `trellis serve`. Files are made by the
// tests: an XLSX written by libxlsxwriter, a GB18030 CSV via iconv, UTF-8 CSV.
// Each kind: a dry run of good and bad rows (row, column, code), nothing written by it; the
// commit, seen through the kind's own API; the revert that puts it back; the revert refused after
// a later change unless that row is left out; scope (a county's rows of another county refused
// like unregistered ones; targets refused to a county altogether, as their PUT is); the template.
#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <map>

#include "import_support.h"
#include "process_util.h"
#include "table_readback.h"
#include "test_server.h"

namespace trellis::test {
namespace {

const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct AssignmentWorld {
  TestServer server;
  std::string a = validUscc("411002", 8301);        // unassigned: the file assigns it
  std::string b = validUscc("411002", 8302);        // liaison.wd1's: the file (by name) gives it to wd2
  std::string c = validUscc("411002", 8303);        // liaison.wd1's: the file names wd1 again
  std::string d = validUscc("411002", 8304);        // the bad rows' enterprise
  std::string twin1 = validUscc("411002", 8305);    // twin1 and twin2 share the alias 同名包联
  std::string twin2 = validUscc("411002", 8306);
  std::string changge = validUscc("411082", 8307);  // another county's enterprise
  std::string b_name = "许昌包联导入乙科技有限公司";

  AssignmentWorld() {
    registerEnterprise(server, a, "许昌包联导入甲科技有限公司", "411002");
    registerEnterprise(server, b, b_name, "411002");
    registerEnterprise(server, c, "许昌包联导入丙科技有限公司", "411002");
    registerEnterprise(server, d, "许昌包联导入丁科技有限公司", "411002");
    registerEnterprise(server, twin1, "许昌包联导入戊科技有限公司", "411002", {"同名包联"});
    registerEnterprise(server, twin2, "许昌包联导入己科技有限公司", "411002", {"同名包联"});
    registerEnterprise(server, changge, "长葛包联导入庚科技有限公司", "411082");
    REQUIRE(server.addUser("liaison.wd1", "liaison", "411002", "Liaison#Password-w1"));
    REQUIRE(server.addUser("liaison.wd2", "liaison", "411002", "Liaison#Password-w2"));
    REQUIRE(server.addUser("liaison.cg", "liaison", "411082", "Liaison#Password-cg"));
    REQUIRE(server.addUser("viewer.wd", "viewer", "411002", "Viewer#Password-wd"));
    assign(b, "liaison.wd1");
    assign(c, "liaison.wd1");
  }
  void assign(const std::string& uscc, const std::string& officer) {
    auto r = server.request("PUT", "/api/v1/enterprises/" + uscc + "/liaison", nlohmann::json({{"officer", officer}}).dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
  }
  // The enterprise's active officer's login ('' when none).
  std::string officerOf(const std::string& uscc) {
    auto r = server.get("/api/v1/enterprises/" + uscc + "/liaison");
    INFO(r.body);
    REQUIRE(r.status == 200);
    return r.json["current"].is_null() ? "" : r.json["current"]["officer"]["login"].get<std::string>();
  }
  std::int64_t audits(const std::string& action) {
    return sqlCount(server, "SELECT count(*) FROM audit_log WHERE action = '" + action + "'");
  }
};

TEST_CASE("import liaison assignments: an XLSX 包联分工 sheet — dry run, commit, revert",
          "[http][import][more_kinds][liaison_assignments]") {
  AssignmentWorld w;
  const std::vector<std::vector<std::string>> rows = {
      {"统一社会信用代码", "企业名称", "包联干部账号", "包联干部", "调整原因"},
      {w.a, "", "liaison.wd1", "测试用户", ""},            // 2 new
      {"", w.b_name, "liaison.wd2", "", "工作调整"},        // 3 updated, named by its name
      {w.c, "", "liaison.wd1", "", ""},                    // 4 unchanged
      {w.a, "", "liaison.wd2", "", ""},                    // 5 the same enterprise again
      {w.d, "", "nobody", "", ""},                         // 6 unknown officer
      {w.d, "", "liaison.cg", "", ""},                     // 7 another county's officer
      {w.d, "", "viewer.wd", "", ""},                      // 8 not a liaison officer
      {w.d, "", "liaison.wd1", "张三", ""},                // 9 the sheet names someone else
      {w.d, "", "", "测试用户", ""},                       // 10 no officer
      {"", "同名包联", "liaison.wd1", "", ""},             // 11 an alias of two enterprises
  };
  std::int64_t assigned_before = w.audits("liaison.assign"), reassigned_before = w.audits("liaison.reassign");
  auto up = uploadKind(w.server, "liaison_assignments", xlsxOf(w.server, rows, "assignments"), kXlsxType);
  checkCounts(up, 10, 1, 1, 1, 7);
  CHECK(rowOf(up, 2)["status"] == "new");
  CHECK(rowOf(up, 3)["uscc"] == w.b);
  auto diff = diffOf(up, 3, "officer");
  CHECK(diff["from"] == "liaison.wd1");
  CHECK(diff["to"] == "liaison.wd2");
  CHECK(rowOf(up, 4)["status"] == "unchanged");
  CHECK(refusalOf(up, 5) == "包联干部账号|duplicate_in_file");
  CHECK(refusalOf(up, 6) == "包联干部账号|unknown_officer");
  CHECK(refusalOf(up, 7) == "包联干部账号|officer_region_mismatch");
  CHECK(refusalOf(up, 8) == "包联干部账号|not_a_liaison");
  CHECK(refusalOf(up, 9) == "包联干部|officer_name_mismatch");
  CHECK(refusalOf(up, 10) == "包联干部账号|required");
  CHECK(refusalOf(up, 11) == "企业名称|name_ambiguous");
  CHECK(rowOf(up, 6)["errors"][0]["message"].get<std::string>().find("联络员") != std::string::npos);
  // The dry run wrote nothing.
  CHECK(w.officerOf(w.a).empty());
  CHECK(w.officerOf(w.b) == "liaison.wd1");

  std::string base = batchPath(up);
  auto all = w.server.post(base + "/commit", "{}");
  REQUIRE(all.status == 409);
  CHECK(all.json["error"]["code"] == "import_rows_refused");
  CHECK(w.officerOf(w.a).empty());

  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  CHECK(w.officerOf(w.a) == "liaison.wd1");
  CHECK(w.officerOf(w.b) == "liaison.wd2");
  CHECK(w.officerOf(w.c) == "liaison.wd1");
  auto history = w.server.get("/api/v1/enterprises/" + w.b + "/liaison").json["history"];
  REQUIRE(history.size() == 2);
  CHECK(history[1]["end_reason"] == "工作调整");
  CHECK(w.audits("liaison.assign") == assigned_before + 1);
  CHECK(w.audits("liaison.reassign") == reassigned_before + 1);

  SECTION("revert puts the officers back") {
    auto r = w.server.post(base + "/revert", "{}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["restored"] == 1);
    CHECK(r.json["archived"] == 1);
    CHECK(w.officerOf(w.a).empty());
    CHECK(w.officerOf(w.b) == "liaison.wd1");
    CHECK(w.officerOf(w.c) == "liaison.wd1");
    CHECK(w.audits("liaison.unassign") == 1);
    auto again = w.server.post(base + "/revert", "{}");
    CHECK(again.status == 409);
    CHECK(again.json["error"]["code"] == "import_not_committed");
  }

  SECTION("revert is refused for an enterprise reassigned since, unless that row is left out") {
    w.assign(w.a, "liaison.wd2");
    auto refused = w.server.post(base + "/revert", "{}");
    INFO(refused.body);
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    REQUIRE(refused.json["error"]["changed_rows"].size() == 1);
    CHECK(refused.json["error"]["changed_rows"][0]["row"] == 2);
    CHECK(refused.json["error"]["changed_rows"][0]["uscc"] == w.a);
    CHECK(w.officerOf(w.b) == "liaison.wd2");
    auto r = w.server.post(base + "/revert", R"({"exclude_rows":[2]})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["excluded"] == 1);
    CHECK(w.officerOf(w.a) == "liaison.wd2");
    CHECK(w.officerOf(w.b) == "liaison.wd1");
  }
}

TEST_CASE("import liaison assignments: a county's rows of another county are refused like unregistered ones",
          "[http][import][more_kinds][liaison_assignments][scope]") {
  AssignmentWorld w;
  std::string unknown = validUscc("411002", 8399);
  REQUIRE(w.server.addUser("county.wd", "county", "411002", "County#Password-wd"));
  w.server.setToken(w.server.signIn("county.wd", "County#Password-wd"));
  std::string csv = "统一社会信用代码,企业名称,包联干部账号\n" + w.changge + ",,liaison.cg\n" +   // 2 another county, by code
                    ",长葛包联导入庚科技有限公司,liaison.cg\n" +                                   // 3 another county, by name
                    unknown + ",,liaison.wd1\n" +                                                  // 4 never registered
                    w.a + ",,liaison.wd1\n";                                                        // 5 own county
  auto up = uploadKind(w.server, "liaison_assignments", csv);
  checkCounts(up, 4, 1, 0, 0, 3);
  CHECK(refusalOf(up, 2) == "统一社会信用代码|enterprise_not_found");
  CHECK(refusalOf(up, 3) == "企业名称|enterprise_not_found");
  CHECK(refusalOf(up, 4) == "统一社会信用代码|enterprise_not_found");
  CHECK(rowOf(up, 2)["errors"][0]["message"] == rowOf(up, 4)["errors"][0]["message"]);
  auto c = w.server.post(batchPath(up) + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 1);
  CHECK(w.officerOf(w.a) == "liaison.wd1");
  // The other county's enterprise got no officer (read beside the server: the county may not see it).
  CHECK(sqlCount(w.server, "SELECT count(*) FROM liaison_assignment a JOIN enterprise e ON e.id = a.enterprise_id "
                           "WHERE e.uscc = '" + w.changge + "'") == 0);
}

// ---------------------------------------------------------------------------------------------
// Targets.

struct TargetWorld {
  TestServer server;
  const std::string split = "/api/v1/reports/targets/hnte/2020-2022";

  // The bureau's split before the file: 长葛市 60, 建安区 50.
  TargetWorld() { put({{"411082", 60}, {"411003", 50}}); }
  void put(const nlohmann::json& regions) {
    auto r = server.request("PUT", split, nlohmann::json({{"regions", regions}}).dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
  }
  // The stored shares of hnte 2020-2022 as region → value, read through GET /reports/targets.
  std::map<std::string, std::int64_t> shares() {
    auto r = server.get("/api/v1/reports/targets");
    INFO(r.body);
    REQUIRE(r.status == 200);
    std::map<std::string, std::int64_t> out;
    for (const auto& s : r.json["splits"])
      if (s["metric"] == "hnte" && s["period"] == "2020-2022") out[s["region"].get<std::string>()] = s["value"].get<std::int64_t>();
    return out;
  }
};

const std::string kTargetCsv =
    "目标指标,目标期间,所属县区,目标值\n"
    "高新技术企业总量,2020-2022,魏都区,120\n"    // 2 new, metric and region by their names
    "hnte,2020-2022,411082,80\n"                  // 3 updated 60 → 80
    "hnte,2020-2022,建安区,50\n"                  // 4 unchanged
    "不存在的指标,2020-2022,魏都区,1\n"           // 5 unknown metric
    "hnte,2019,魏都区,1\n"                        // 6 no city target for that period
    "hnte,2020/2022,魏都区,1\n"                   // 7 not a period
    "hnte,2020-2022,许昌市,1\n"                   // 8 the city is no region below the city
    "hnte,2020-2022,鄢陵县,2000000000\n"          // 9 beyond 10^9
    "高新技术企业总量,2020-2022,411002,130\n"     // 10 row 2 again
    "hnte,2020-2022,鄢陵县,\n";                   // 11 no value

TEST_CASE("import targets: a GB18030 split sheet — dry run, commit, revert", "[http][import][more_kinds][targets]") {
  TargetWorld w;
  std::int64_t audited_before = sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'plan.target'");
  auto up = uploadKind(w.server, "targets", gb18030Of(w.server, kTargetCsv, "targets"));
  checkCounts(up, 10, 1, 1, 1, 7);
  CHECK(rowOf(up, 2)["status"] == "new");
  auto diff = diffOf(up, 3, "value");
  CHECK(diff["from"] == 60);
  CHECK(diff["to"] == 80);
  CHECK(rowOf(up, 4)["status"] == "unchanged");
  CHECK(refusalOf(up, 5) == "目标指标|unknown_metric");
  CHECK(refusalOf(up, 6) == "目标期间|no_city_target");
  CHECK(refusalOf(up, 7) == "目标期间|invalid_period");
  CHECK(refusalOf(up, 8) == "所属县区|unknown_region");
  CHECK(refusalOf(up, 9) == "目标值|out_of_range");
  CHECK(refusalOf(up, 10) == "所属县区|duplicate_in_file");
  CHECK(refusalOf(up, 11) == "目标值|required");
  CHECK(rowOf(up, 5)["errors"][0]["message"] == "未知的指标");
  const std::map<std::string, std::int64_t> before = {{"411003", 50}, {"411082", 60}};
  CHECK(w.shares() == before);

  // trellis import --kind targets --dry-run: the same report from the CLI, exit 3 for the refusals.
  std::string file = w.server.dir() + "/targets-cli.csv", in = w.server.dir() + "/cli.in", out = w.server.dir() + "/cli.out";
  std::ofstream(file, std::ios::binary) << kTargetCsv;
  std::ofstream(in, std::ios::binary) << "";
  int rc = testutil::waitExit(testutil::spawnProcess({TRELLIS_BINARY, "import", file, "--kind", "targets", "--dry-run",
                                                      "--config", w.server.dir() + "/config/trellis.properties",
                                                      "--db", w.server.dbPath()},
                                                     in, out, out));
  std::string printed = testutil::readFile(out);
  INFO(printed);
  CHECK(rc == 3);
  auto report = nlohmann::json::parse(printed.substr(printed.find('{')));
  CHECK(report["counts"]["new"] == 1);
  CHECK(report["counts"]["refused"] == 7);
  CHECK(w.shares() == before);

  std::string base = batchPath(up);
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  const std::map<std::string, std::int64_t> after = {{"411002", 120}, {"411003", 50}, {"411082", 80}};
  CHECK(w.shares() == after);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'plan.target'") == audited_before + 2);

  SECTION("revert puts the split back") {
    auto r = w.server.post(base + "/revert", "{}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["restored"] == 1);
    CHECK(r.json["archived"] == 1);
    CHECK(w.shares() == before);
  }

  SECTION("revert is refused for a share changed since, unless that row is left out") {
    w.put({{"411082", 70}, {"411003", 50}, {"411002", 120}});
    auto refused = w.server.post(base + "/revert", "{}");
    INFO(refused.body);
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    REQUIRE(refused.json["error"]["changed_rows"].size() == 1);
    const auto& row = refused.json["error"]["changed_rows"][0];
    CHECK(row["row"] == 3);
    CHECK(row["record"] == "hnte|2020-2022|411082");
    CHECK(row["uscc"] == "");
    CHECK(row["imported_version"] == 80);
    CHECK(row["current_version"] == 70);
    auto r = w.server.post(base + "/revert", R"({"exclude_rows":[3]})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    const std::map<std::string, std::int64_t> kept = {{"411003", 50}, {"411082", 70}};
    CHECK(w.shares() == kept);
  }
}

TEST_CASE("import targets: a county may not import targets, as it may not split them",
          "[http][import][more_kinds][targets][scope]") {
  TargetWorld w;
  REQUIRE(w.server.addUser("county.wd", "county", "411002", "County#Password-wd"));
  w.server.setToken(w.server.signIn("county.wd", "County#Password-wd"));
  REQUIRE(w.server.request("PUT", w.split, R"({"regions":{"411002":1}})").status == 403);
  auto up = uploadKind(w.server, "targets", "目标指标,目标期间,所属县区,目标值\nhnte,2020-2022,魏都区,1\n");
  INFO(up.body);
  CHECK(up.status == 403);
  CHECK(up.json["error"]["code"] == "import_kind_forbidden");
  CHECK(sqlCount(w.server, "SELECT count(*) FROM import_batch") == 0);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.upload' AND outcome = 'denied'") == 1);
  // The county's own kinds still upload.
  CHECK(uploadKind(w.server, "liaison_assignments", "统一社会信用代码,包联干部账号\n").status == 201);
}

TEST_CASE("import more kinds: the templates of liaison assignments and targets",
          "[http][import][more_kinds][templates]") {
  TestServer server;
  struct Expected {
    std::string kind, file;
    std::vector<std::string> first;
  };
  const Expected kinds[] = {
      {"liaison_assignments", "import-template-liaison_assignments.xlsx",
       {"统一社会信用代码", "企业名称", "包联干部账号*", "包联干部", "调整原因"}},
      {"targets", "import-template-targets.xlsx", {"目标指标*", "目标期间*", "所属县区*", "目标值*"}},
  };
  for (const auto& k : kinds) {
    INFO(k.kind);
    auto t = server.get("/api/v1/imports/templates/" + k.kind);
    REQUIRE(t.status == 200);
    CHECK(t.header("Content-Disposition").find(k.file) != std::string::npos);
    auto rows = httptest::readBack(t.body, server.dir(), "xlsx");
    REQUIRE(!rows.empty());
    REQUIRE(rows[0].size() == k.first.size());
    for (std::size_t i = 0; i < k.first.size(); ++i) CHECK(rows[0][i] == k.first[i]);
  }
  auto has = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  auto targets = server.get("/api/v1/imports/templates/targets").body;
  CHECK(has(httptest::templateListColumn(targets, server.dir(), 0), "高新技术企业总量"));
  CHECK(has(httptest::templateListColumn(targets, server.dir(), 1), "魏都区"));
  CHECK_FALSE(has(httptest::templateListColumn(targets, server.dir(), 1), "许昌市"));
}

}  // namespace
}  // namespace trellis::test
