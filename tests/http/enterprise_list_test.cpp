// The enterprise list's ladder filters, sorts and exports (issues 12 and 13) against the real
// server: rung / pool / designation_expiring_within / sort / order, each checked against an
// expectation the test computes itself — the rung from what it recorded and from each
// enterprise's own GET …/ladder (rules::Ladder in C++), the orders by sorting the rows in the
// test — paging across pages under every sort with no duplicate and no gap, cursors that belong
// to another sort refused, bad values refused naming the parameter, the county scope, and the
// CSV / XLSX exports read back with io::CsvReader / io::XlsxReader and compared with the JSON.
#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "table_readback.h"
#include "test_server.h"
#include "trellis/core/date.h"
#include "trellis/io/csv_reader.h"
#include "trellis/io/table_file.h"
#include "trellis/io/xlsx_reader.h"

namespace trellis::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
using Json = nlohmann::json;

Date today() { return dateAt(std::chrono::system_clock::now(), 480); }

void checkError(const HttpResponse& r, int status, const std::string& code, const std::string& field) {
  INFO("body: " << r.body);
  CHECK(r.status == status);
  REQUIRE(r.json.contains("error"));
  CHECK(r.json["error"]["code"] == code);
  CHECK(r.json["error"]["field"] == field);
}

// The ladder's order of the stages (rank, then config order); none below every stage.
int place(const Json& rung) {
  static const std::map<std::string, int> places = {{"tech_sme", 0}, {"hnte", 1}, {"eaglet", 2}, {"gazelle", 3}, {"leader", 4}};
  return rung.is_null() ? -1 : places.at(rung.get<std::string>());
}

struct Fixture {
  TestServer server;
  std::vector<std::string> codes;                 // in registration (id) order
  std::map<std::string, std::string> rung;        // expected current rung ("" = none)
  std::map<std::string, std::set<std::string>> pools;
  std::map<std::string, std::string> ends;        // the earliest ends_on of a valid designation

  std::string e(const std::string& uscc, const std::string& rest) { return "/api/v1/enterprises/" + uscc + rest; }

  std::string add(const std::string& region, std::uint64_t serial, const std::string& name, const Json& extra = Json::object()) {
    std::string uscc = validUscc(region, serial);
    Json body = Json::parse(enterpriseBody(uscc, name, region));
    for (auto& [k, v] : extra.items()) body[k] = v;
    auto r = server.post("/api/v1/enterprises", body.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    codes.push_back(uscc);
    rung[uscc] = "";
    return uscc;
  }
  Json designate(const std::string& uscc, const std::string& stage, Date starts) {
    Json body = {{"stage", stage}, {"starts_on", starts.toString()}};
    if (stage == "hnte") body["number"] = "GR" + std::to_string(starts.year()) + "41000" + std::to_string(100 + codes.size());
    if (stage == "tech_sme") body["number"] = "T" + std::to_string(starts.year()) + "0001";
    auto r = server.post(e(uscc, "/designations"), body.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json;
  }
  void enter(const std::string& uscc, const std::string& pool) {
    Json body = {{"uscc", uscc}};
    if (pool == "double_hundred_reserve") body["target_stage"] = "eaglet";
    auto r = server.post("/api/v1/pools/" + pool + "/members", body.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    pools[uscc].insert(pool);
  }
  Headers as(const std::string& login, const std::string& role, const std::string& region) {
    const std::string password = "List-Test-2024!xyz";
    REQUIRE(server.addUser(login, role, region, password));
    std::string saved = server.token();
    std::string token = server.signIn(login, password);
    server.setToken(saved);
    return {{"Authorization", "Bearer " + token}};
  }

  Fixture() {
    Date t = today();
    Date jan1(t.year(), 1, 1);
    // 0: no designation, in the tech-SME pool
    enter(add("411002", 8001, "许昌甲乙电气有限公司"), "tech_sme_pool");
    // 1: tech_sme this year (valid to 31 Dec) and in the HNTE reserve
    {
      auto u = add("411002", 8002, "许昌丙丁科技有限公司");
      ends[u] = designate(u, "tech_sme", jan1)["ends_on"];
      rung[u] = "tech_sme";
      enter(u, "hnte_reserve");
    }
    // 2: HNTE ending in 10 days (granted 3 years ago + 11 days), in the 双百 reserve
    {
      auto u = add("411082", 8003, "长葛戊己机械有限公司");
      Json d = designate(u, "hnte", t.addYears(-3).addDays(11));
      ends[u] = d["ends_on"];
      rung[u] = "hnte";
      enter(u, "double_hundred_reserve");
    }
    // 3: HNTE (long) and eaglet on top of it: eaglet is the rung
    {
      auto u = add("411082", 8004, "长葛庚辛智能装备有限公司");
      Json h = designate(u, "hnte", t.addDays(-200));
      Json g = designate(u, "eaglet", t.addDays(-100));
      ends[u] = std::min(h["ends_on"].get<std::string>(), g["ends_on"].get<std::string>());
      rung[u] = "eaglet";
    }
    // 4: HNTE revoked: no rung, its end does not count; was in the HNTE reserve and left it
    {
      auto u = add("411003", 8005, "许昌壬癸新材料有限公司");
      Json d = designate(u, "hnte", t.addDays(-300));
      auto rv = server.post(e(u, "/designations/" + std::to_string(d["id"].get<int>()) + "/revoke"),
                            Json({{"revoked_on", t.addDays(-1).toString()}, {"reason", "撤销测试"}}).dump());
      INFO(rv.body);
      REQUIRE(rv.status == 200);
      auto m = server.post("/api/v1/pools/hnte_reserve/members", Json({{"uscc", u}}).dump());
      REQUIRE(m.status == 201);
      REQUIRE(server.post("/api/v1/pools/hnte_reserve/members/" + std::to_string(m.json["id"].get<int>()) + "/exit",
                          R"({"reason":"withdrawn"})").status == 200);
    }
    // 5: tech_sme last year only (expired): no rung; in the HNTE reserve
    {
      auto u = add("411003", 8006, "许昌子丑生物医药有限公司");
      designate(u, "tech_sme", Date(t.year() - 1, 3, 1));
      enter(u, "hnte_reserve");
    }
    // 6–13: plain enterprises with names out of registration order, in three regions; one
    // with an address and a name a spreadsheet would take for a formula.
    add("411082", 8007, "阿尔法长葛制造有限公司");
    add("411002", 8008, "-许昌减号开头有限公司", {{"address", "=HYPERLINK(\"http://x\",\"y\")"}});
    add("411003", 8009, "北辰许昌精密有限公司", {{"contact_phone", "13812345678"}});
    add("411082", 8010, "长葛乙丙电子有限公司");
    add("411002", 8011, "ABC许昌电力有限公司");
    {
      auto u = add("411002", 8012, "许昌卯辰电源有限公司");
      ends[u] = designate(u, "tech_sme", jan1)["ends_on"];
      rung[u] = "tech_sme";
      enter(u, "hnte_reserve");
    }
    enter(add("411003", 8013, "许昌巳午储能有限公司"), "tech_sme_pool");
  }

  // Every row of a listing, following next_cursor page by page; fails on a repeated row.
  std::vector<Json> all(const std::string& query, int limit, const Headers& headers = {}) {
    std::vector<Json> rows;
    std::set<std::string> seen;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      std::string path = "/api/v1/enterprises?limit=" + std::to_string(limit) + query + (cursor.empty() ? "" : "&cursor=" + cursor);
      auto r = server.request("GET", path, "", headers);
      INFO(path << " → " << r.body);
      REQUIRE(r.status == 200);
      for (const auto& item : r.json["items"]) {
        CHECK(seen.insert(item["uscc"].get<std::string>()).second);
        rows.push_back(item);
      }
      if (r.json["next_cursor"].is_null()) return rows;
      cursor = r.json["next_cursor"].get<std::string>();
    }
    FAIL("more than 100 pages");
    return rows;
  }
};

std::vector<std::string> usccs(const std::vector<Json>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r["uscc"]);
  return out;
}

// The rows sorted as the server should: by the key, then by registration order (id), the whole
// reversed for desc.
std::vector<std::string> expectedOrder(std::vector<Json> rows, const std::string& sort, bool desc) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < rows.size(); ++i) index[rows[i]["uscc"]] = i;  // rows come in id order
  auto key = [&](const Json& r) -> std::pair<std::string, int> {
    if (sort == "name") return {r["name"], 0};
    if (sort == "created") return {r["created_at"], 0};
    if (sort == "region") return {r["region"], 0};
    return {"", place(r["rung"])};
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const Json& a, const Json& b) {
    auto ka = key(a), kb = key(b);
    if (ka != kb) return ka < kb;
    return index[a["uscc"]] < index[b["uscc"]];
  });
  if (desc) std::reverse(rows.begin(), rows.end());
  return usccs(rows);
}

// Every row of an export file, header first, as text cells.
using httptest::readBack;

}  // namespace

TEST_CASE("enterprise list: rung, pools, filters and sorts against the test's own expectation", "[http][enterprise_list]") {
  Fixture f;
  auto& srv = f.server;
  std::vector<Json> every = f.all("", 500);
  REQUIRE(every.size() == f.codes.size());
  CHECK(usccs(every) == f.codes);

  SECTION("each row's rung and pools are what was recorded, and what GET …/ladder says") {
    for (const auto& row : every) {
      std::string u = row["uscc"];
      INFO(u << " " << row.dump());
      CHECK(row["rung"] == (f.rung[u].empty() ? Json(nullptr) : Json(f.rung[u])));
      auto ladder = srv.get(f.e(u, "/ladder"));
      REQUIRE(ladder.status == 200);
      Json top = ladder.json["position"]["top"];
      CHECK(row["rung"] == (top.is_null() || top == "" ? Json(nullptr) : top));
      std::set<std::string> pools(row["pools"].begin(), row["pools"].end());
      CHECK(pools == f.pools[u]);
    }
  }
  SECTION("rung=, pool=, designation_expiring_within= select exactly the expected rows") {
    for (std::string stage : {"tech_sme", "hnte", "eaglet", "gazelle", "none"}) {
      std::vector<std::string> expected;
      for (const auto& u : f.codes)
        if (f.rung[u] == (stage == "none" ? "" : stage)) expected.push_back(u);
      INFO("rung=" << stage);
      CHECK(usccs(f.all("&rung=" + stage, 2)) == expected);
    }
    for (std::string pool : {"tech_sme_pool", "hnte_reserve", "double_hundred_reserve"}) {
      std::vector<std::string> expected;
      for (const auto& u : f.codes)
        if (f.pools[u].count(pool)) expected.push_back(u);
      INFO("pool=" << pool);
      CHECK(usccs(f.all("&pool=" + pool, 2)) == expected);
    }
    Date t = today();
    for (int days : {0, 10, 11, 40, 400, 3660}) {
      std::string until = t.addDays(days).toString();
      std::vector<std::string> expected;
      for (const auto& u : f.codes)
        if (f.ends.count(u) && f.ends[u] <= until) expected.push_back(u);
      INFO("designation_expiring_within=" << days);
      CHECK(usccs(f.all("&designation_expiring_within=" + std::to_string(days), 3)) == expected);
    }
    // Combined with the older filters, and the total agrees with the rows.
    auto r = srv.get("/api/v1/enterprises?region=411002&pool=hnte_reserve&rung=tech_sme&total=true");
    REQUIRE(r.status == 200);
    REQUIRE(r.json["items"].size() == 2);
    CHECK(r.json["items"][0]["uscc"] == f.codes[1]);
    CHECK(r.json["items"][1]["uscc"] == f.codes[11]);
    CHECK(r.json["total"] == 2);
  }
  SECTION("every sort and order, paged 3 at a time: no duplicate, no gap, the expected order") {
    for (std::string sort : {"name", "created", "region", "rung"}) {
      for (bool desc : {false, true}) {
        INFO("sort=" << sort << " desc=" << desc);
        std::string q = "&sort=" + sort + (desc ? "&order=desc" : "");
        CHECK(usccs(f.all(q, 3)) == expectedOrder(every, sort, desc));
        CHECK(usccs(f.all(q, 1)) == expectedOrder(every, sort, desc));
        CHECK(usccs(f.all(q, 500)) == expectedOrder(every, sort, desc));
      }
    }
    // Registration order descending.
    auto reversed = f.codes;
    std::reverse(reversed.begin(), reversed.end());
    CHECK(usccs(f.all("&order=desc", 4)) == reversed);
    // A sort combined with a filter.
    std::vector<Json> weidu;
    for (const auto& r : every)
      if (r["region"] == "411002") weidu.push_back(r);
    CHECK(usccs(f.all("&region=411002&sort=rung&order=desc", 2)) == expectedOrder(weidu, "rung", true));
    // Search by name fragment under a sort walks the gram index too.
    auto hits = f.all("&q=%E8%AE%B8%E6%98%8C&sort=name", 2);  // 许昌
    std::vector<Json> named;
    for (const auto& r : every)
      if (r["name"].get<std::string>().find("许昌") != std::string::npos) named.push_back(r);
    CHECK(usccs(hits) == expectedOrder(named, "name", false));
  }
  SECTION("a cursor belongs to its sort and order") {
    auto byName = srv.get("/api/v1/enterprises?limit=2&sort=name");
    REQUIRE(byName.status == 200);
    std::string cursor = byName.json["next_cursor"];
    auto plain = srv.get("/api/v1/enterprises?limit=2");
    std::string plain_cursor = plain.json["next_cursor"];
    checkError(srv.get("/api/v1/enterprises?sort=region&cursor=" + cursor), 422, "cursor_mismatch", "cursor");
    checkError(srv.get("/api/v1/enterprises?sort=name&order=desc&cursor=" + cursor), 422, "cursor_mismatch", "cursor");
    checkError(srv.get("/api/v1/enterprises?cursor=" + cursor), 422, "cursor_mismatch", "cursor");
    checkError(srv.get("/api/v1/enterprises?sort=name&cursor=" + plain_cursor), 422, "cursor_mismatch", "cursor");
    checkError(srv.get("/api/v1/enterprises?sort=name&cursor=c2.name.asc.1.zz"), 400, "invalid_cursor", "cursor");
    checkError(srv.get("/api/v1/enterprises?sort=rung&cursor=c2.rung.asc.1.41"), 400, "invalid_cursor", "cursor");
    CHECK(srv.get("/api/v1/enterprises?sort=name&cursor=" + cursor).status == 200);
  }
  SECTION("bad values are refused naming the parameter") {
    checkError(srv.get("/api/v1/enterprises?rung=moon"), 422, "unknown_stage", "rung");
    checkError(srv.get("/api/v1/enterprises?pool=moon"), 422, "unknown_pool", "pool");
    checkError(srv.get("/api/v1/enterprises?designation_expiring_within=-1"), 422, "not_a_number", "designation_expiring_within");
    checkError(srv.get("/api/v1/enterprises?designation_expiring_within=3661"), 422, "out_of_range", "designation_expiring_within");
    checkError(srv.get("/api/v1/enterprises?sort=size"), 422, "unknown_sort", "sort");
    checkError(srv.get("/api/v1/enterprises?order=up"), 422, "unknown_order", "order");
    checkError(srv.get("/api/v1/enterprises?format=pdf"), 422, "unknown_format", "format");
  }
  SECTION("a county officer's list, filters, sorts and exports hold its region only") {
    Headers changge = f.as("changge-list", "county", "411082");
    std::vector<Json> mine;
    for (const auto& r : every)
      if (r["region"] == "411082") mine.push_back(r);
    REQUIRE(mine.size() == 4);
    for (std::string sort : {"name", "created", "region", "rung"})
      CHECK(usccs(f.all("&sort=" + sort, 2, changge)) == expectedOrder(mine, sort, false));
    CHECK(f.all("&pool=tech_sme_pool", 2, changge).empty());
    CHECK(usccs(f.all("&designation_expiring_within=30", 2, changge)) == std::vector<std::string>{f.codes[2]});
    auto csv = srv.request("GET", "/api/v1/enterprises?format=csv&sort=name", "", changge);
    REQUIRE(csv.status == 200);
    auto rows = readBack(csv.body, srv.dir(), "csv");
    REQUIRE(rows.size() == mine.size() + 1);
    std::vector<std::string> exported;
    for (size_t i = 1; i < rows.size(); ++i) exported.push_back(rows[i][0]);
    CHECK(exported == expectedOrder(mine, "name", false));
  }
  CHECK(srv.stop() == 0);
}

TEST_CASE("enterprise list export: CSV and XLSX read back equal the JSON list", "[http][enterprise_list][export]") {
  Fixture f;
  auto& srv = f.server;

  auto compare = [&](const std::vector<std::vector<std::string>>& rows, const std::vector<Json>& json, bool masked) {
    REQUIRE(rows.size() == json.size() + 1);
    const std::vector<std::string> header = {"统一社会信用代码", "企业名称", "区划代码", "所属县区", "产业链", "当前梯度", "所在后备库",
                                             "成立日期", "法定代表人", "联系电话", "地址", "标签", "曾用名/简称", "登记时间", "已归档"};
    CHECK(rows[0] == header);
    static const std::map<std::string, std::string> stage_names = {
        {"tech_sme", "科技型中小企业"}, {"hnte", "高新技术企业"}, {"eaglet", "雏鹰企业"}};
    static const std::map<std::string, std::string> pool_names = {
        {"tech_sme_pool", "科技型中小企业培育库"}, {"hnte_reserve", "高新技术企业后备库"}, {"double_hundred_reserve", "双百企业后备库"}};
    for (size_t i = 0; i < json.size(); ++i) {
      const auto& row = rows[i + 1];
      const auto& j = json[i];
      INFO(j.dump());
      REQUIRE(row.size() == header.size());
      CHECK(row[0] == j["uscc"]);
      CHECK(row[2] == j["region"]);
      CHECK(row[5] == (j["rung"].is_null() ? std::string() : stage_names.at(j["rung"])));
      std::string pools;
      for (const auto& p : j["pools"]) pools += (pools.empty() ? "" : "、") + pool_names.at(p);
      CHECK(row[6] == pools);
      CHECK(row[9] == j["contact_phone"]);
      if (!j["contact_phone"].get<std::string>().empty()) CHECK((row[9].find('*') != std::string::npos) == masked);
      CHECK(row[13] == j["created_at"]);
      // Text a spreadsheet would run as a formula starts with ' in the file.
      std::string name = j["name"], address = j["address"];
      CHECK(row[1] == (name[0] == '-' ? "'" + name : name));
      CHECK(row[10] == (address.rfind("=", 0) == 0 ? "'" + address : address));
    }
  };

  SECTION("CSV: UTF-8 with BOM, attachment with the RFC 5987 name, same filters and sort as the JSON") {
    auto r = srv.get("/api/v1/enterprises?format=csv&sort=rung&order=desc&region=411002");
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "text/csv; charset=utf-8");
    CHECK(r.header("Content-Disposition") ==
          "attachment; filename=\"enterprises.csv\"; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%8D%95.csv");
    CHECK(r.body.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(r.body.find("'=HYPERLINK") != std::string::npos);
    compare(readBack(r.body, srv.dir(), "csv"), f.all("&sort=rung&order=desc&region=411002", 500), true);
  }
  SECTION("XLSX: every row, not one page") {
    auto r = srv.get("/api/v1/enterprises?format=xlsx&limit=2&sort=name");
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(r.header("Content-Disposition").find("filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%8D%95.xlsx") != std::string::npos);
    compare(readBack(r.body, srv.dir(), "xlsx"), f.all("&sort=name", 500), true);
  }
  SECTION("a viewer gets masked phones, a bureau officer's export masks like its JSON") {
    Headers viewer = f.as("viewer-list", "viewer", "");
    auto r = srv.request("GET", "/api/v1/enterprises?format=csv", "", viewer);
    REQUIRE(r.status == 200);
    CHECK(r.body.find("13812345678") == std::string::npos);
    compare(readBack(r.body, srv.dir(), "csv"), f.all("", 500, viewer), true);
  }
  SECTION("a pool's members export every member, like its JSON list") {
    auto json = srv.get("/api/v1/pools/hnte_reserve/members?limit=500");
    REQUIRE(json.status == 200);
    REQUIRE(json.json["items"].size() == 3);
    for (std::string format : {"csv", "xlsx"}) {
      auto r = srv.get("/api/v1/pools/hnte_reserve/members?limit=1&format=" + format);
      REQUIRE(r.status == 200);
      CHECK(r.header("Content-Disposition").find("filename=\"hnte_reserve-members." + format + "\"") != std::string::npos);
      auto rows = readBack(r.body, srv.dir(), format);
      REQUIRE(rows.size() == 4);
      CHECK(rows[0][0] == "统一社会信用代码");
      for (size_t i = 0; i < 3; ++i) {
        CHECK(rows[i + 1][0] == json.json["items"][i]["uscc"]);
        CHECK(rows[i + 1][2] == "高新技术企业后备库");
        CHECK(rows[i + 1][7] == json.json["items"][i]["entered_on"]);
      }
    }
    checkError(srv.get("/api/v1/pools/hnte_reserve/members?format=pdf"), 422, "unknown_format", "format");
  }
  SECTION("filters that match nothing give the header alone; bad values are refused before a file") {
    auto r = srv.get("/api/v1/enterprises?format=xlsx&rung=gazelle");
    REQUIRE(r.status == 200);
    CHECK(readBack(r.body, srv.dir(), "xlsx").size() == 1);
    checkError(srv.get("/api/v1/enterprises?format=csv&rung=moon"), 422, "unknown_stage", "rung");
  }
  CHECK(srv.stop() == 0);
}

TEST_CASE("enterprise list export: more rows than trellis.export.max_rows is refused", "[http][enterprise_list][export]") {
  TestServer server(ServerOptions{{{"trellis.export.max_rows", "2"}}});
  for (std::uint64_t i = 0; i < 3; ++i)
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(validUscc("411002", 8100 + i), "许昌上限测试有限公司")).status == 201);
  auto r = server.get("/api/v1/enterprises?format=csv");
  checkError(r, 422, "export_too_large", "format");
  CHECK(r.json["error"]["rows"] == 3);
  CHECK(r.json["error"]["max_rows"] == 2);
  auto narrowed = server.get("/api/v1/enterprises?format=csv&q=" + validUscc("411002", 8100).substr(0, 18));
  CHECK(narrowed.status == 200);
  CHECK(server.stop() == 0);
}

}  // namespace trellis::test
