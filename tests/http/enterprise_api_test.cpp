// The registry API against the real server: every endpoint's success path and each error path,
// with the one error shape, and the server still answering after each.
#include <catch2/catch.hpp>
#include <set>

#include "test_server.h"
#include "trellis/store/migrations.h"

namespace trellis::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// {"error":{"code","message","field","request_id"}} with the request id also in X-Request-Id.
void checkErrorShape(const HttpResponse& r, const std::string& code, const std::string& field) {
  INFO("body: " << r.body);
  REQUIRE(r.json.is_object());
  REQUIRE(r.json.contains("error"));
  const auto& e = r.json["error"];
  CHECK(e["code"] == code);
  CHECK(e["message"].is_string());
  CHECK_FALSE(e["message"].get<std::string>().empty());
  if (field.empty()) {
    CHECK(e["field"].is_null());
  } else {
    CHECK(e["field"] == field);
  }
  REQUIRE(e["request_id"].is_string());
  CHECK_FALSE(e["request_id"].get<std::string>().empty());
  CHECK(e["request_id"] == r.header("X-Request-Id"));
  CHECK(r.header("Content-Type").rfind("application/json", 0) == 0);
}

// A code whose check character is wrong, and the one it should have.
std::pair<std::string, char> withWrongCheck(const std::string& good) {
  std::string bad = good;
  bad[17] = good[17] == '0' ? '1' : '0';
  return {bad, good[17]};
}

}  // namespace

TEST_CASE("health, regions and industries describe the service", "[http]") {
  TestServer server;

  SECTION("health") {
    auto r = server.get("/api/v1/health");
    CHECK(r.status == 200);
    CHECK(r.json["status"] == "ok");
    CHECK(r.json["version"] == "0.1.0");
    CHECK(r.json["schema_version"] == store::latestSchemaVersion());
    CHECK(r.header("Cache-Control") == "no-store");
  }
  SECTION("regions: the city first, then every 责任主体 including functional zones") {
    auto r = server.get("/api/v1/regions");
    REQUIRE(r.status == 200);
    const auto& items = r.json["items"];
    REQUIRE(items.size() == 11);
    CHECK(items[0]["code"] == "411000");
    CHECK(items[0]["name"] == "许昌市");
    CHECK(items[0]["parent"].is_null());
    std::map<std::string, std::string> types;
    for (const auto& i : items) types[i["code"]] = i["type"];
    CHECK(types["411002"] == "district");
    CHECK(types["411024"] == "county");
    CHECK(types["411081"] == "county_city");
    CHECK(types["411071"] == "functional_zone");
    CHECK(types["411000-SFQ"] == "functional_zone");
    CHECK(types["411000-GXQ"] == "functional_zone");
    CHECK(items[1]["parent"] == "411000");
  }
  SECTION("industries: the plan's chains") {
    auto r = server.get("/api/v1/industries");
    REQUIRE(r.status == 200);
    REQUIRE(r.json["items"].size() == 22);
    CHECK(r.json["items"][0] == nlohmann::json({{"code", "power_equipment"}, {"name", "电力装备"}}));
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("an enterprise is registered, read, edited, archived and restored", "[http]") {
  TestServer server;
  const std::string code = validUscc("411002", 501);
  nlohmann::json draft = {{"uscc", code},
                          {"name", "许继电气股份有限公司"},
                          {"aliases", {"许继电气", "许继"}},
                          {"region", "411002"},
                          {"industry", "power_equipment"},
                          {"founded_on", "1996-12-06"},
                          {"address", "河南省许昌市魏都区许继大道1298号"},
                          {"legal_representative", "张学深"},
                          {"contact_phone", "0374-3212834"},
                          {"tags", {"上市后备", "专精特新"}}};
  const std::string path = "/api/v1/enterprises/" + code;

  auto created = server.post("/api/v1/enterprises", draft.dump());
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created.header("Location") == path);
  CHECK(created.header("ETag") == "\"1\"");
  CHECK(created.json["uscc"] == code);
  CHECK(created.json["name"] == "许继电气股份有限公司");
  CHECK(created.json["aliases"] == draft["aliases"]);
  CHECK(created.json["region"] == "411002");
  CHECK(created.json["industry"] == "power_equipment");
  CHECK(created.json["founded_on"] == "1996-12-06");
  // The harness signs in as the bureau, whose duty does not need phone numbers: masked and
  // flagged; the full number comes from the audited reveal.
  CHECK(created.json["contact_phone_masked"] == true);
  CHECK(created.json["contact_phone"] == "037*****2834");
  auto revealed = server.get(path + "/contact-phone");
  CHECK(revealed.status == 200);
  CHECK(revealed.json["contact_phone"] == "0374-3212834");
  CHECK(created.json["tags"] == draft["tags"]);
  CHECK(created.json["archived"] == false);
  CHECK(created.json["uscc_checksum_override"] == false);
  CHECK(created.json["version"] == 1);
  CHECK(created.json["created_at"].get<std::string>().size() == 20);

  SECTION("GET returns what was stored, with its ETag; a lowercase code finds it") {
    auto r = server.get(path);
    CHECK(r.status == 200);
    CHECK(r.header("ETag") == "\"1\"");
    CHECK(r.json == created.json);
    std::string lower = code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto l = server.get("/api/v1/enterprises/" + lower);
    CHECK(l.status == 200);
    CHECK(l.json["uscc"] == code);
  }
  SECTION("PATCH with If-Match, then with the body's version") {
    auto p1 = server.patch(path, R"({"address":"许昌市魏都区尚德路1号","tags":["研发中心"]})", {{"If-Match", "\"1\""}});
    INFO(p1.body);
    REQUIRE(p1.status == 200);
    CHECK(p1.json["version"] == 2);
    CHECK(p1.header("ETag") == "\"2\"");
    CHECK(p1.json["address"] == "许昌市魏都区尚德路1号");
    CHECK(p1.json["tags"] == nlohmann::json({"研发中心"}));
    CHECK(p1.json["name"] == "许继电气股份有限公司");  // untouched members stay

    auto p2 = server.patch(path, R"({"version":2,"name":"许继电气有限公司","founded_on":null})");
    INFO(p2.body);
    REQUIRE(p2.status == 200);
    CHECK(p2.json["version"] == 3);
    CHECK(p2.json["name"] == "许继电气有限公司");
    CHECK(p2.json["founded_on"].is_null());

    auto weak = server.patch(path, R"({"industry":"smart_equipment"})", {{"If-Match", "W/\"3\""}});
    CHECK(weak.status == 200);
    CHECK(weak.json["version"] == 4);

    auto r = server.get(path);
    CHECK(r.json["version"] == 4);
    CHECK(r.json["industry"] == "smart_equipment");
    // The new tag and name are searchable, the old ones no longer.
    CHECK(server.get("/api/v1/enterprises?tag=%E7%A0%94%E5%8F%91%E4%B8%AD%E5%BF%83").json["items"].size() == 1);
    CHECK(server.get("/api/v1/enterprises?tag=%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0").json["items"].size() == 0);
  }
  SECTION("DELETE archives, restore brings it back, history is kept") {
    auto d = server.del(path);
    REQUIRE(d.status == 200);
    CHECK(d.json["archived"] == true);
    CHECK(d.json["version"] == 2);
    CHECK(server.get(path).json["archived"] == true);  // still readable
    auto hidden = server.get("/api/v1/enterprises?total=true");
    CHECK(hidden.json["items"].size() == 0);
    CHECK(hidden.json["total"] == 0);
    auto shown = server.get("/api/v1/enterprises?include_archived=true");
    REQUIRE(shown.json["items"].size() == 1);
    CHECK(shown.json["items"][0]["uscc"] == code);

    auto again = server.del(path);  // idempotent
    CHECK(again.status == 200);
    CHECK(again.json["version"] == 2);

    auto restored = server.post(path + "/restore", "");
    INFO(restored.body);
    REQUIRE(restored.status == 200);
    CHECK(restored.json["archived"] == false);
    CHECK(restored.json["version"] == 3);
    CHECK(server.get("/api/v1/enterprises").json["items"].size() == 1);
  }
  CHECK(server.healthy());
  CHECK(server.stop() == 0);
}

TEST_CASE("the list filters, pages with a cursor and counts", "[http]") {
  TestServer server(ServerOptions{{}, 300, 7});

  auto first = server.get("/api/v1/enterprises?limit=50&total=true");
  REQUIRE(first.status == 200);
  CHECK(first.json["total"] == 300);
  CHECK(first.json["items"].size() == 50);
  REQUIRE(first.json["next_cursor"].is_string());

  SECTION("walking every page visits each enterprise once, in a stable order") {
    auto walk = [&](int limit) {
      std::vector<std::string> seen;
      std::string cursor;
      for (int pages = 0; pages < 100; ++pages) {
        auto r = server.get("/api/v1/enterprises?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
        REQUIRE(r.status == 200);
        for (const auto& i : r.json["items"]) seen.push_back(i["uscc"]);
        if (r.json["next_cursor"].is_null()) break;
        cursor = r.json["next_cursor"];
      }
      return seen;
    };
    auto a = walk(120), b = walk(500);
    CHECK(a.size() == 300);
    CHECK(std::set<std::string>(a.begin(), a.end()).size() == 300);
    CHECK(a == b);
  }
  SECTION("region and industry filters partition the register") {
    auto regions = server.get("/api/v1/regions").json["items"];
    std::int64_t sum = 0;
    for (const auto& reg : regions) {
      std::string c = reg["code"];
      auto r = server.get("/api/v1/enterprises?limit=500&total=true&region=" + c);
      REQUIRE(r.status == 200);
      for (const auto& i : r.json["items"]) CHECK(i["region"] == c);
      if (c != "411000") CHECK(r.json["total"].get<std::int64_t>() > 0);
      sum += r.json["total"].get<std::int64_t>();
    }
    CHECK(sum == 300);
    auto ind = server.get("/api/v1/enterprises?limit=500&industry=hair_products&total=true");
    REQUIRE(ind.status == 200);
    CHECK(ind.json["total"].get<int>() > 0);
    for (const auto& i : ind.json["items"]) CHECK(i["industry"] == "hair_products");
  }
  SECTION("q finds 2-character Chinese fragments in names and aliases, and USCC prefixes") {
    auto r = server.get("/api/v1/enterprises?limit=500&total=true&q=%E8%AE%B8%E7%BB%A7");  // 许继
    REQUIRE(r.status == 200);
    REQUIRE(r.json["total"].get<int>() > 0);
    CHECK(r.json["items"].size() == r.json["total"].get<size_t>());
    for (const auto& i : r.json["items"]) {
      std::string all = i["name"].get<std::string>();
      for (const auto& a : i["aliases"]) all.append("|").append(a.get<std::string>());
      CHECK(all.find("许继") != std::string::npos);
    }
    std::string some = first.json["items"][3]["uscc"];
    auto p = server.get("/api/v1/enterprises?limit=500&q=" + some.substr(0, 14));
    REQUIRE(p.status == 200);
    bool found = false;
    for (const auto& i : p.json["items"]) {
      CHECK(i["uscc"].get<std::string>().rfind(some.substr(0, 14), 0) == 0);
      found = found || i["uscc"] == some;
    }
    CHECK(found);
  }
  SECTION("tag filter") {
    auto r = server.get("/api/v1/enterprises?limit=500&total=true&tag=%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0");  // 专精特新
    REQUIRE(r.status == 200);
    CHECK(r.json["total"].get<int>() > 0);
    for (const auto& i : r.json["items"]) CHECK(i["tags"].dump().find("专精特新") != std::string::npos);
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("every error path answers with the one error shape and the server keeps answering", "[http]") {
  TestServer server;
  const std::string a = validUscc("411002", 11);
  REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(a, "许昌甲电气有限公司")).status == 201);
  const std::string a_path = "/api/v1/enterprises/" + a;
  auto [bad_check, expected] = withWrongCheck(validUscc("411082", 12));
  const std::string fresh = validUscc("411081", 13);

  struct Case {
    const char* what;
    std::string method, path, body;
    Headers headers;
    std::string content_type;
    int status;
    std::string code, field;
  };
  const std::string json = "application/json";
  std::vector<Case> cases = {
      {"USCC too short", "POST", "/api/v1/enterprises", enterpriseBody(fresh.substr(0, 17)), {}, json, 422, "uscc_length", "uscc"},
      {"USCC too long", "POST", "/api/v1/enterprises", enterpriseBody(fresh + "0"), {}, json, 422, "uscc_length", "uscc"},
      {"USCC with I", "POST", "/api/v1/enterprises", enterpriseBody("91411002MA4ABCDEI" + std::string(1, 'Y')), {}, json, 422, "uscc_charset", "uscc"},
      {"USCC with Z", "POST", "/api/v1/enterprises", enterpriseBody("9141100ZMA4ABCDE3Y"), {}, json, 422, "uscc_charset", "uscc"},
      {"USCC checksum", "POST", "/api/v1/enterprises", enterpriseBody(bad_check), {}, json, 422, "uscc_checksum", "uscc"},
      {"missing USCC", "POST", "/api/v1/enterprises", R"({"name":"许昌乙有限公司","region":"411002"})", {}, json, 422, "required", "uscc"},
      {"unknown region", "POST", "/api/v1/enterprises", enterpriseBody(fresh, "许昌乙有限公司", "419999"), {}, json, 422, "unknown_region", "region"},
      {"unknown industry", "POST", "/api/v1/enterprises", enterpriseBody(fresh, "许昌乙有限公司", "411002", "steel"), {}, json, 422, "unknown_industry", "industry"},
      {"name not Chinese", "POST", "/api/v1/enterprises", enterpriseBody(fresh, "Acme Ltd"), {}, json, 422, "name_not_chinese", "name"},
      {"phone 12345", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","contact_phone":"12345"})", {}, json, 422, "invalid_phone", "contact_phone"},
      {"mobile starting 12", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","contact_phone":"12812345678"})", {}, json, 422, "invalid_phone", "contact_phone"},
      {"landline without area code", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","contact_phone":"1234567"})", {}, json, 422, "invalid_phone", "contact_phone"},
      {"phone edited to 12345", "PATCH", a_path, R"({"version":1,"contact_phone":"12345"})", {}, json, 422, "invalid_phone", "contact_phone"},
      {"founding date in the future", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","founded_on":"2999-01-01"})", {}, json, 422, "date_in_future", "founded_on"},
      {"founding date not a date", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","founded_on":"2023-02-30"})", {}, json, 422, "invalid_date", "founded_on"},
      {"unknown body field", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","colour":"red"})", {}, json, 422, "unknown_field", "colour"},
      {"wrong type", "POST", "/api/v1/enterprises", R"({"uscc":")" + fresh + R"(","name":5,"region":"411002"})", {}, json, 422, "wrong_type", "name"},
      {"tags not strings", "POST", "/api/v1/enterprises",
       R"({"uscc":")" + fresh + R"(","name":"许昌乙有限公司","region":"411002","tags":[1]})", {}, json, 422, "wrong_type", "tags"},
      {"not JSON", "POST", "/api/v1/enterprises", "{\"uscc\":", {}, json, 400, "invalid_json", ""},
      {"not an object", "POST", "/api/v1/enterprises", "[1,2]", {}, json, 400, "not_an_object", ""},
      {"empty body", "POST", "/api/v1/enterprises", "", {}, json, 400, "empty_body", ""},
      {"text/plain body", "POST", "/api/v1/enterprises", enterpriseBody(fresh), {}, "text/plain", 415, "unsupported_media_type", "Content-Type"},
      {"form body", "POST", "/api/v1/enterprises", "uscc=1", {}, "application/x-www-form-urlencoded", 415, "unsupported_media_type", "Content-Type"},
      {"duplicate", "POST", "/api/v1/enterprises", enterpriseBody(a, "许昌丙有限公司"), {}, json, 409, "uscc_exists", "uscc"},
      {"stale If-Match", "PATCH", a_path, R"({"address":"x"})", {{"If-Match", "\"7\""}}, json, 409, "stale_version", "version"},
      {"stale body version", "PATCH", a_path, R"({"version":3,"address":"x"})", {}, json, 409, "stale_version", "version"},
      {"no version", "PATCH", a_path, R"({"address":"x"})", {}, json, 428, "version_required", "version"},
      {"If-Match and body disagree", "PATCH", a_path, R"({"version":2,"address":"x"})", {{"If-Match", "1"}}, json, 422, "version_mismatch", "version"},
      {"If-Match not a version", "PATCH", a_path, R"({"address":"x"})", {{"If-Match", "\"abc\""}}, json, 400, "invalid_if_match", "If-Match"},
      {"PATCH unknown field", "PATCH", a_path, R"({"version":1,"uscc":"x"})", {}, json, 422, "unknown_field", "uscc"},
      {"PATCH unknown region", "PATCH", a_path, R"({"version":1,"region":"411099"})", {}, json, 422, "unknown_region", "region"},
      {"PATCH wrong type", "PATCH", a_path, R"({"version":"1"})", {}, json, 422, "wrong_type", "version"},
      {"GET unknown enterprise", "GET", "/api/v1/enterprises/" + fresh, "", {}, "", 404, "enterprise_not_found", ""},
      {"GET malformed code", "GET", "/api/v1/enterprises/123", "", {}, "", 422, "uscc_length", "uscc"},
      {"PATCH unknown enterprise", "PATCH", "/api/v1/enterprises/" + fresh, R"({"version":1})", {}, json, 404, "enterprise_not_found", ""},
      {"DELETE unknown enterprise", "DELETE", "/api/v1/enterprises/" + fresh, "", {}, "", 404, "enterprise_not_found", ""},
      {"restore unknown enterprise", "POST", "/api/v1/enterprises/" + fresh + "/restore", "", {}, json, 404, "enterprise_not_found", ""},
      {"bad cursor", "GET", "/api/v1/enterprises?cursor=zzz", "", {}, "", 400, "invalid_cursor", "cursor"},
      {"forged cursor", "GET", "/api/v1/enterprises?cursor=c1.%21%21", "", {}, "", 400, "invalid_cursor", "cursor"},
      {"limit over 500", "GET", "/api/v1/enterprises?limit=501", "", {}, "", 422, "out_of_range", "limit"},
      {"limit 0", "GET", "/api/v1/enterprises?limit=0", "", {}, "", 422, "out_of_range", "limit"},
      {"limit not a number", "GET", "/api/v1/enterprises?limit=ten", "", {}, "", 422, "not_a_number", "limit"},
      {"q of 1 character", "GET", "/api/v1/enterprises?q=%E8%AE%B8", "", {}, "", 422, "too_short", "q"},
      {"q of 1 ASCII character", "GET", "/api/v1/enterprises?q=9", "", {}, "", 422, "too_short", "q"},
      {"unknown list filter region", "GET", "/api/v1/enterprises?region=419999", "", {}, "", 422, "unknown_region", "region"},
      {"unknown list filter industry", "GET", "/api/v1/enterprises?industry=steel", "", {}, "", 422, "unknown_industry", "industry"},
      {"unknown query parameter", "GET", "/api/v1/enterprises?sort_by=name", "", {}, "", 422, "unknown_parameter", "sort_by"},
      {"repeated query parameter", "GET", "/api/v1/enterprises?limit=1&limit=2", "", {}, "", 400, "repeated_parameter", "limit"},
      {"unknown API path", "GET", "/api/v1/nothing-here", "", {}, "", 404, "path_not_found", ""},
      {"unknown API path with POST", "POST", "/api/v2/enterprises", "{}", {}, json, 404, "path_not_found", ""},
  };

  for (const auto& c : cases) {
    INFO(c.what << ": " << c.method << " " << c.path);
    Headers headers = c.headers;
    headers.emplace_back("X-Request-Id", "t-case-1");
    auto r = server.request(c.method, c.path, c.body, headers, c.content_type);
    INFO("body: " << r.body);
    CHECK(r.status == c.status);
    checkErrorShape(r, c.code, c.field);
    CHECK(r.json["error"]["request_id"] == "t-case-1");
    REQUIRE(server.healthy());
  }

  SECTION("the checksum error names the expected character; the override is accepted and stored") {
    auto r = server.post("/api/v1/enterprises", enterpriseBody(bad_check));
    REQUIRE(r.status == 422);
    CHECK(r.json["error"]["expected_check_character"] == std::string(1, expected));
    CHECK(r.json["error"]["message"].get<std::string>().find(std::string("expected '") + expected + "'") != std::string::npos);

    nlohmann::json body = nlohmann::json::parse(enterpriseBody(bad_check));
    body["uscc_checksum_override"] = true;
    auto ok = server.post("/api/v1/enterprises", body.dump());
    INFO(ok.body);
    REQUIRE(ok.status == 201);
    CHECK(ok.json["uscc_checksum_override"] == true);
    CHECK(server.get("/api/v1/enterprises/" + bad_check).json["uscc_checksum_override"] == true);
    // The override cannot be dropped while the code is wrong.
    auto drop = server.patch("/api/v1/enterprises/" + bad_check, R"({"version":1,"uscc_checksum_override":false})");
    CHECK(drop.status == 422);
    checkErrorShape(drop, "uscc_checksum", "uscc_checksum_override");
  }
  SECTION("an override on a correct code is not stored") {
    nlohmann::json body = nlohmann::json::parse(enterpriseBody(fresh));
    body["uscc_checksum_override"] = true;
    auto ok = server.post("/api/v1/enterprises", body.dump());
    REQUIRE(ok.status == 201);
    CHECK(ok.json["uscc_checksum_override"] == false);
  }
  SECTION("a lowercase code is normalised, and then it is a duplicate") {
    std::string lower = fresh;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto ok = server.post("/api/v1/enterprises", enterpriseBody(lower));
    REQUIRE(ok.status == 201);
    CHECK(ok.json["uscc"] == fresh);
    auto dup = server.post("/api/v1/enterprises", enterpriseBody(fresh));
    CHECK(dup.status == 409);
    checkErrorShape(dup, "uscc_exists", "uscc");
  }
  SECTION("a duplicate names the existing enterprise") {
    auto r = server.post("/api/v1/enterprises", enterpriseBody(a, "许昌丙有限公司"));
    REQUIRE(r.status == 409);
    CHECK(r.json["error"]["existing"]["uscc"] == a);
    CHECK(r.json["error"]["existing"]["name"] == "许昌甲电气有限公司");
    CHECK(r.json["error"]["existing"]["location"] == a_path);
  }
  SECTION("a stale version names the current one, and nothing changed") {
    REQUIRE(server.patch(a_path, R"({"address":"一"})", {{"If-Match", "1"}}).status == 200);
    auto r = server.patch(a_path, R"({"address":"二"})", {{"If-Match", "1"}});
    REQUIRE(r.status == 409);
    CHECK(r.json["error"]["current_version"] == 2);
    auto now = server.get(a_path);
    CHECK(now.json["address"] == "一");
    CHECK(now.json["version"] == 2);
  }
  SECTION("a wrong method is 405 with Allow") {
    auto r = server.request("PUT", "/api/v1/enterprises", "{}");
    REQUIRE(r.status == 405);
    checkErrorShape(r, "method_not_allowed", "");
    std::string allow = r.header("Allow");
    CHECK(allow.find("GET") != std::string::npos);
    CHECK(allow.find("POST") != std::string::npos);
    CHECK(allow.find("PUT") == std::string::npos);
    auto d = server.request("DELETE", "/api/v1/health");
    CHECK(d.status == 405);
    CHECK(d.header("Allow") == "GET");
  }
  SECTION("nothing that failed was stored") {
    auto r = server.get("/api/v1/enterprises?include_archived=true&total=true");
    CHECK(r.json["total"] == 1);
    CHECK(server.get("/api/v1/enterprises/" + fresh).status == 404);
    CHECK(server.get("/api/v1/enterprises/" + bad_check).status == 404);
  }
  CHECK(server.stop() == 0);
}

}  // namespace trellis::test
