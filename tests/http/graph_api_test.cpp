// The innovation graph over HTTP against the real server and its SQLite file: node CRUD with
// audit rows and stale versions, links the config forbids, limits, read-your-writes, as_of, pool
// isolation, GraphML export, and scope — a county officer's queries never return, count or route
// through a node it may not see, and such a node answers exactly like an absent one (GS1, GS2).
#include <catch2/catch.hpp>
#include <set>

#include "graph_server.h"

namespace trellis::test {

TEST_CASE("graph nodes: create, read, update with versions, remove — each audited", "[http][graph]") {
  GraphServer g;
  auto r = g.as("bureau", "POST", "/api/v1/graph/nodes",
                R"({"kind":"platform","name":"许昌市电力装备工程技术研究中心","region":"411002","sub_kind":"工程技术研究中心",
                    "level":"市级","status":"已认定","approved_on":"2021-06-30","build_mode":"独立建设"})");
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(r.header("ETag") == "\"1\"");
  auto id = std::to_string(r.json["id"].get<std::int64_t>());
  CHECK(r.json["writable"] == true);
  CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.node.create' AND object_id = '" + id + "'") == 1);

  r = g.as("bureau", "GET", "/api/v1/graph/nodes/" + id);
  REQUIRE(r.status == 200);
  CHECK(r.json["name"] == "许昌市电力装备工程技术研究中心");
  CHECK(r.json["approved_on"] == "2021-06-30");
  CHECK(r.json["build_mode"] == "独立建设");

  // PUT without a version: 428; with version 1: replaced, version 2; with 1 again: stale.
  std::string edited = R"({"name":"许昌市电力装备工程技术研究中心","region":"411002","sub_kind":"工程技术研究中心",
                           "level":"省级","status":"已认定","approved_on":"2021-06-30"})";
  checkError(g.as("bureau", "PUT", "/api/v1/graph/nodes/" + id, edited), 428, "version_required", "version");
  r = g.as("bureau", "PUT", "/api/v1/graph/nodes/" + id, edited, {{"If-Match", "\"1\""}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["level"] == "省级");
  CHECK(r.json["build_mode"].is_null());  // PUT replaces: left out = empty
  CHECK(r.json["version"] == 2);
  checkError(g.as("bureau", "PUT", "/api/v1/graph/nodes/" + id, edited, {{"If-Match", "\"1\""}}), 409, "stale_version",
             "version");
  CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.node.update' AND object_id = '" + id + "'") == 1);

  // Invalid values: 422 naming the field, nothing written.
  checkError(g.as("bureau", "POST", "/api/v1/graph/nodes", R"({"kind":"platform","name":"X","region":"411002",
      "sub_kind":"工程技术研究中心","level":"乡级","status":"已认定"})"), 422, "", "level");
  checkError(g.as("bureau", "POST", "/api/v1/graph/nodes", R"({"kind":"gadget","name":"X","region":"411002"})"), 422,
             "unknown_node_kind", "kind");
  checkError(g.as("bureau", "POST", "/api/v1/graph/nodes", R"({"kind":"institution","name":"X","region":"411002",
      "sub_kind":"高校","leader":"张三"})"), 422, "unknown_field", "leader");
  checkError(g.as("bureau", "POST", "/api/v1/graph/nodes", R"({"kind":"enterprise","name":"X","region":"411002"})"),
             422, "enterprise_node_automatic", "kind");
  CHECK(g.count("SELECT count(*) FROM graph_node WHERE kind <> 'enterprise'") == 1);

  // A county officer of another region may read it only if linked to its enterprise; here not.
  checkError(g.as("cty.b", "PUT", "/api/v1/graph/nodes/" + id, edited, {{"If-Match", "\"2\""}}), 404, "graph_node_not_found");
  checkError(g.as("cty.b", "POST", "/api/v1/graph/nodes",
                  R"({"kind":"institution","name":"许昌学院","region":"411002","sub_kind":"高校"})"),
             403, "node_region_out_of_scope", "region");

  r = g.as("bureau", "DELETE", "/api/v1/graph/nodes/" + id, "", {{"If-Match", "\"2\""}});
  CHECK(r.status == 204);
  CHECK(g.as("bureau", "GET", "/api/v1/graph/nodes/" + id).status == 404);
  CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.node.remove' AND object_id = '" + id + "'") == 1);
  CHECK(g.count("SELECT count(*) FROM graph_node WHERE id = " + id + " AND removed_at IS NOT NULL") == 1);
}

TEST_CASE("graph links: forbidden kinds and limits answer 422 and write nothing", "[http][graph]") {
  GraphServer g;
  auto a = g.enterprise("411002", 801, "许昌甲电气有限公司");
  auto inst1 = g.node("bureau", {{"kind", "institution"}, {"name", "许昌学院"}, {"region", "411002"}, {"sub_kind", "高校"}});
  auto inst2 = g.node("bureau", {{"kind", "institution"}, {"name", "中科院合肥物质科学研究院许昌智能制造研究所"},
                                 {"region", "411002"}, {"sub_kind", "中科院院所"}});
  const auto links_before = g.count("SELECT count(*) FROM graph_link");
  const auto audit_before =
      g.count("SELECT count(*) FROM audit_log WHERE action LIKE 'graph.link.%' AND outcome = 'success'");
  // hosts joins enterprise → platform and institution → platform only.
  auto r = g.as("bureau", "POST", "/api/v1/graph/links",
                nlohmann::json{{"kind", "hosts"}, {"from", inst1}, {"to", inst2}}.dump());
  checkError(r, 422, "link_kinds_forbidden", "kind");
  r = g.as("bureau", "POST", "/api/v1/graph/links",
           nlohmann::json{{"kind", "hosts"}, {"from", inst1}, {"to", "enterprise:" + a}}.dump());
  checkError(r, 422, "link_kinds_forbidden", "kind");
  checkError(g.as("bureau", "POST", "/api/v1/graph/links",
                  nlohmann::json{{"kind", "befriends"}, {"from", inst1}, {"to", inst2}}.dump()),
             422, "unknown_link_kind", "kind");
  checkError(g.as("bureau", "POST", "/api/v1/graph/links",
                  nlohmann::json{{"kind", "partners_with"}, {"from", inst1}, {"to", inst2}, {"valid_from", "2024-01-01"},
                                 {"valid_until", "2023-01-01"}}.dump()),
             422, "link_dates", "valid_until");
  CHECK(g.count("SELECT count(*) FROM graph_link") == links_before);
  CHECK(g.count("SELECT count(*) FROM audit_log WHERE action LIKE 'graph.link.%' AND outcome = 'success'") ==
        audit_before);

  // A second link of one kind valid at the same time: 409, nothing written.
  g.link("partners_with", inst1, inst2);
  checkError(g.as("bureau", "POST", "/api/v1/graph/links",
                  nlohmann::json{{"kind", "partners_with"}, {"from", inst1}, {"to", inst2}}.dump()),
             409, "duplicate_link", "kind");
  CHECK(g.count("SELECT count(*) FROM graph_link") == links_before + 1);

  // Limits: depth 4 (max 3) and unknown kinds are 422 naming the parameter; as_of must be a date.
  auto base = "/api/v1/graph/neighbourhood?node=" + std::to_string(inst1);
  checkError(g.as("bureau", "GET", base + "&depth=4"), 422, "", "depth");
  checkError(g.as("bureau", "GET", base + "&node_kinds=gadget"), 422, "unknown_node_kind", "node_kinds");
  checkError(g.as("bureau", "GET", base + "&link_kinds=befriends"), 422, "", "link_kinds");
  checkError(g.as("bureau", "GET", base + "&as_of=2024-02-30"), 422, "invalid_date", "as_of");
  checkError(g.as("bureau", "GET", "/api/v1/graph/centrality?measure=closeness"), 422, "unknown_measure", "measure");
  CHECK(g.as("bureau", "GET", base + "&depth=3").status == 200);
}

TEST_CASE("graph links: read-your-writes and as_of over HTTP", "[http][graph]") {
  GraphServer g;
  auto a = g.enterprise("411002", 811, "许昌乙材料有限公司");
  auto p = g.platform("许昌市新材料技术创新中心", "411002");
  auto ea = g.enterpriseNode(a);
  auto nb = "/api/v1/graph/neighbourhood?node=" + std::to_string(p);
  auto r = g.as("bureau", "GET", nb);
  REQUIRE(r.status == 200);
  CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{p});

  // Linked: the very next query sees it (read-your-writes).
  auto l = g.link("hosts", "enterprise:" + a, p, "2023-01-01");
  r = g.as("bureau", "GET", nb);
  REQUIRE(r.status == 200);
  CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{p, ea});
  CHECK(idsOf(r.json["links"]) == std::set<std::int64_t>{l});
  CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.link.create' AND object_id = '" +
                std::to_string(l) + "'") == 1);

  // Ended on 2024-06-01: absent from that day, present before it, and never deleted.
  r = g.as("bureau", "POST", "/api/v1/graph/links/" + std::to_string(l) + "/end", R"({"on":"2024-06-01"})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["valid_until"] == "2024-06-01");
  checkError(g.as("bureau", "POST", "/api/v1/graph/links/" + std::to_string(l) + "/end", R"({"on":"2024-07-01"})"), 409,
             "link_ended", "on");
  r = g.as("bureau", "GET", nb + "&as_of=2024-05-31");
  CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{p, ea});
  r = g.as("bureau", "GET", nb + "&as_of=2024-06-01");
  CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{p});
  r = g.as("bureau", "GET", nb + "&as_of=2022-12-31");
  CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{p});
  CHECK(g.count("SELECT count(*) FROM graph_link WHERE id = " + std::to_string(l) + " AND valid_until = '2024-06-01'") == 1);
  CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.link.end'") == 1);
  r = g.as("bureau", "GET", "/api/v1/graph/links?node=" + std::to_string(p) + "&as_of=2024-01-01");
  REQUIRE(r.status == 200);
  REQUIRE(r.json["items"].size() == 1);
  CHECK(r.json["items"][0]["recorded_by"] == "tester");
  CHECK(g.as("bureau", "GET", "/api/v1/graph/links?node=" + std::to_string(p)).json["items"].empty());
}

TEST_CASE("graph scope: a county officer's queries never return or route through a node it may not see",
          "[http][graph]") {
  GraphServer g;
  auto a = g.enterprise("411002", 821, "许昌丙机械有限公司");   // county A's
  auto b = g.enterprise("411082", 822, "长葛丁机械有限公司");   // county B's
  auto pa = g.platform("魏都区智能装备众创平台", "411002");
  auto pa2 = g.platform("魏都区电力装备创新平台", "411002");
  auto pb = g.platform("长葛市超硬材料创新平台", "411082");
  auto ea = g.enterpriseNode(a), eb = g.enterpriseNode(b);
  // pa — A; pa — B — pa2; B — pb. For the bureau pa → B → pa2 is a path; county A cannot see B
  // (another region's enterprise) nor pb (another region's node linked to no enterprise of A).
  g.link("member_of", "enterprise:" + a, pa);
  g.link("member_of", "enterprise:" + b, pa);
  g.link("member_of", "enterprise:" + b, pa2);
  g.link("hosts", "enterprise:" + b, pb);
  const std::set<std::int64_t> hidden = {eb, pb};

  auto path = "/api/v1/graph/path?from=" + std::to_string(pa) + "&to=" + std::to_string(pa2);
  auto r = g.as("bureau", "GET", path);
  REQUIRE(r.status == 200);
  CHECK(r.json["found"] == true);
  CHECK(r.json["path"]["length"] == 2);
  r = g.as("cty.a", "GET", path);
  REQUIRE(r.status == 200);
  CHECK(r.json["found"] == false);  // the only path runs through B

  for (const std::string login : {"cty.a", "view.a"}) {
    INFO(login);
    r = g.as(login, "GET", "/api/v1/graph/neighbourhood?depth=3&node=" + std::to_string(pa));
    REQUIRE(r.status == 200);
    CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{pa, ea});
    for (const auto& l : r.json["links"]) {
      CHECK_FALSE(hidden.count(l["from"].get<std::int64_t>()));
      CHECK_FALSE(hidden.count(l["to"].get<std::int64_t>()));
    }
    r = g.as(login, "GET", "/api/v1/graph/components");
    REQUIRE(r.status == 200);
    CHECK(r.json["node_count"] == 3);  // A, pa, pa2: not B, not pb
    for (const std::string m : {"degree", "pagerank", "betweenness"}) {
      r = g.as(login, "GET", "/api/v1/graph/centrality?measure=" + m);
      REQUIRE(r.status == 200);
      CHECK(r.json["node_count"] == 3);
      for (auto id : idsOf(r.json["top"])) CHECK_FALSE(hidden.count(id));
    }
    r = g.as(login, "GET", "/api/v1/graph/nodes?limit=100");
    REQUIRE(r.status == 200);
    CHECK(idsOf(r.json["items"]) == std::set<std::int64_t>{ea, pa, pa2});
    r = g.as(login, "GET", "/api/v1/graph/export?format=json");
    REQUIRE(r.status == 200);
    CHECK(idsOf(r.json["nodes"]) == std::set<std::int64_t>{ea, pa, pa2});
    r = g.as(login, "GET", "/api/v1/graph/export?format=graphml");
    REQUIRE(r.status == 200);
    CHECK(r.body.find("\"n" + std::to_string(eb) + "\"") == std::string::npos);
    CHECK(r.body.find("\"n" + std::to_string(pb) + "\"") == std::string::npos);
  }
  // The bureau sees everything.
  r = g.as("bureau", "GET", "/api/v1/graph/components");
  CHECK(r.json["node_count"] == 5);

  // A hidden node answers exactly like an absent one.
  auto hidden_reply = g.as("cty.a", "GET", "/api/v1/graph/nodes/" + std::to_string(pb));
  auto absent_reply = g.as("cty.a", "GET", "/api/v1/graph/nodes/999999");
  CHECK(hidden_reply.status == 404);
  CHECK(absent_reply.status == 404);
  CHECK(hidden_reply.json["error"]["code"] == absent_reply.json["error"]["code"]);
  CHECK(hidden_reply.json["error"]["message"] == absent_reply.json["error"]["message"]);
  CHECK(hidden_reply.json["error"]["field"] == absent_reply.json["error"]["field"]);
  CHECK(g.as("cty.a", "GET", "/api/v1/graph/nodes/enterprise:" + b).json["error"]["message"] ==
        absent_reply.json["error"]["message"]);
  CHECK(g.as("cty.a", "GET", "/api/v1/graph/neighbourhood?node=" + std::to_string(pb)).status == 404);
  CHECK(g.as("cty.a", "GET", "/api/v1/graph/path?from=" + std::to_string(pa) + "&to=" + std::to_string(pb)).status == 404);

  // Read-only: pa is county A's; county B sees it (linked to B) but may not change it.
  r = g.as("cty.b", "GET", "/api/v1/graph/nodes/" + std::to_string(pa));
  REQUIRE(r.status == 200);
  CHECK(r.json["writable"] == false);
  checkError(g.as("cty.b", "PUT", "/api/v1/graph/nodes/" + std::to_string(pa),
                  R"({"name":"改名","region":"411082","sub_kind":"工程技术研究中心","level":"市级","status":"已认定"})",
                  {{"If-Match", "\"1\""}}),
             403, "node_read_only");
  // County A links its own enterprise to its own platform: allowed; to a hidden node: 404.
  auto ok = g.as("cty.a", "POST", "/api/v1/graph/links",
                 nlohmann::json{{"kind", "member_of"}, {"from", "enterprise:" + a}, {"to", pa2}}.dump());
  CHECK(ok.status == 201);
  checkError(g.as("cty.a", "POST", "/api/v1/graph/links",
                  nlohmann::json{{"kind", "member_of"}, {"from", "enterprise:" + a}, {"to", pb}}.dump()),
             404, "graph_node_not_found");
}

TEST_CASE("graph isolated, partners, counts and GraphML export", "[http][graph]") {
  GraphServer g;
  auto a = g.enterprise("411002", 831, "许昌戊电气有限公司");
  auto b = g.enterprise("411002", 832, "许昌己电气有限公司");
  auto c = g.enterprise("411002", 833, "许昌庚电气有限公司");
  auto p = g.platform("许昌市电力装备企业技术中心", "411002");
  auto inst = g.node("bureau", {{"kind", "institution"}, {"name", "河南北理阻燃科技研究院"}, {"region", "411002"},
                                {"sub_kind", "科研院所"}});
  g.link("member_of", "enterprise:" + a, p);
  g.link("member_of", "enterprise:" + b, p);
  g.link("cooperates_with", "enterprise:" + b, inst);
  g.link("partners_with", "enterprise:" + a, "enterprise:" + b);
  // a and c are reserve members; a has a platform link, c has none.
  for (const auto& u : {a, c})
    g.exec("INSERT INTO pool_membership(enterprise_id, pool, tier, target_stage, target_year, region_code, entered_on, "
           "created_at, updated_at) SELECT id, 'hnte_reserve', 'key', 'hnte', 2026, region_code, '2023-01-01', "
           "'2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z' FROM enterprise WHERE uscc = '" + u + "'");
  auto r = g.as("bureau", "GET", "/api/v1/graph/isolated?pool=hnte_reserve");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["members"] == 2);
  REQUIRE(r.json["items"].size() == 1);
  CHECK(r.json["items"][0]["uscc"] == c);
  checkError(g.as("bureau", "GET", "/api/v1/graph/isolated?pool=nowhere"), 422, "unknown_pool", "pool");

  // Partners of a: through b (same chain) the institution b cooperates with.
  r = g.as("bureau", "GET", "/api/v1/graph/partners?enterprise=enterprise:" + a);
  INFO(r.body);
  REQUIRE(r.status == 200);
  REQUIRE(r.json["items"].size() >= 1);
  CHECK(r.json["items"][0]["id"] == inst);
  CHECK(r.json["items"][0]["path"]["length"] == 2);
  r = g.as("bureau", "GET", "/api/v1/graph/sharing?enterprise=enterprise:" + a);
  REQUIRE(r.status == 200);
  REQUIRE(r.json["items"].size() == 1);
  CHECK(r.json["items"][0]["uscc"] == b);

  r = g.as("bureau", "GET", "/api/v1/graph/counts?as_of=2024-01-01&from_year=2021&to_year=2023");
  REQUIRE(r.status == 200);
  REQUIRE(r.json["platforms_valid"].size() == 1);
  CHECK(r.json["platforms_valid"][0]["count"] == 1);
  CHECK(r.json["platforms_valid"][0]["level"] == "市级");

  r = g.as("bureau", "GET", "/api/v1/graph/export?format=graphml");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type").find("graphml") != std::string::npos);
  CHECK(r.body.rfind("<?xml", 0) == 0);
  CHECK(r.body.find("<graphml") != std::string::npos);
  CHECK(r.body.find("\"n" + std::to_string(p) + "\"") != std::string::npos);
  CHECK(r.body.find("\"n" + std::to_string(inst) + "\"") != std::string::npos);
  r = g.as("bureau", "GET", "/api/v1/graph/export?format=dot");
  REQUIRE(r.status == 200);
  CHECK(r.body.find("graph") != std::string::npos);
  checkError(g.as("bureau", "GET", "/api/v1/graph/export?format=png"), 422, "unknown_format", "format");
}

}  // namespace trellis::test
