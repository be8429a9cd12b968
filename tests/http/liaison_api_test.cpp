// The liaison API against the real server: scope by every route (a liaison officer reads and
// logs only its assigned enterprises), problem transitions over HTTP (ETag/If-Match, 409, 422,
// 428), strict bodies, phone masking in the queue, and who may read the metrics.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <set>

#include "test_server.h"
#include "trellis/core/date.h"

namespace trellis::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string kPassword = "Liaison#Test-2026";

// A server with a bureau tester, three enterprises (A, B in 魏都区 411002, C in 长葛市 411082)
// and the users of each role the tests act as, signed in.
struct LiaisonServer {
  TestServer server;
  std::string A, B, C;
  std::map<std::string, std::string> tokens;  // login → Bearer token

  LiaisonServer() {
    A = create(411002, 501, "许昌甲乙电气有限公司");
    B = create(411002, 502, "许昌丙丁材料有限公司");
    C = create(411082, 503, "长葛戊己机械有限公司");
    const std::vector<std::tuple<std::string, std::string, std::string>> users = {
        {"li.a", "liaison", "411002"}, {"li.b", "liaison", "411002"}, {"cty.a", "county", "411002"},
        {"cty.b", "county", "411082"}, {"view.a", "viewer", "411002"}};
    for (const auto& [login, role, region] : users) {
      REQUIRE(server.addUser(login, role, region, kPassword));
      tokens[login] = server.signIn(login, kPassword);
    }
    tokens["bureau"] = server.token();
  }

  std::string create(int region, std::uint64_t serial, const std::string& name) {
    std::string uscc = validUscc(std::to_string(region), serial);
    auto body = nlohmann::json::parse(enterpriseBody(uscc, name, std::to_string(region)));
    body["contact_phone"] = "13812345678";
    auto r = server.post("/api/v1/enterprises", body.dump());
    REQUIRE(r.status == 201);
    return uscc;
  }

  HttpResponse as(const std::string& login, const std::string& method, const std::string& path,
                  const std::string& body = "", Headers headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + tokens.at(login));
    return server.request(method, path, body, headers);
  }

  // Writes straight into the server's database (WAL: the server sees it on its next read).
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(server.dbPath().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
  }
};

void checkError(const HttpResponse& r, int status, const std::string& code, const std::string& field = "") {
  INFO(r.body);
  CHECK(r.status == status);
  REQUIRE(r.json.contains("error"));
  CHECK(r.json["error"]["code"] == code);
  if (!field.empty()) CHECK(r.json["error"]["field"] == field);
  CHECK(r.json["error"]["request_id"] == r.header("X-Request-Id"));
}

std::set<std::string> usccsOf(const nlohmann::json& items, const char* key = "enterprise") {
  std::set<std::string> out;
  for (const auto& i : items) out.insert(key[0] ? i[key]["uscc"].get<std::string>() : i["uscc"].get<std::string>());
  return out;
}

const char* kContactWithProblem =
    R"({"summary":"走访，企业反映融资难","problems":[{"category":"funding","description":"需要流动资金贷款"}]})";

}  // namespace

TEST_CASE("liaison API: a liaison officer reads and logs only its assigned enterprises, by every route",
          "[http][liaison]") {
  LiaisonServer s;
  // Assignment: the county within its region; nobody else.
  auto assigned = s.as("cty.a", "PUT", "/api/v1/enterprises/" + s.A + "/liaison", R"({"officer":"li.a"})");
  REQUIRE(assigned.status == 200);
  CHECK(assigned.json["current"]["officer"]["login"] == "li.a");
  CHECK(assigned.json["history"].size() == 1);
  checkError(s.as("cty.a", "PUT", "/api/v1/enterprises/" + s.C + "/liaison", R"({"officer":"li.a"})"), 404,
             "enterprise_not_found");
  checkError(s.as("cty.b", "PUT", "/api/v1/enterprises/" + s.A + "/liaison", R"({"officer":"li.b"})"), 404,
             "enterprise_not_found");
  CHECK(s.as("li.a", "PUT", "/api/v1/enterprises/" + s.A + "/liaison", R"({"officer":"li.a"})").status == 403);
  checkError(s.as("cty.a", "PUT", "/api/v1/enterprises/" + s.B + "/liaison", R"({"officer":"cty.a"})"), 422,
             "not_a_liaison", "officer");

  // A problem on B, which li.a does not look after.
  auto onB = s.as("bureau", "POST", "/api/v1/enterprises/" + s.B + "/contacts", kContactWithProblem);
  REQUIRE(onB.status == 201);
  std::string pB = std::to_string(onB.json["problems"][0]["id"].get<int>());

  auto mine = s.as("li.a", "POST", "/api/v1/enterprises/" + s.A + "/contacts", kContactWithProblem);
  REQUIRE(mine.status == 201);
  CHECK(mine.json["mode"] == "on_site");
  CHECK(mine.json["flag"] == "green");
  CHECK(mine.json["officer"] == "li.a");
  std::string pA = std::to_string(mine.json["problems"][0]["id"].get<int>());

  SECTION("the assigned enterprise: every route answers") {
    CHECK(s.as("li.a", "GET", "/api/v1/enterprises/" + s.A + "/liaison").status == 200);
    auto contacts = s.as("li.a", "GET", "/api/v1/enterprises/" + s.A + "/contacts");
    REQUIRE(contacts.status == 200);
    CHECK(contacts.json["items"].size() == 1);
    CHECK(contacts.json["items"][0]["problems"].size() == 1);
    CHECK(s.as("li.a", "GET", "/api/v1/problems/" + pA).status == 200);
    CHECK(s.as("li.a", "GET", "/api/v1/enterprises/" + s.A).status == 200);
  }
  SECTION("the unassigned one: 404 by every route, lists filtered") {
    for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "/api/v1/enterprises/" + s.B + "/liaison", ""},
             {"GET", "/api/v1/enterprises/" + s.B + "/contacts", ""},
             {"POST", "/api/v1/enterprises/" + s.B + "/contacts", kContactWithProblem},
             {"GET", "/api/v1/enterprises/" + s.B, ""},
             {"GET", "/api/v1/problems/" + pB, ""}}) {
      INFO(method << " " << path);
      auto r = s.as("li.a", method, path, body);
      CHECK(r.status == 404);
    }
    auto patch = s.as("li.a", "PATCH", "/api/v1/problems/" + pB, R"({"status":"in_progress"})", {{"If-Match", "\"1\""}});
    checkError(patch, 404, "problem_not_found");
    auto problems = s.as("li.a", "GET", "/api/v1/problems");
    REQUIRE(problems.status == 200);
    CHECK(usccsOf(problems.json["items"]) == std::set<std::string>{s.A});
    auto byB = s.as("li.a", "GET", "/api/v1/problems?enterprise=" + s.B);
    CHECK(byB.json["items"].empty());
    auto list = s.as("li.a", "GET", "/api/v1/enterprises");
    CHECK(usccsOf(list.json["items"], "") == std::set<std::string>{s.A});
    // The officer with nothing assigned sees nothing.
    CHECK(s.as("li.b", "GET", "/api/v1/problems").json["items"].empty());
    CHECK(s.as("li.b", "GET", "/api/v1/enterprises/" + s.A + "/contacts").status == 404);
  }
  SECTION("a county sees its region's problems, not another's") {
    auto a = s.as("cty.a", "GET", "/api/v1/problems");
    CHECK(usccsOf(a.json["items"]) == std::set<std::string>{s.A, s.B});
    CHECK(s.as("cty.b", "GET", "/api/v1/problems").json["items"].empty());
    CHECK(s.as("cty.b", "GET", "/api/v1/problems/" + pA).status == 404);
    CHECK(s.as("view.a", "GET", "/api/v1/problems").json["items"].size() == 2);
    CHECK(s.as("view.a", "POST", "/api/v1/enterprises/" + s.A + "/contacts", kContactWithProblem).status == 403);
  }
  SECTION("the queue and the metrics are the caller's own; bulk assignment is not for liaison officers") {
    auto q = s.as("li.a", "GET", "/api/v1/liaison/queue");
    REQUIRE(q.status == 200);
    CHECK(q.json["officer"] == "li.a");
    CHECK(s.as("li.a", "GET", "/api/v1/liaison/queue?officer=li.b").status == 403);
    auto own = s.as("li.a", "GET", "/api/v1/liaison/metrics");
    REQUIRE(own.status == 200);
    for (const auto& o : own.json["officers"]) CHECK(o["officer"]["login"] == "li.a");
    CHECK(s.as("li.a", "POST", "/api/v1/liaison/assignments",
               R"({"assignments":[{"uscc":")" + s.B + R"(","officer":"li.a"}]})")
              .status == 403);
  }
  CHECK(s.server.stop() == 0);
}

TEST_CASE("problems API: transitions with ETag and If-Match, 409 on an illegal move, filters and paging",
          "[http][problem]") {
  LiaisonServer s;
  auto logged = s.as("bureau", "POST", "/api/v1/enterprises/" + s.A + "/contacts",
                     R"({"summary":"走访","problems":[{"category":"funding","description":"贷款"},
                         {"category":"talent","description":"招工","owner_unit":"rsj"}]})");
  REQUIRE(logged.status == 201);
  CHECK(logged.json["problems"][0]["owner_unit"] == "czj");
  std::string id = std::to_string(logged.json["problems"][0]["id"].get<int>());
  std::string path = "/api/v1/problems/" + id;

  auto got = s.as("bureau", "GET", path);
  REQUIRE(got.status == 200);
  CHECK(got.header("ETag") == "\"1\"");
  CHECK(got.json["status"] == "open");
  CHECK(got.json["events"].size() == 1);

  checkError(s.as("bureau", "PATCH", path, R"({"status":"in_progress"})"), 428, "version_required", "version");
  auto illegal = s.as("bureau", "PATCH", path, R"({"status":"closed","satisfaction":5})", {{"If-Match", "\"1\""}});
  checkError(illegal, 409, "illegal_transition", "status");
  CHECK(illegal.json["error"]["allowed"] == nlohmann::json::array({"in_progress", "resolved", "escalated"}));
  checkError(s.as("bureau", "PATCH", path, R"({"status":"in_progress","stars":5})", {{"If-Match", "\"1\""}}), 422,
             "unknown_field", "stars");
  checkError(s.as("bureau", "PATCH", path, R"({"status":"stuck"})", {{"If-Match", "\"1\""}}), 422, "unknown_status",
             "status");

  auto moved = s.as("bureau", "PATCH", path, R"({"status":"in_progress","note":"已对接银行"})", {{"If-Match", "\"1\""}});
  REQUIRE(moved.status == 200);
  CHECK(moved.header("ETag") == "\"2\"");
  checkError(s.as("bureau", "PATCH", path, R"({"status":"resolved","resolution":"x"})", {{"If-Match", "\"1\""}}), 409,
             "stale_version", "version");
  checkError(s.as("bureau", "PATCH", path, R"({"status":"resolved"})", {{"If-Match", "\"2\""}}), 422, "required",
             "resolution");
  REQUIRE(s.as("bureau", "PATCH", path, R"({"status":"resolved","resolution":"科技贷已放款"})", {{"If-Match", "\"2\""}}).status ==
          200);
  checkError(s.as("bureau", "PATCH", path, R"({"status":"closed"})", {{"If-Match", "\"3\""}}), 422, "required",
             "satisfaction");
  auto closed = s.as("bureau", "PATCH", path, R"({"status":"closed","satisfaction":5,"version":3})");
  REQUIRE(closed.status == 200);
  CHECK(closed.json["status"] == "closed");
  CHECK(closed.json["satisfaction"] == 5);
  CHECK(closed.json["events"].size() == 4);
  CHECK(closed.json["events"][3]["from"] == "resolved");
  CHECK(closed.json["events"][3]["by"] == "tester");
  checkError(s.as("bureau", "PATCH", path, R"({"status":"in_progress"})", {{"If-Match", "\"4\""}}), 409,
             "problem_closed");

  SECTION("filters") {
    auto byStatus = s.as("bureau", "GET", "/api/v1/problems?status=closed");
    REQUIRE(byStatus.json["items"].size() == 1);
    CHECK(byStatus.json["items"][0]["id"] == std::stoi(id));
    CHECK(s.as("bureau", "GET", "/api/v1/problems?owner_unit=rsj").json["items"].size() == 1);
    CHECK(s.as("bureau", "GET", "/api/v1/problems?category=talent&region=411002").json["items"].size() == 1);
    CHECK(s.as("bureau", "GET", "/api/v1/problems?region=411082").json["items"].empty());
    CHECK(s.as("bureau", "GET", "/api/v1/problems?overdue=true").json["items"].empty());
    checkError(s.as("bureau", "GET", "/api/v1/problems?status=stuck"), 422, "unknown_status", "status");
    checkError(s.as("bureau", "GET", "/api/v1/problems?limit=501"), 422, "out_of_range", "limit");
    checkError(s.as("bureau", "GET", "/api/v1/problems?colour=red"), 422, "unknown_parameter");
  }
  SECTION("overdue: a back-dated contact's problem past its deadline") {
    Date today = dateAt(std::chrono::system_clock::now(), 480);
    nlohmann::json body = {{"summary", "补录"},
                           {"date", today.addDays(-40).toString()},
                           {"problems", {{{"category", "land"}, {"description", "用地"}}}}};
    auto r = s.as("bureau", "POST", "/api/v1/enterprises/" + s.B + "/contacts", body.dump());
    REQUIRE(r.status == 201);
    auto overdue = s.as("bureau", "GET", "/api/v1/problems?overdue=true");
    REQUIRE(overdue.json["items"].size() == 1);
    CHECK(overdue.json["items"][0]["category"] == "land");
    CHECK(overdue.json["items"][0]["overdue"] == true);
  }
  SECTION("paging with a cursor") {
    auto first = s.as("bureau", "GET", "/api/v1/problems?limit=1");
    REQUIRE(first.json["items"].size() == 1);
    REQUIRE(first.json["next_cursor"].is_string());
    auto second = s.as("bureau", "GET", "/api/v1/problems?limit=1&cursor=" + first.json["next_cursor"].get<std::string>());
    REQUIRE(second.json["items"].size() == 1);
    CHECK(second.json["items"][0]["id"] != first.json["items"][0]["id"]);
    CHECK(second.json["next_cursor"].is_null());
  }
  CHECK(s.server.stop() == 0);
}

TEST_CASE("liaison API: bulk assignment, strict contact bodies, phones in the queue, metrics by role",
          "[http][liaison][contact]") {
  LiaisonServer s;
  auto bulk = s.as("cty.a", "POST", "/api/v1/liaison/assignments",
                   R"({"assignments":[{"uscc":")" + s.A + R"(","officer":"li.a"},{"uscc":")" + s.B +
                       R"(","officer":"li.a"}],"reason":"首批包联"})");
  REQUIRE(bulk.status == 200);
  CHECK(bulk.json["changed"] == 2);
  checkError(s.as("cty.a", "POST", "/api/v1/liaison/assignments",
                  R"({"assignments":[{"uscc":")" + s.A + R"(","officer":"li.b"},{"uscc":")" + s.C +
                      R"(","officer":"li.a"}]})"),
             422, "unknown_enterprise", "assignments[1].uscc");
  CHECK(s.as("cty.a", "GET", "/api/v1/enterprises/" + s.A + "/liaison").json["current"]["officer"]["login"] == "li.a");

  checkError(s.as("li.a", "POST", "/api/v1/enterprises/" + s.A + "/contacts", R"({"summary":"x","weather":"晴"})"), 422,
             "unknown_field", "weather");
  checkError(s.as("li.a", "POST", "/api/v1/enterprises/" + s.A + "/contacts",
                  R"({"summary":"x","problems":[{"category":"funding","description":"y","urgent":true}]})"),
             422, "unknown_field", "problems[0].urgent");
  checkError(s.as("li.a", "POST", "/api/v1/enterprises/" + s.A + "/contacts", R"({"summary":"x","mode":"fax"})"), 422,
             "unknown_mode", "mode");

  // A is a key reserve-pool member since long ago, never contacted: overdue in li.a's queue.
  s.sql("INSERT INTO pool_membership(enterprise_id, pool, tier, target_stage, target_year, region_code, entered_on, "
        "created_at, updated_at) SELECT id, 'hnte_reserve', 'key', 'hnte', 2027, region_code, '2025-01-01', 't', 't' "
        "FROM enterprise WHERE uscc = '" + s.A + "'");
  auto q = s.as("li.a", "GET", "/api/v1/liaison/queue");
  REQUIRE(q.status == 200);
  REQUIRE(q.json["contacts"].size() == 1);
  CHECK(q.json["contacts"][0]["enterprise"]["uscc"] == s.A);
  CHECK(q.json["contacts"][0]["state"] == "overdue");
  CHECK(q.json["contacts"][0]["tier"] == "key");
  CHECK(q.json["contacts"][0]["contact_phone"] == "13812345678");  // the liaison's duty needs it
  auto seenByBureau = s.as("bureau", "GET", "/api/v1/liaison/queue?officer=li.a");
  REQUIRE(seenByBureau.status == 200);
  CHECK(seenByBureau.json["contacts"][0]["contact_phone"] == "138****5678");
  CHECK(s.as("cty.b", "GET", "/api/v1/liaison/queue?officer=li.a").status == 422);

  // A logged contact clears it from the queue.
  REQUIRE(s.as("li.a", "POST", "/api/v1/enterprises/" + s.A + "/contacts", R"({"summary":"走访","mode":"phone"})").status ==
          201);
  CHECK(s.as("li.a", "GET", "/api/v1/liaison/queue").json["contacts"].empty());

  auto m = s.as("cty.a", "GET", "/api/v1/liaison/metrics");
  REQUIRE(m.status == 200);
  CHECK(m.json["region"] == "411002");
  CHECK(m.json["totals"]["members"] == 1);
  CHECK(m.json["totals"]["coverage"] == 1.0);
  CHECK(m.json["totals"]["contacts"] == 1);
  REQUIRE(m.json["officers"].size() == 1);
  CHECK(m.json["officers"][0]["officer"]["login"] == "li.a");
  CHECK(s.as("cty.a", "GET", "/api/v1/liaison/metrics?region=411082").status == 403);
  CHECK(s.as("bureau", "GET", "/api/v1/liaison/metrics?region=411082").status == 200);
  CHECK(s.as("view.a", "GET", "/api/v1/liaison/metrics").status == 403);
  // The liaison officer's own figures: its one row, totals of its own enterprises, no coverage.
  auto mine = s.as("li.a", "GET", "/api/v1/liaison/metrics");
  REQUIRE(mine.status == 200);
  REQUIRE(mine.json["officers"].size() == 1);
  CHECK(mine.json["officers"][0]["officer"]["login"] == "li.a");
  CHECK(mine.json["totals"]["members"] == mine.json["officers"][0]["members"]);
  CHECK(mine.json["totals"]["contacts"] == 1);
  CHECK(mine.json["totals"]["coverage"].is_null());
  CHECK(s.as("li.a", "GET", "/api/v1/liaison/metrics?region=411082").status == 403);
  checkError(s.as("bureau", "GET", "/api/v1/liaison/metrics?from=2026-13-01"), 422, "invalid_date", "from");

  auto cfg = s.as("li.a", "GET", "/api/v1/liaison/config");
  REQUIRE(cfg.status == 200);
  CHECK(cfg.json["cadence_days"]["key"] == 30);
  CHECK(cfg.json["contact_modes"][0]["code"] == "on_site");
  CHECK(s.server.stop() == 0);
}

}  // namespace trellis::test
