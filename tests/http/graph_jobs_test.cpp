// Exact betweenness as a background job over HTTP (GraphService GS7): started with POST
// /graph/centrality/jobs (202 + id), read with GET …/jobs/{id} until its progress reaches the total
// and the ranked result is there — the exact figures of a small fixed graph computed by hand —
// over the starter's visible subgraph only; another user's job answers exactly like an absent
// one (404, recorded as a refusal, GS2); bad input, a second job while one runs and a visible
// graph too large for an exact run answer 4xx and start nothing.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "graph_server.h"

namespace trellis::test {
namespace {

// GET the job until it is no longer running (bounded: 30 s).
HttpResponse finished(GraphServer& g, const std::string& login, std::int64_t id) {
  HttpResponse r;
  for (int i = 0; i < 3000; ++i) {
    r = g.as(login, "GET", "/api/v1/graph/centrality/jobs/" + std::to_string(id));
    if (r.status != 200 || r.json["status"] != "running") return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("job " << id << " still running after 30 s: " << r.body);
  return r;
}

std::map<std::int64_t, double> scores(const nlohmann::json& top) {
  std::map<std::int64_t, double> out;
  for (const auto& e : top) out[e["id"].get<std::int64_t>()] = e["score"].get<double>();
  return out;
}

std::int64_t start(GraphServer& g, const std::string& login, const nlohmann::json& body) {
  auto r = g.as(login, "POST", "/api/v1/graph/centrality/jobs", body.dump());
  INFO(r.body);
  REQUIRE(r.status == 202);
  CHECK(r.json["status"] == "running");
  auto id = r.json["id"].get<std::int64_t>();
  CHECK(r.header("Location") == "/api/v1/graph/centrality/jobs/" + std::to_string(id));
  return id;
}

}  // namespace

TEST_CASE("exact betweenness job: hand-computed figures, progress to the total, the starter's view",
          "[http][graph][jobs]") {
  GraphServer g;
  // The fixed graph (labels as in the comments below):
  //   E1 ─ P ─ I ─ EB ─ PB        E1, E2, P, I in 411002; EB, PB in 411082
  //        │
  //        E2
  // A tree, so a node's betweenness is the number of pairs of other nodes its removal separates:
  //   P: {E1} {E2} {I, EB, PB} → 1·1 + 1·3 + 1·3 = 7      I: {E1, E2, P} {EB, PB} → 3·2 = 6
  //   EB: {E1, E2, P, I} {PB} → 4·1 = 4                   E1, E2, PB (leaves) → 0
  // County A sees E1, E2, P, I only (EB is another region's enterprise; PB is another region's
  // node linked to none of A's enterprises): a star around P with I as a leaf, so
  //   P: {E1} {E2} {I} → 3, everything else 0.
  auto e1 = g.enterprise("411002", 851, "许昌甲科技有限公司");
  auto e2 = g.enterprise("411002", 852, "许昌乙科技有限公司");
  auto eb = g.enterprise("411082", 853, "长葛丙科技有限公司");
  auto p = g.platform("许昌市智能装备技术创新中心", "411002");
  auto i = g.node("bureau", {{"kind", "institution"}, {"name", "许昌学院"}, {"region", "411002"}, {"sub_kind", "高校"}});
  auto pb = g.platform("长葛市超硬材料工程技术研究中心", "411082");
  g.link("member_of", "enterprise:" + e1, p);
  g.link("member_of", "enterprise:" + e2, p);
  g.link("partners_with", p, i);
  g.link("cooperates_with", "enterprise:" + eb, i);
  g.link("hosts", "enterprise:" + eb, pb);
  const auto n_e1 = g.enterpriseNode(e1), n_e2 = g.enterpriseNode(e2), n_eb = g.enterpriseNode(eb);

  SECTION("the bureau: every node, ranked, with the exact figures") {
    auto id = start(g, "bureau", {{"limit", 10}, {"as_of", "2024-01-01"}});
    auto r = finished(g, "bureau", id);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["status"] == "done");
    CHECK(r.json["as_of"] == "2024-01-01");
    CHECK(r.json["sources_total"] == 6);
    CHECK(r.json["sources_done"] == r.json["sources_total"]);
    const auto& res = r.json["result"];
    CHECK(res["measure"] == "betweenness");
    CHECK(res["exact"] == true);
    CHECK(res["node_count"] == 6);
    CHECK(res["sources"] == 6);
    REQUIRE(res["top"].size() == 6);
    CHECK(res["top"][0]["id"] == p);
    CHECK(res["top"][1]["id"] == i);
    CHECK(res["top"][2]["id"] == n_eb);
    CHECK(res["top"][2]["uscc"] == eb);
    auto s = scores(res["top"]);
    CHECK(s[p] == Approx(7));
    CHECK(s[i] == Approx(6));
    CHECK(s[n_eb] == Approx(4));
    CHECK(s[n_e1] == Approx(0));
    CHECK(s[n_e2] == Approx(0));
    CHECK(s[pb] == Approx(0));
    CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.centrality_job.start' AND object_type = "
                  "'centrality_job' AND object_id = '" + std::to_string(id) + "' AND outcome = 'success'") == 1);

    // Ranking one kind only (computed over every node): the platforms P (7) and PB (0); limit 1.
    id = start(g, "bureau", {{"kind", "platform"}, {"limit", 1}});
    r = finished(g, "bureau", id);
    REQUIRE(r.json["status"] == "done");
    CHECK(r.json["kind"] == "platform");
    REQUIRE(r.json["result"]["top"].size() == 1);
    CHECK(r.json["result"]["top"][0]["id"] == p);
    CHECK(r.json["result"]["top"][0]["score"].get<double>() == Approx(7));
    CHECK(r.json["result"]["node_count"] == 6);

    // Before the links existed (as_of 2022-12-31: they date from 2023-01-01) nothing lies between.
    id = start(g, "bureau", {{"as_of", "2022-12-31"}});
    r = finished(g, "bureau", id);
    REQUIRE(r.json["status"] == "done");
    for (const auto& e : r.json["result"]["top"]) CHECK(e["score"].get<double>() == Approx(0));
  }

  SECTION("a county officer: its own visible subgraph, and its job is nobody else's") {
    auto id = start(g, "cty.a", nlohmann::json::object());
    auto r = finished(g, "cty.a", id);
    INFO(r.body);
    REQUIRE(r.status == 200);
    REQUIRE(r.json["status"] == "done");
    CHECK(r.json["sources_total"] == 4);
    CHECK(r.json["sources_done"] == 4);
    CHECK(r.json["result"]["node_count"] == 4);
    auto s = scores(r.json["result"]["top"]);
    CHECK(s.size() == 4);
    CHECK(s[p] == Approx(3));
    CHECK(s[i] == Approx(0));
    CHECK(s.count(n_eb) == 0);
    CHECK(s.count(pb) == 0);

    // County B (and the bureau) asking for county A's job: exactly an absent job's answer.
    const auto refusals_before = g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.centrality_job.read'");
    auto mine_for_b = g.as("cty.b", "GET", "/api/v1/graph/centrality/jobs/" + std::to_string(id));
    auto absent = g.as("cty.b", "GET", "/api/v1/graph/centrality/jobs/999999");
    auto malformed = g.as("cty.b", "GET", "/api/v1/graph/centrality/jobs/x1");
    for (const auto* reply : {&mine_for_b, &absent, &malformed}) {
      checkError(*reply, 404, "centrality_job_not_found");
      CHECK(reply->json["error"]["message"] == absent.json["error"]["message"]);
      CHECK(reply->json["error"]["field"] == absent.json["error"]["field"]);
    }
    checkError(g.as("bureau", "GET", "/api/v1/graph/centrality/jobs/" + std::to_string(id)), 404, "centrality_job_not_found");
    CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.centrality_job.read'") == refusals_before + 4);
    CHECK(g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.centrality_job.read' AND outcome = 'denied' "
                  "AND object_id = '" + std::to_string(id) + "'") == 2);
    // Its starter still reads it.
    CHECK(g.as("cty.a", "GET", "/api/v1/graph/centrality/jobs/" + std::to_string(id)).status == 200);
  }
}

TEST_CASE("exact betweenness job: bad input, a second job while one runs and too large a graph start nothing",
          "[http][graph][jobs]") {
  GraphServer g;
  auto starts = [&] { return g.count("SELECT count(*) FROM audit_log WHERE action = 'graph.centrality_job.start'"); };
  const std::string jobs = "/api/v1/graph/centrality/jobs";
  checkError(g.as("bureau", "POST", jobs, R"({"kind":"gadget"})"), 422, "unknown_node_kind", "kind");
  checkError(g.as("bureau", "POST", jobs, R"({"limit":0})"), 422, "limit_out_of_range", "limit");
  checkError(g.as("bureau", "POST", jobs, R"({"limit":501})"), 422, "limit_out_of_range", "limit");
  checkError(g.as("bureau", "POST", jobs, R"({"as_of":"2024-02-30"})"), 422, "invalid_date", "as_of");
  checkError(g.as("bureau", "POST", jobs, R"({"sample":10})"), 422, "unknown_field", "sample");
  checkError(g.as("bureau", "POST", jobs, R"([1])"), 400, "not_an_object");
  CHECK(starts() == 0);
  checkError(g.as("bureau", "GET", jobs + "/1"), 404, "centrality_job_not_found");

  // A ring of 19,000 institutions written straight into the database (the server takes nodes and
  // links another process wrote, GS6): exact betweenness from 19,000 sources takes seconds, so a
  // second start right after the first finds it running.
  g.exec("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 19000) "
         "INSERT INTO graph_node(kind, name, region_code, fields, created_at, updated_at) "
         "SELECT 'institution', '环形机构' || n, '411002', '{\"sub_kind\":\"高校\"}', '2023-01-01T00:00:00Z', "
         "'2023-01-01T00:00:00Z' FROM k");
  g.exec("INSERT INTO graph_link(kind, from_node, to_node, valid_from, recorded_by, recorded_at) "
         "SELECT 'partners_with', a.id, coalesce((SELECT min(b.id) FROM graph_node b WHERE b.id > a.id), "
         "(SELECT min(id) FROM graph_node)), '2023-01-01', 'tester', '2023-01-01T00:00:00Z' FROM graph_node a");
  auto first = g.as("bureau", "POST", jobs, "{}");
  INFO(first.body);
  REQUIRE(first.status == 202);
  auto second = g.as("cty.a", "POST", jobs, "{}");
  checkError(second, 409, "centrality_job_running");
  CHECK(starts() == 1);
  auto r = g.as("bureau", "GET", jobs + "/" + std::to_string(first.json["id"].get<std::int64_t>()));
  REQUIRE(r.status == 200);
  CHECK(r.json["sources_done"].get<std::int64_t>() <= r.json["sources_total"].get<std::int64_t>());

  // 2,000 more: 21,000 visible nodes exceed max_exact_betweenness_nodes (20,000) — refused first,
  // whether or not a job runs.
  g.exec("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2000) "
         "INSERT INTO graph_node(kind, name, region_code, fields, created_at, updated_at) "
         "SELECT 'institution', '新增机构' || n, '411002', '{\"sub_kind\":\"高校\"}', '2023-01-01T00:00:00Z', "
         "'2023-01-01T00:00:00Z' FROM k");
  checkError(g.as("bureau", "POST", jobs, "{}"), 422, "exact_betweenness_too_large", "as_of");
  CHECK(starts() == 1);
  // County B sees none of them (all 411002, linked to no enterprise of B): its graph is small.
  checkError(g.as("cty.b", "POST", jobs, "{}"), 409, "centrality_job_running");
}

}  // namespace trellis::test
