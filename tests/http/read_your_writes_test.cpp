// Issue 8 §1: a cached statement that returned a row (LadderRepository::indicators,
// ::designation, ::expertScores) was left un-reset, so its pooled reader connection stayed in a
// read transaction: every later request it served read the old snapshot — a new enterprise
// answered 404, a PATCH's version 2 read back as 1, a new session token 401 — until restart.
//
// The regression test replays the report. The family calls EVERY GET route of `trellis routes`
// (path parameters filled from the demo data; a route without a recipe fails the test), then
// writes and reads the write back: once right away (the reader pool is a LIFO stack, so that read
// is served by the very connection the route just used) and then from a burst of concurrent
// clients, as many as the server's workers, so the other pooled readers serve it too.
#include <catch2/catch.hpp>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "demo_city.h"
#include "trellis/core/date.h"

namespace trellis::consistencytest {
namespace {

using nlohmann::json;

constexpr int kWorkers = 8;  // DemoCity's trellis.http.max_threads

// One enterprise with yearly indicators in the demo data: its code and a year it has.
std::pair<std::string, std::string> enterpriseWithIndicators(DemoCity& city) {
  auto rows = city.query(
      "SELECT e.uscc, y.year FROM yearly_indicators y JOIN enterprise e ON e.id = y.enterprise_id "
      "WHERE e.archived = 0 ORDER BY e.id, y.year DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return {rows[0][0], rows[0][1]};
}

std::string newEnterprise(std::uint64_t serial) {
  return authtest::enterpriseJson("411002", 700000 + serial, "411002");
}

// Writes through the service and reads every write back: a new enterprise (201, then 200), a
// PATCH (version n+1, read back as n+1), a fresh sign-in whose token works at once. Then the
// same reads from kWorkers concurrent clients, several rounds each.
void checkReadYourWrites(DemoCity& city, const std::string& existing, std::uint64_t serial, const std::string& after) {
  INFO("after " << after);
  std::string fresh = authtest::usccFor("411002", 700000 + serial);
  auto created = city.as("bureau", "POST", "/api/v1/enterprises", newEnterprise(serial));
  REQUIRE(created.status == 201);
  auto got = city.as("bureau", "GET", "/api/v1/enterprises/" + fresh);
  CHECK(got.status == 200);

  auto before = city.as("bureau", "GET", "/api/v1/enterprises/" + existing);
  REQUIRE(before.status == 200);
  std::int64_t version = before.json["version"].get<std::int64_t>();
  auto patched = city.as("bureau", "PATCH", "/api/v1/enterprises/" + existing,
                         json({{"address", "许昌市魏都区测试路" + std::to_string(serial) + "号"}}).dump(),
                         {{"If-Match", "\"" + std::to_string(version) + "\""}});
  REQUIRE(patched.status == 200);
  CHECK(patched.json["version"] == version + 1);
  auto reread = city.as("bureau", "GET", "/api/v1/enterprises/" + existing);
  CHECK(reread.json["version"] == version + 1);

  city.signInAgain("viewer");
  CHECK(city.as("viewer", "GET", "/api/v1/me").status == 200);

  // Every pooled reader: kWorkers clients at once, each reading all three writes back.
  std::atomic<int> wrong{0};
  std::vector<std::string> failures(kWorkers);
  std::vector<std::thread> clients;
  for (int t = 0; t < kWorkers; ++t) {
    clients.emplace_back([&, t] {
      for (int round = 0; round < 4; ++round) {
        auto a = city.as("bureau", "GET", "/api/v1/enterprises/" + fresh);
        auto b = city.as("bureau", "GET", "/api/v1/enterprises/" + existing);
        auto c = city.as("viewer", "GET", "/api/v1/me");
        bool ok = a.status == 200 && b.status == 200 && b.json["version"] == version + 1 && c.status == 200;
        if (!ok) {
          ++wrong;
          failures[t] = std::to_string(a.status) + "/" + std::to_string(b.status) + " v" + b.json.value("version", json()).dump() +
                        "/" + std::to_string(c.status);
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  for (const auto& f : failures) {
    INFO("stale read from a pooled reader (new, patched v" << version + 1 << ", me): " << f);
    CHECK(f.empty());
  }
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("stale read after a cached statement returned a row", "[http][consistency]") {
  DemoCity city(40);
  auto [uscc, year] = enterpriseWithIndicators(city);
  std::string e = "/api/v1/enterprises/" + uscc;
  REQUIRE(city.as("bureau", "PUT", e + "/expert-scores/" + year, R"({"ip_quality":20,"results_transfer":18})").status == 200);

  // What the UI does on an enterprise page: indicators of a year, expert scores, evaluation.
  REQUIRE(city.as("bureau", "GET", e + "/indicators/" + year).status == 200);
  REQUIRE(city.as("bureau", "GET", e + "/expert-scores/" + year).status == 200);
  REQUIRE(city.as("bureau", "GET", e + "/evaluation?stage=hnte&year=" + year).status == 200);

  // A new enterprise is found (was 404), a PATCH reads back (was the old version), a new
  // sign-in's token works (was 401).
  auto created = city.as("bureau", "POST", "/api/v1/enterprises", newEnterprise(1));
  REQUIRE(created.status == 201);
  CHECK(city.as("bureau", "GET", "/api/v1/enterprises/" + created.json["uscc"].get<std::string>()).status == 200);
  auto before = city.as("bureau", "GET", e);
  auto patched = city.as("bureau", "PATCH", e, R"({"address":"许昌市魏都区回读路1号"})",
                         {{"If-Match", "\"" + before.json["version"].dump() + "\""}});
  REQUIRE(patched.status == 200);
  auto after = city.as("bureau", "GET", e);
  CHECK(after.json["version"] == patched.json["version"]);
  CHECK(after.json["address"] == "许昌市魏都区回读路1号");
  city.signInAgain("bureau");
  CHECK(city.as("bureau", "GET", "/api/v1/me").status == 200);
  // And nothing was left for the pool check to reset.
  CHECK(city.dirtyConnections() == 0);
}

TEST_CASE("read-your-writes after every GET route of trellis routes", "[http][consistency]") {
  DemoCity city(40);
  std::string routes_text;
  REQUIRE(city.server().cli({"routes"}, "", &routes_text) == 0);
  json routes = json::parse(routes_text);

  // Real ids from the demo data, and the few things the demo does not make (expert scores, a
  // contact with a problem, a pool member) made through the API.
  auto [uscc, year] = enterpriseWithIndicators(city);
  std::string e = "/api/v1/enterprises/" + uscc;
  REQUIRE(city.as("bureau", "PUT", e + "/expert-scores/" + year, R"({"ip_quality":20})").status == 200);
  auto contact = city.as("bureau", "POST", e + "/contacts",
                         R"({"summary":"走访，企业反映融资难","problems":[{"category":"funding","description":"需要流动资金贷款"}]})");
  REQUIRE(contact.status == 201);
  std::string problem = std::to_string(contact.json["problems"][0]["id"].get<std::int64_t>());
  auto members = city.query("SELECT pool, id FROM pool_membership WHERE exited_on IS NULL ORDER BY id LIMIT 1");
  std::string pool, member;
  if (members.empty()) {
    auto entered = city.as("bureau", "POST", "/api/v1/pools/hnte_reserve/members", json({{"uscc", uscc}}).dump());
    REQUIRE(entered.status == 201);
    pool = "hnte_reserve";
    member = std::to_string(entered.json["id"].get<std::int64_t>());
  } else {
    pool = members[0][0];
    member = members[0][1];
  }
  std::string patched = city.query("SELECT uscc FROM enterprise WHERE region_code = '411002' AND archived = 0 "
                                   "ORDER BY id DESC LIMIT 1")
                            .at(0)
                            .at(0);

  // An import batch (issue 12): the dry run of a one-row file, not committed.
  auto batch = city.as("bureau", "POST", "/api/v1/imports?kind=enterprises",
                       "统一社会信用代码,企业名称,所属县区\n" + uscc + ",许昌回读导入有限公司,魏都区\n");
  INFO(batch.body);
  REQUIRE(batch.status == 201);
  std::string import_id = std::to_string(batch.json["batch"]["id"].get<std::int64_t>());
  auto links = city.query("SELECT id FROM graph_link ORDER BY id LIMIT 1");
  REQUIRE(links.size() == 1);  // the demo graph (app/demo_graph.cpp)
  std::string graph_link = links[0][0];
  // An exact-betweenness job of the bureau's (GraphService GS7): read back by its starter.
  auto job = city.as("bureau", "POST", "/api/v1/graph/centrality/jobs", R"({"limit":5})");
  INFO(job.body);
  REQUIRE(job.status == 202);
  std::string centrality_job = std::to_string(job.json["id"].get<std::int64_t>());

  // Pattern → the request to make. Every GET pattern with a parameter needs one here.
  const std::map<std::string, std::string> recipes = {
      {"/api/v1/enterprises/{uscc}", e},
      {"/api/v1/enterprises/{uscc}/contact-phone", e + "/contact-phone"},
      {"/api/v1/users/{login}", "/api/v1/users/bureau"},
      {"/api/v1/enterprises/{uscc}/liaison", e + "/liaison"},
      {"/api/v1/enterprises/{uscc}/contacts", e + "/contacts"},
      {"/api/v1/problems/{id}", "/api/v1/problems/" + problem},
      {"/api/v1/enterprises/{uscc}/designations", e + "/designations"},
      {"/api/v1/enterprises/{uscc}/ladder", e + "/ladder"},
      {"/api/v1/enterprises/{uscc}/indicators", e + "/indicators"},
      {"/api/v1/enterprises/{uscc}/indicators/{year}", e + "/indicators/" + year},
      {"/api/v1/enterprises/{uscc}/expert-scores/{year}", e + "/expert-scores/" + year},
      {"/api/v1/enterprises/{uscc}/ladder-facts", e + "/ladder-facts"},
      {"/api/v1/enterprises/{uscc}/evaluation", e + "/evaluation?stage=hnte&year=" + year},
      {"/api/v1/enterprises/{uscc}/roadmap", e + "/roadmap"},
      {"/api/v1/pools/{pool}/members", "/api/v1/pools/" + pool + "/members"},
      {"/api/v1/pools/{pool}/members/{id}", "/api/v1/pools/" + pool + "/members/" + member},
      {"/api/v1/pools/{pool}/milestones", "/api/v1/pools/" + pool + "/milestones"},
      {"/api/v1/reports/tasks/{task}/status", "/api/v1/reports/tasks/2/status"},
      {"/api/v1/imports/{id}", "/api/v1/imports/" + import_id},
      {"/api/v1/imports/{id}/errors", "/api/v1/imports/" + import_id + "/errors?format=csv"},
      {"/api/v1/imports/{id}/preview", "/api/v1/imports/" + import_id + "/preview"},
      {"/api/v1/imports/templates/{kind}", "/api/v1/imports/templates/designations"},
      // The innovation graph: the enterprise's node, and a link of the demo graph.
      {"/api/v1/graph/nodes/{id}", "/api/v1/graph/nodes/enterprise:" + uscc},
      {"/api/v1/graph/links/{id}", "/api/v1/graph/links/" + graph_link},
      {"/api/v1/graph/links", "/api/v1/graph/links?node=enterprise:" + uscc},
      {"/api/v1/graph/neighbourhood", "/api/v1/graph/neighbourhood?depth=2&node=enterprise:" + uscc},
      {"/api/v1/graph/path", "/api/v1/graph/path?from=enterprise:" + uscc + "&to=enterprise:" + patched},
      {"/api/v1/graph/partners", "/api/v1/graph/partners?enterprise=enterprise:" + uscc},
      {"/api/v1/graph/sharing", "/api/v1/graph/sharing?enterprise=enterprise:" + uscc},
      {"/api/v1/graph/centrality/jobs/{id}", "/api/v1/graph/centrality/jobs/" + centrality_job},
      // Routes without a path parameter that need a query to answer 200.
      {"/api/v1/reports/drill-down", "/api/v1/reports/drill-down?report=progress&metric=hnte"},
      {"/api/v1/reports/roadmap-book", "/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=" + year},
  };
  // Who may call it: the enterprise side is the bureau's; users and the audit trail the admin's.
  auto principal = [](const std::string& action) {
    return action.rfind("user.", 0) == 0 || action.rfind("audit.", 0) == 0 ? "admin" : "bureau";
  };

  int covered = 0;
  std::set<std::string> seen;
  for (const auto& route : routes) {
    if (route["method"] != "GET") continue;
    std::string pattern = route["path"];
    std::string action = route["action"];
    std::string path = pattern;
    auto it = recipes.find(pattern);
    if (pattern.find('{') != std::string::npos) {
      INFO("GET " << pattern << " has no id recipe in read_your_writes_test.cpp: add one");
      REQUIRE(it != recipes.end());
    }
    if (it != recipes.end()) path = it->second;
    seen.insert(pattern);
    INFO("GET " << path << " as " << principal(action));
    auto r = city.as(principal(action), "GET", path);
    CHECK(r.status == 200);
    checkReadYourWrites(city, patched, static_cast<std::uint64_t>(100 + covered), "GET " + path);
    ++covered;
  }
  // Every recipe still names a route (a renamed route is not silently skipped).
  for (const auto& [pattern, path] : recipes) {
    INFO("recipe for a route trellis routes no longer lists: " << pattern);
    CHECK(seen.count(pattern) == 1);
  }
  CHECK(covered >= 30);
  CHECK(city.dirtyConnections() == 0);
  WARN("read-your-writes checked after " << covered << " GET routes");
}


// Issue 10 defect: the graph engine kept an enterprise node's region (and existence) from load
// time, so a county officer went on seeing an enterprise moved out of its county — its node, its
// neighbourhood, its reserve-pool membership, the other county's platform it hosts — until a
// restart, and the new county saw none of it. The family: every path that changes an
// enterprise's region or existence (PATCH, archive, restore, import commit, import revert, the
// demo data loaded into a served database), each followed at once by the graph queries of the
// two county officers, weidu (魏都区 411002) and changge (长葛市 411082).
namespace {

constexpr const char* kPlatformRegion = "411081";  // 禹州市: neither officer's own

// What one caller's graph shows of enterprise `uscc` right now.
struct Sight {
  int node = 0;              // GET /graph/nodes/enterprise:<uscc>
  int neighbourhood = 0;     // GET /graph/neighbourhood?node=…
  bool hosts_platform = false;  // the neighbourhood holds the 禹州市 platform
  std::int64_t members = 0;     // GET /graph/isolated: visible reserve-pool members
  std::int64_t platforms = 0;   // GET /graph/counts: valid 禹州市 platforms the caller sees
};

json withoutRequestId(json j) {
  if (j.is_object() && j.contains("error")) j["error"].erase("request_id");
  return j;
}

Sight look(DemoCity& city, const std::string& login, const std::string& uscc, std::int64_t platform_id) {
  INFO("as " << login << ", enterprise " << uscc);
  Sight s;
  // A code nobody registered: a hidden node must answer exactly like it (GS2).
  const std::string absent = "enterprise:" + authtest::usccFor("411002", 799999);
  auto node = city.as(login, "GET", "/api/v1/graph/nodes/enterprise:" + uscc);
  s.node = node.status;
  if (node.status != 200) {
    CHECK(node.status == 404);
    CHECK(withoutRequestId(node.json) == withoutRequestId(city.as(login, "GET", "/api/v1/graph/nodes/" + absent).json));
  }
  auto nb = city.as(login, "GET", "/api/v1/graph/neighbourhood?depth=1&node=enterprise:" + uscc);
  s.neighbourhood = nb.status;
  if (nb.status == 200) {
    for (const auto& n : nb.json["nodes"]) s.hosts_platform = s.hosts_platform || n["id"] == platform_id;
  } else {
    CHECK(nb.status == 404);
    auto other = city.as(login, "GET", "/api/v1/graph/neighbourhood?depth=1&node=" + absent);
    CHECK(withoutRequestId(nb.json) == withoutRequestId(other.json));
  }
  auto iso = city.as(login, "GET", "/api/v1/graph/isolated?pool=hnte_reserve");
  REQUIRE(iso.status == 200);
  s.members = iso.json["members"].get<std::int64_t>();
  auto counts = city.as(login, "GET", "/api/v1/graph/counts");
  REQUIRE(counts.status == 200);
  for (const auto& row : counts.json["platforms_valid"])
    if (row["region"] == kPlatformRegion) s.platforms += row["count"].get<std::int64_t>();
  return s;
}

// A registered 魏都区 enterprise in the high-tech reserve pool that hosts a 禹州市 platform.
struct Tracked {
  std::string uscc;
  std::int64_t platform = 0;
};

Tracked trackedEnterprise(DemoCity& city, std::uint64_t serial) {
  Tracked t;
  t.uscc = authtest::usccFor("411002", 760000 + serial);
  auto created = city.as("bureau", "POST", "/api/v1/enterprises", authtest::enterpriseJson("411002", 760000 + serial, "411002"));
  INFO(created.body);
  REQUIRE(created.status == 201);
  int next_year = dateAt(std::chrono::system_clock::now(), 480).year() + 1;
  auto entered = city.as("bureau", "POST", "/api/v1/pools/hnte_reserve/members",
                         json({{"uscc", t.uscc}, {"tier", "key"}, {"target_year", next_year}}).dump());
  INFO(entered.body);
  REQUIRE(entered.status == 201);
  auto platform = city.as("bureau", "POST", "/api/v1/graph/nodes",
                          json({{"kind", "platform"}, {"name", "禹州市回读工程技术研究中心" + std::to_string(serial)},
                                {"region", kPlatformRegion}, {"sub_kind", "工程技术研究中心"}, {"level", "市级"},
                                {"status", "已认定"}, {"approved_on", "2020-06-01"}}).dump());
  INFO(platform.body);
  REQUIRE(platform.status == 201);
  t.platform = platform.json["id"].get<std::int64_t>();
  auto link = city.as("bureau", "POST", "/api/v1/graph/links",
                      json({{"kind", "hosts"}, {"from", "enterprise:" + t.uscc}, {"to", t.platform}, {"valid_from", "2021-01-01"}}).dump());
  INFO(link.body);
  REQUIRE(link.status == 201);
  return t;
}

// `now` shows the enterprise to a caller that `before` did not show it to (or the reverse: gone).
void checkSees(const Sight& now, const Sight& before, bool sees) {
  CHECK(now.node == (sees ? 200 : 404));
  CHECK(now.neighbourhood == (sees ? 200 : 404));
  CHECK(now.hosts_platform == sees);
  CHECK(now.members == before.members + (sees ? 1 : -1));
  CHECK(now.platforms == before.platforms + (sees ? 1 : -1));
}

// Both officers' sights of t, taken while t is in 魏都区, then the mutation, then both again at
// once: the enterprise leaves weidu's graph and (moved: true) enters changge's.
struct Officers {
  Sight weidu, changge;
};
Officers lookBoth(DemoCity& city, const Tracked& t) {
  return {look(city, "weidu", t.uscc, t.platform), look(city, "changge", t.uscc, t.platform)};
}

std::int64_t versionOf(DemoCity& city, const std::string& uscc) {
  auto r = city.as("bureau", "GET", "/api/v1/enterprises/" + uscc);
  REQUIRE(r.status == 200);
  return r.json["version"].get<std::int64_t>();
}

json importFile(DemoCity& city, const std::string& csv) {
  auto up = city.as("bureau", "POST", "/api/v1/imports?kind=enterprises", csv);
  INFO(up.body);
  REQUIRE(up.status == 201);
  std::string id = std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  auto committed = city.as("bureau", "POST", "/api/v1/imports/" + id + "/commit", "{}");
  INFO(committed.body);
  REQUIRE(committed.status == 200);
  return committed.json;
}

}  // namespace

TEST_CASE("graph follows the register at once: PATCH of an enterprise's region", "[http][consistency][graph]") {
  DemoCity city(40);
  Tracked t = trackedEnterprise(city, 1);
  Officers before = lookBoth(city, t);
  REQUIRE(before.weidu.node == 200);
  REQUIRE(before.weidu.hosts_platform);
  REQUIRE(before.changge.node == 404);
  auto patched = city.as("bureau", "PATCH", "/api/v1/enterprises/" + t.uscc, R"({"region":"411082"})",
                         {{"If-Match", "\"" + std::to_string(versionOf(city, t.uscc)) + "\""}});
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  Officers after = lookBoth(city, t);
  checkSees(after.weidu, before.weidu, false);
  checkSees(after.changge, before.changge, true);
  // And back: the old county sees it again, the new one no longer.
  REQUIRE(city.as("bureau", "PATCH", "/api/v1/enterprises/" + t.uscc, R"({"region":"411002"})",
                  {{"If-Match", "\"" + std::to_string(versionOf(city, t.uscc)) + "\""}})
              .status == 200);
  Officers back = lookBoth(city, t);
  checkSees(back.weidu, after.weidu, true);
  checkSees(back.changge, after.changge, false);
}

TEST_CASE("graph follows the register at once: archive and restore", "[http][consistency][graph]") {
  DemoCity city(40);
  Tracked t = trackedEnterprise(city, 2);
  Sight before = look(city, "weidu", t.uscc, t.platform);
  REQUIRE(before.node == 200);
  REQUIRE(city.as("bureau", "DELETE", "/api/v1/enterprises/" + t.uscc).status == 200);
  Sight archived = look(city, "weidu", t.uscc, t.platform);
  checkSees(archived, before, false);
  // Out of the register is out of the graph for the city-wide bureau too; its links are kept.
  CHECK(city.as("bureau", "GET", "/api/v1/graph/nodes/enterprise:" + t.uscc).status == 404);
  REQUIRE(city.as("bureau", "POST", "/api/v1/enterprises/" + t.uscc + "/restore").status == 200);
  Sight restored = look(city, "weidu", t.uscc, t.platform);
  checkSees(restored, archived, true);
  CHECK(city.as("bureau", "GET", "/api/v1/graph/nodes/enterprise:" + t.uscc).status == 200);
}

TEST_CASE("graph follows the register at once: import commit and revert", "[http][consistency][graph]") {
  DemoCity city(40);
  Tracked t = trackedEnterprise(city, 3);
  Officers before = lookBoth(city, t);
  REQUIRE(before.weidu.node == 200);
  // One row moves t to 长葛市, one registers a new 长葛市 enterprise.
  std::string fresh = authtest::usccFor("411082", 761003);
  auto committed = importFile(city, "统一社会信用代码,企业名称,所属县区\n" + t.uscc + ",许昌授权测试电气有限公司,长葛市\n" + fresh +
                                        ",长葛回读导入有限公司,长葛市\n");
  CHECK(committed["counts"]["updated"] == 1);
  CHECK(committed["counts"]["new"] == 1);
  Officers moved = lookBoth(city, t);
  checkSees(moved.weidu, before.weidu, false);
  checkSees(moved.changge, before.changge, true);
  CHECK(city.as("changge", "GET", "/api/v1/graph/nodes/enterprise:" + fresh).status == 200);
  CHECK(city.as("weidu", "GET", "/api/v1/graph/nodes/enterprise:" + fresh).status == 404);

  std::string id = std::to_string(committed["batch"]["id"].get<std::int64_t>());
  auto reverted = city.as("bureau", "POST", "/api/v1/imports/" + id + "/revert", "{}");
  INFO(reverted.body);
  REQUIRE(reverted.status == 200);
  Officers back = lookBoth(city, t);
  checkSees(back.weidu, moved.weidu, true);
  checkSees(back.changge, moved.changge, false);
  // The revert archived the enterprise the import registered: out of every graph.
  CHECK(city.as("changge", "GET", "/api/v1/graph/nodes/enterprise:" + fresh).status == 404);
  CHECK(city.as("bureau", "GET", "/api/v1/graph/nodes/enterprise:" + fresh).status == 404);
}

TEST_CASE("graph follows the register at once: demo data loaded into a served database", "[http][consistency][graph]") {
  DemoCity city(0);
  auto empty = city.as("weidu", "GET", "/api/v1/graph/counts");
  REQUIRE(empty.status == 200);
  CHECK(empty.json["platforms_valid"].empty());
  std::string out;
  REQUIRE(city.server().cli({"demo", "--count", "120"}, "", &out) == 0);
  INFO(out);
  // A 魏都区 demo enterprise with links, and what the database says it is linked to.
  auto rows = city.query(
      "SELECT e.uscc, n.id, (SELECT count(*) FROM graph_link l WHERE (l.from_node = n.id OR l.to_node = n.id) "
      "AND l.valid_until IS NULL) AS k FROM enterprise e JOIN graph_node n ON n.enterprise_id = e.id "
      "WHERE e.region_code = '411002' AND e.archived = 0 ORDER BY k DESC, e.id LIMIT 1");
  REQUIRE(rows.size() == 1);
  REQUIRE(std::stoi(rows[0][2]) > 0);
  std::string uscc = rows[0][0];
  auto node = city.as("weidu", "GET", "/api/v1/graph/nodes/enterprise:" + uscc);
  CHECK(node.status == 200);
  CHECK(city.as("changge", "GET", "/api/v1/graph/nodes/enterprise:" + uscc).status == 404);
  auto nb = city.as("weidu", "GET", "/api/v1/graph/neighbourhood?depth=1&node=enterprise:" + uscc);
  REQUIRE(nb.status == 200);
  CHECK(nb.json["links"].size() >= static_cast<std::size_t>(std::stoi(rows[0][2])));
  auto counts = city.as("weidu", "GET", "/api/v1/graph/counts");
  REQUIRE(counts.status == 200);
  CHECK_FALSE(counts.json["platforms_valid"].empty());
  // Isolated members: the pool members the database holds in weidu's scope, every one counted.
  auto members = city.query(
      "SELECT count(DISTINCT m.enterprise_id) FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id "
      "WHERE m.exited_on IS NULL AND e.archived = 0 AND e.region_code = '411002' AND m.entered_on <= date('now', '+8 hours')");
  auto iso = city.as("weidu", "GET", "/api/v1/graph/isolated");
  REQUIRE(iso.status == 200);
  CHECK(iso.json["members"].get<std::int64_t>() == std::stoll(members[0][0]));
}

}  // namespace trellis::consistencytest
