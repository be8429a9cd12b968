// The graph node import of issue 12 over HTTP (service/graph_node_import.h GN1–GN5), against the
// real `trellis serve`: a dry run of good and bad rows (row, column, code) that writes nothing; the
// commit, visible through the graph API at once — GET /graph/nodes/{id} and /graph/neighbourhood
// show the updated node without a restart (the engine is told after the commit, GN4); the revert
// that removes the created nodes and puts the updated one back, in the engine too; the revert
// refused after a later change; an imported node linked to an enterprise (and gone from its
// neighbourhood after the revert); a county's rows of another region refused (an XLSX file); the
// template.
#include <catch2/catch.hpp>
#include <algorithm>

#include "import_support.h"
#include "table_readback.h"
#include "test_server.h"

namespace trellis::test {
namespace {

const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct GraphImportWorld {
  TestServer server;
  std::string firm = validUscc("411002", 8401);
  std::int64_t platform = 0;  // 魏都区, 省级, hosted by firm: the file renames it and makes it 国家级
  std::int64_t changge = 0;   // 长葛市's platform

  GraphImportWorld() {
    registerEnterprise(server, firm, "许昌图谱导入甲科技有限公司", "411002");
    platform = node(R"({"kind":"platform","name":"许昌导入测试技术中心","region":"411002","sub_kind":"工程技术研究中心",
                        "level":"省级","status":"已认定"})");
    changge = node(R"({"kind":"platform","name":"长葛导入测试技术中心","region":"411082","sub_kind":"工程技术研究中心",
                       "level":"市级","status":"已认定"})");
    auto r = server.post("/api/v1/graph/links", nlohmann::json{{"kind", "hosts"}, {"from", "enterprise:" + firm},
                                                                {"to", std::to_string(platform)}, {"valid_from", "2020-01-01"}}.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
  }
  std::int64_t node(const std::string& body) {
    auto r = server.post("/api/v1/graph/nodes", body);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json["id"].get<std::int64_t>();
  }
  HttpResponse nodeOf(std::int64_t id) { return server.get("/api/v1/graph/nodes/" + std::to_string(id)); }
  // The name the enterprise's neighbourhood shows for node id ('' when it is not there).
  std::string neighbourName(std::int64_t id) {
    auto r = server.get("/api/v1/graph/neighbourhood?node=enterprise:" + firm + "&depth=1");
    INFO(r.body);
    REQUIRE(r.status == 200);
    for (const auto& n : r.json["nodes"])
      if (n["id"] == id) return n["name"].get<std::string>();
    return "";
  }
};

std::string nodeCsv(std::int64_t platform) {
  return "节点编号,资源类型,资源名称,所属县区,平台类别,级别,状态,人才计划\n" +
         std::to_string(platform) + ",创新平台,许昌导入测试技术中心（更名）,魏都区,工程技术研究中心,国家级,已认定,\n"  // 2 updated
         ",创新平台,许昌导入新建重点实验室,魏都区,重点实验室,市级,已认定,\n"                                          // 3 new
         ",talent_team,许昌导入新建人才团队,魏都区,,,引进,许昌英才计划\n"                                              // 4 new
         ",外星平台,某平台,魏都区,,,,\n"                                                                                // 5 kind
         ",创新平台,许昌导入乡级平台,魏都区,工程技术研究中心,乡级,已认定,\n"                                            // 6 level
         ",科技项目,许昌导入项目,火星区,,,立项,省十百千\n"                                                              // 7 region
         "999999,创新平台,不存在的平台,魏都区,工程技术研究中心,市级,已认定,\n"                                         // 8 no such node
         ",创新平台,许昌导入新建重点实验室,魏都区,重点实验室,省级,已认定,\n"                                          // 9 same as row 3
         ",合作机构,许昌导入合作高校,魏都区,高校,,,许昌英才计划\n"                                                      // 10 field of another kind
         ",企业,许昌导入企业,魏都区,,,,\n";                                                                             // 11 enterprise
}

}  // namespace

TEST_CASE("import graph nodes: dry run, commit seen by the graph API at once, revert", "[http][import][graph]") {
  GraphImportWorld w;
  std::int64_t nodes_before = sqlCount(w.server, "SELECT count(*) FROM graph_node WHERE removed_at IS NULL");
  auto up = uploadKind(w.server, "graph_nodes", nodeCsv(w.platform));
  checkCounts(up, 10, 2, 1, 0, 7);
  CHECK(rowOf(up, 3)["status"] == "new");
  CHECK(rowOf(up, 4)["status"] == "new");
  auto level = diffOf(up, 2, "level");
  CHECK(level["from"] == "省级");
  CHECK(level["to"] == "国家级");
  CHECK(diffOf(up, 2, "name")["to"] == "许昌导入测试技术中心（更名）");
  CHECK(refusalOf(up, 5) == "资源类型|unknown_node_kind");
  CHECK(refusalOf(up, 6) == "级别|unknown_level");
  CHECK(refusalOf(up, 7) == "所属县区|unknown_region");
  CHECK(refusalOf(up, 8) == "节点编号|graph_node_not_found");
  CHECK(refusalOf(up, 9) == "资源名称|duplicate_in_file");
  CHECK(refusalOf(up, 10) == "人才计划|unknown_field");
  CHECK(refusalOf(up, 11) == "资源类型|enterprise_node_automatic");
  CHECK(rowOf(up, 5)["errors"][0]["message"] == "资源类型应为创新平台、创新创业人才（团队）、科技项目或合作机构");
  // The dry run wrote nothing.
  CHECK(sqlCount(w.server, "SELECT count(*) FROM graph_node WHERE removed_at IS NULL") == nodes_before);
  CHECK(w.nodeOf(w.platform).json["level"] == "省级");

  std::string base = batchPath(up);
  auto all_or_none = w.server.post(base + "/commit", "{}");
  CHECK(all_or_none.status == 409);
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 3);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'graph.node.create'") == 2 + 2);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'graph.node.update'") == 1);
  // At once, no restart: the updated node by id and in the enterprise's neighbourhood, the new ones by id.
  auto updated = w.nodeOf(w.platform);
  CHECK(updated.json["level"] == "国家级");
  CHECK(updated.json["version"] == 2);
  CHECK(w.neighbourName(w.platform) == "许昌导入测试技术中心（更名）");
  std::int64_t lab = sqlCount(w.server, "SELECT id FROM graph_node WHERE name = '许昌导入新建重点实验室'");
  std::int64_t team = sqlCount(w.server, "SELECT id FROM graph_node WHERE name = '许昌导入新建人才团队'");
  CHECK(w.nodeOf(lab).json["sub_kind"] == "重点实验室");
  CHECK(w.nodeOf(team).json["programme"] == "许昌英才计划");
  // An imported node links to an enterprise through the API like any other.
  auto link = w.server.post("/api/v1/graph/links", nlohmann::json{{"kind", "member_of"}, {"from", "enterprise:" + w.firm},
                                                                   {"to", std::to_string(lab)}, {"valid_from", "2021-01-01"}}.dump());
  INFO(link.body);
  REQUIRE(link.status == 201);
  CHECK(w.neighbourName(lab) == "许昌导入新建重点实验室");

  SECTION("a second upload of the same file finds the nodes it made: unchanged, not new") {
    auto again = uploadKind(w.server, "graph_nodes", nodeCsv(w.platform));
    checkCounts(again, 10, 0, 0, 3, 7);
  }

  SECTION("revert removes the created nodes and puts the updated one back, in the engine too") {
    auto r = w.server.post(base + "/revert", "{}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["archived"] == 2);
    CHECK(r.json["restored"] == 1);
    CHECK(w.nodeOf(lab).status == 404);
    CHECK(w.nodeOf(team).status == 404);
    CHECK(w.neighbourName(lab).empty());  // gone with its link
    auto back = w.nodeOf(w.platform);
    CHECK(back.json["level"] == "省级");
    CHECK(back.json["name"] == "许昌导入测试技术中心");
    CHECK(w.neighbourName(w.platform) == "许昌导入测试技术中心");
    CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'graph.node.remove'") == 2);
    CHECK(sqlCount(w.server, "SELECT count(*) FROM graph_node WHERE removed_at IS NULL") == nodes_before);
  }

  SECTION("revert is refused for a node changed since, unless that row is left out") {
    auto put = w.server.request("PUT", "/api/v1/graph/nodes/" + std::to_string(lab),
                                R"({"name":"许昌导入新建重点实验室","region":"411002","sub_kind":"重点实验室","level":"省级",
                                    "status":"已认定"})", {{"If-Match", "\"1\""}});
    INFO(put.body);
    REQUIRE(put.status == 200);
    auto refused = w.server.post(base + "/revert", "{}");
    INFO(refused.body);
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    REQUIRE(refused.json["error"]["changed_rows"].size() == 1);
    const auto& row = refused.json["error"]["changed_rows"][0];
    CHECK(row["row"] == 3);
    CHECK(row["record"] == std::to_string(lab));
    CHECK(row["imported_version"] == 1);
    CHECK(row["current_version"] == 2);
    CHECK(w.nodeOf(w.platform).json["level"] == "国家级");  // nothing reverted
    auto r = w.server.post(base + "/revert", R"({"exclude_rows":[3]})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(w.nodeOf(lab).json["level"] == "省级");
    CHECK(w.nodeOf(team).status == 404);
    CHECK(w.nodeOf(w.platform).json["level"] == "省级");
  }
}

TEST_CASE("import graph nodes: a county imports only its own region's nodes (XLSX)", "[http][import][graph][scope]") {
  GraphImportWorld w;
  REQUIRE(w.server.addUser("county.wd", "county", "411002", "County#Password-wd"));
  w.server.setToken(w.server.signIn("county.wd", "County#Password-wd"));
  auto up = uploadKind(w.server, "graph_nodes",
                       xlsxOf(w.server,
                              {{"节点编号", "资源类型", "资源名称", "所属县区", "机构类别"},
                               {"", "合作机构", "许昌导入县区合作高校", "魏都区", "高校"},      // 2 new, own region
                               {"", "合作机构", "长葛导入合作高校", "长葛市", "高校"},          // 3 another region
                               {std::to_string(w.changge), "创新平台", "长葛导入测试技术中心", "长葛市", ""}},  // 4 not its node
                              "county-nodes"),
                       kXlsxType);
  checkCounts(up, 3, 1, 0, 0, 2);
  CHECK(refusalOf(up, 3) == "所属县区|node_region_out_of_scope");
  CHECK(refusalOf(up, 4) == "节点编号|graph_node_not_found");
  auto c = w.server.post(batchPath(up) + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 1);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM graph_node WHERE name = '长葛导入合作高校'") == 0);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM graph_node WHERE name = '许昌导入县区合作高校' AND region_code = '411002'") == 1);
}

TEST_CASE("import graph nodes: the template lists the kinds and regions", "[http][import][graph][templates]") {
  TestServer server;
  auto r = server.get("/api/v1/imports/templates/graph_nodes");
  INFO(r.body.substr(0, 200));
  REQUIRE(r.status == 200);
  // The hidden lists sheet holds one column per field with choices, in field order: kind, region, …
  auto has = [](const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  CHECK(has(httptest::templateListColumn(r.body, server.dir(), 0), "创新平台"));
  CHECK(has(httptest::templateListColumn(r.body, server.dir(), 1), "魏都区"));
}

}  // namespace trellis::test
