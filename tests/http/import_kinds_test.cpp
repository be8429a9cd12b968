// The import kinds past enterprises and designations over HTTP (issue 12): yearly indicators
// (service/indicator_import.h IM1–IM4), reserve-pool members (pool_member_import.h PM1–PM4) and
// old liaison visit logs (contact_import.h CI1–CI4), against the real `trellis serve`. Files are
// made by the tests: CSV in UTF-8, a GB18030 CSV via iconv, an XLSX written by libxlsxwriter.
// Each kind: the dry run's counts, diffs and refusals (row, column, code), nothing written by it;
// the commit; the revert that puts the records back; the revert refused after a later change
// (unless those rows are left out); a county officer whose rows of another county are refused
// exactly like unregistered ones; and the kind's template.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "table_readback.h"
#include "import_support.h"
#include "process_util.h"
#include "test_server.h"
#include "trellis/core/clock.h"

namespace trellis::test {
namespace {

Date today() { return dateAt(std::chrono::system_clock::now(), 480); }
int thisYear() { return today().year(); }
std::string year(int offset) { return std::to_string(thisYear() + offset); }
std::string day(int offset) { return today().addDays(offset).toString(); }

struct KindsWorld {
  TestServer server;
  std::string a = validUscc("411002", 8201);        // nothing stored for it: the files create its records
  std::string b = validUscc("411002", 8202);        // has stored records the files change (named by its name)
  std::string twin1 = validUscc("411002", 8203);    // twin1 and twin2 share the alias 同名简称
  std::string twin2 = validUscc("411002", 8204);
  std::string changge = validUscc("411082", 8205);  // another county's enterprise
  std::string b_name = "许昌导入类乙科技有限公司";

  KindsWorld() {
    auto add = [&](const std::string& uscc, const std::string& name, const std::string& region,
                   std::vector<std::string> aliases) { registerEnterprise(server, uscc, name, region, aliases); };
    add(a, "许昌导入类甲科技有限公司", "411002", {});
    add(b, b_name, "411002", {});
    add(twin1, "许昌导入类丙科技有限公司", "411002", {"同名简称"});
    add(twin2, "许昌导入类丁科技有限公司", "411002", {"同名简称"});
    add(changge, "长葛导入类戊科技有限公司", "411082", {});
  }

  HttpResponse indicators(const std::string& uscc, const std::string& y) {
    return server.get("/api/v1/enterprises/" + uscc + "/indicators/" + y);
  }
  void putIndicators(const std::string& uscc, const std::string& y, const nlohmann::json& body) {
    auto r = server.request("PUT", "/api/v1/enterprises/" + uscc + "/indicators/" + y, body.dump());
    INFO(r.body);
    REQUIRE(r.status == 200);
  }
  // The open member of pool for uscc (null when none).
  nlohmann::json member(const std::string& pool, const std::string& uscc) {
    auto r = server.get("/api/v1/pools/" + pool + "/members?limit=500");
    REQUIRE(r.status == 200);
    for (const auto& m : r.json["items"])
      if (m["uscc"] == uscc) return m;
    return nullptr;
  }
  nlohmann::json contacts(const std::string& uscc) {
    auto r = server.get("/api/v1/enterprises/" + uscc + "/contacts");
    REQUIRE(r.status == 200);
    return r.json["items"];
  }
  void signInCounty() {
    REQUIRE(server.addUser("county.kinds", "county", "411002", "County#Password-1k"));
    server.setToken(server.signIn("county.kinds", "County#Password-1k"));
  }
};

// ---------------------------------------------------------------------------------------------
// Indicators.

struct IndicatorFile {
  // B reported last year: revenue 500万, 50 staff, 5 of them S&T; twin1 100万.
  static void seed(KindsWorld& w) {
    w.putIndicators(w.b, year(-1), {{"revenue", 5000000}, {"employees", 50}, {"st_staff", 5}});
    w.putIndicators(w.twin1, year(-1), {{"revenue", 1000000}});
  }
  // Money in 万元 by the header's unit, thousands separators and full-width digits included.
  static std::string csv(const KindsWorld& w) {
    return "统一社会信用代码,企业名称,年度,营业收入（万元）,职工总数,科技人员数,研发费用（万元）\n" +
           w.a + ",," + year(-1) + ",\"1,234.5678\",40,4,100\n" +       // 2 new: 12 345 678 yuan
           ",\"" + w.b_name + "\"," + year(-1) + ",６００,,,\n" +        // 3 updated by name: revenue only
           w.b + ",," + year(-2) + ",,50,60,\n" +                        // 4 IN3: S&T staff above employees
           w.a + ",," + year(1) + ",10,,,\n" +                           // 5 IN1: a year not begun
           ",同名简称," + year(-1) + ",10,,,\n" +                        // 6 two enterprises by that alias
           w.a + ",," + year(-1) + ",20,,,\n" +                          // 7 the same enterprise and year again
           w.a + ",," + year(-3) + ",很多,,,\n" +                        // 8 not a number
           w.twin1 + ",," + year(-1) + ",100,,,\n";                      // 9 unchanged
  }
  static void checkReport(const HttpResponse& up, const KindsWorld& w) {
    checkCounts(up, 8, 1, 1, 1, 5);
    CHECK(up.json["batch"]["kind"] == "indicators");
    CHECK(rowOf(up, 2)["status"] == "new");
    CHECK(rowOf(up, 2)["uscc"] == w.a);
    CHECK(rowOf(up, 3)["status"] == "updated");
    CHECK(rowOf(up, 3)["uscc"] == w.b);
    REQUIRE(rowOf(up, 3)["diffs"].size() == 1);
    CHECK(diffOf(up, 3, "revenue")["from"] == 5000000);
    CHECK(diffOf(up, 3, "revenue")["to"] == 6000000);
    CHECK(refusalOf(up, 4) == "科技人员数|st_staff_exceeds_employees");
    CHECK(refusalOf(up, 5) == "年度|future_year");
    CHECK(refusalOf(up, 6) == "企业名称|name_ambiguous");
    CHECK(refusalOf(up, 7) == "年度|duplicate_in_file");
    CHECK(refusalOf(up, 8) == "营业收入（万元）|not_a_number");
    CHECK(rowOf(up, 9)["status"] == "unchanged");
  }
};

}  // namespace

TEST_CASE("import indicators: dry run, commit with units converted exactly, revert, refused revert",
          "[http][import][kinds][indicators]") {
  KindsWorld w;
  IndicatorFile::seed(w);
  auto up = uploadKind(w.server, "indicators", IndicatorFile::csv(w));
  IndicatorFile::checkReport(up, w);
  // The dry run wrote nothing.
  CHECK(w.indicators(w.a, year(-1)).status == 404);
  CHECK(w.indicators(w.b, year(-1)).json["revenue"] == 5000000);
  std::string base = batchPath(up);

  CHECK(w.server.post(base + "/commit", "{}").json["error"]["code"] == "import_rows_refused");
  auto audits = sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'indicators.write'");
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  auto a = w.indicators(w.a, year(-1));
  REQUIRE(a.status == 200);
  CHECK(a.json["revenue"] == 12345678);  // 1,234.5678 万元, by decimal arithmetic
  CHECK(a.json["rd_expense_total"] == 1000000);
  CHECK(a.json["employees"] == 40);
  CHECK(a.json["version"] == 1);
  auto b = w.indicators(w.b, year(-1));
  CHECK(b.json["revenue"] == 6000000);
  CHECK(b.json["employees"] == 50);  // an empty cell keeps the stored value
  CHECK(b.json["version"] == 2);
  // Audited through the API's write path, one row per record.
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'indicators.write'") == audits + 2);

  SECTION("revert removes the created year and restores the changed one") {
    auto r = w.server.post(base + "/revert", "{}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["restored"] == 1);
    CHECK(r.json["archived"] == 1);
    CHECK(w.indicators(w.a, year(-1)).status == 404);
    auto back = w.indicators(w.b, year(-1));
    CHECK(back.json["revenue"] == 5000000);
    CHECK(back.json["version"] == 3);  // a further version, history not rewritten
    CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'indicators.delete' AND object_id = '" + w.a + "'") == 1);
  }

  SECTION("revert is refused for a year edited since, unless that row is left out") {
    w.putIndicators(w.b, year(-1), {{"revenue", 7000000}, {"employees", 50}, {"st_staff", 5}, {"version", 2}});
    auto refused = w.server.post(base + "/revert", "{}");
    INFO(refused.body);
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    REQUIRE(refused.json["error"]["changed_rows"].size() == 1);
    CHECK(refused.json["error"]["changed_rows"][0]["row"] == 3);
    CHECK(refused.json["error"]["changed_rows"][0]["uscc"] == w.b);
    CHECK(refused.json["error"]["changed_rows"][0]["record"] == w.b + "/" + year(-1));
    CHECK(w.indicators(w.a, year(-1)).status == 200);  // nothing reverted
    auto r = w.server.post(base + "/revert", R"({"exclude_rows":[3]})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["archived"] == 1);
    CHECK(r.json["excluded"] == 1);
    CHECK(w.indicators(w.a, year(-1)).status == 404);
    CHECK(w.indicators(w.b, year(-1)).json["revenue"] == 7000000);
  }
}

TEST_CASE("import indicators: a GB18030 file made by iconv reads like its UTF-8 original",
          "[http][import][kinds][indicators]") {
  KindsWorld w;
  IndicatorFile::seed(w);
  auto plain = uploadKind(w.server, "indicators", IndicatorFile::csv(w));
  auto legacy = uploadKind(w.server, "indicators", gb18030Of(w.server, IndicatorFile::csv(w), "indicators"));
  IndicatorFile::checkReport(legacy, w);
  CHECK(legacy.json["rows"] == plain.json["rows"]);
  // Header synonyms of config/import.json: 社会信用代码, 单位名称, 年份, 主营业务收入 (元).
  auto synonyms = uploadKind(w.server, "indicators",
                         "社会信用代码,单位名称,年份,主营业务收入\n" + w.a + ",," + year(-2) + ",\"1,000\"\n");
  checkCounts(synonyms, 1, 1, 0, 0, 0);
  REQUIRE(w.server.post(batchPath(synonyms) + "/commit", "{}").status == 200);
  CHECK(w.indicators(w.a, year(-2)).json["revenue"] == 1000);
}

// ---------------------------------------------------------------------------------------------
// Pool members.

namespace {

std::vector<std::vector<std::string>> poolRows(const KindsWorld& w) {
  return {{"统一社会信用代码", "企业名称", "培育库", "培育层级", "培育目标", "目标年度", "备注"},
          {w.a, "", "高新技术企业后备库", "重点", "高新技术企业", year(1), "县区推荐"},  // 2 new
          {"", w.b_name, "hnte_reserve", "中长期", "hnte", year(2), ""},              // 3 updated by name
          {w.twin1, "", "月球培育库", "重点", "高新技术企业", year(1), ""},          // 4 unknown pool
          {w.twin2, "", "科技型中小企业培育库", "重点", "高新技术企业", year(1), ""},  // 5 the pool takes tech_sme only
          {w.a, "", "hnte_reserve", "重点", "hnte", year(1), ""},                   // 6 the same member again
          {w.twin2, "", "hnte_reserve", "重点", "hnte", year(9), ""},               // 7 PE2: too far ahead
          {w.twin1, "", "hnte_reserve", "骨干", "hnte", year(1), ""}};              // 8 unknown tier
}

}  // namespace

TEST_CASE("import pool members: an XLSX written by libxlsxwriter — dry run, commit, revert, refused revert",
          "[http][import][kinds][pool]") {
  KindsWorld w;
  auto entered = w.server.post("/api/v1/pools/hnte_reserve/members",
                               nlohmann::json({{"uscc", w.b}, {"tier", "key"}, {"target_year", thisYear() + 1},
                                               {"note", "原有成员"}}).dump());
  INFO(entered.body);
  REQUIRE(entered.status == 201);
  auto up = uploadKind(w.server, "pool_members", xlsxOf(w.server, poolRows(w), "pool"),
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  checkCounts(up, 7, 1, 1, 0, 5);
  CHECK(rowOf(up, 2)["status"] == "new");
  CHECK(rowOf(up, 3)["status"] == "updated");
  CHECK(rowOf(up, 3)["uscc"] == w.b);
  REQUIRE(rowOf(up, 3)["diffs"].size() == 2);  // the empty 备注 keeps the stored note
  CHECK(diffOf(up, 3, "tier")["from"] == "key");
  CHECK(diffOf(up, 3, "tier")["to"] == "long_term");
  CHECK(diffOf(up, 3, "target_year")["to"] == thisYear() + 2);
  CHECK(refusalOf(up, 4) == "培育库|pool_not_found");
  CHECK(refusalOf(up, 5) == "培育目标|stage_not_in_pool");
  CHECK(refusalOf(up, 6) == "培育库|duplicate_in_file");
  CHECK(refusalOf(up, 7) == "目标年度|out_of_range");
  CHECK(refusalOf(up, 8) == "培育层级|invalid_tier");
  CHECK(w.member("hnte_reserve", w.a).is_null());  // nothing written by the dry run

  std::string base = batchPath(up);
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  auto a = w.member("hnte_reserve", w.a);
  REQUIRE_FALSE(a.is_null());
  CHECK(a["tier"] == "key");
  CHECK(a["target_year"] == thisYear() + 1);
  CHECK(a["note"] == "县区推荐");
  auto a_id = std::to_string(a["id"].get<std::int64_t>());
  CHECK(sqlCount(w.server, "SELECT count(*) FROM milestone WHERE membership_id = " + a_id) > 0);  // the roadmap, as on entry
  auto b = w.member("hnte_reserve", w.b);
  CHECK(b["tier"] == "long_term");
  CHECK(b["target_year"] == thisYear() + 2);
  CHECK(b["note"] == "原有成员");
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'pool.enter' AND object_id = '" + a_id + "'") == 1);

  SECTION("revert removes the added member with its roadmap and restores the amended one") {
    auto r = w.server.post(base + "/revert", "{}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["restored"] == 1);
    CHECK(r.json["archived"] == 1);
    CHECK(w.member("hnte_reserve", w.a).is_null());
    CHECK(sqlCount(w.server, "SELECT count(*) FROM milestone WHERE membership_id = " + a_id) == 0);
    auto back = w.member("hnte_reserve", w.b);
    CHECK(back["tier"] == "key");
    CHECK(back["target_year"] == thisYear() + 1);
    CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'pool.remove' AND object_id = '" + a_id + "'") == 1);
  }

  SECTION("revert is refused for a member that left the pool since, unless that row is left out") {
    auto b_id = std::to_string(b["id"].get<std::int64_t>());
    REQUIRE(w.server.post("/api/v1/pools/hnte_reserve/members/" + b_id + "/exit", R"({"reason":"withdrawn"})").status == 200);
    auto refused = w.server.post(base + "/revert", "{}");
    INFO(refused.body);
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    CHECK(refused.json["error"]["changed_rows"][0]["row"] == 3);
    CHECK_FALSE(w.member("hnte_reserve", w.a).is_null());
    auto r = w.server.post(base + "/revert", R"({"exclude_rows":[3]})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["archived"] == 1);
    CHECK(w.member("hnte_reserve", w.a).is_null());
  }

  SECTION("revert is refused for an added member with pipeline steps since") {
    REQUIRE(w.server.post("/api/v1/pools/hnte_reserve/members/" + a_id + "/pipeline",
                          R"({"kind":"coaching","result":"topic"})").status == 201);
    auto refused = w.server.post(base + "/revert", "{}");
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["changed_rows"][0]["row"] == 2);
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts.

TEST_CASE("import contacts: a GB18030 visit log — dry run, commit for the named officer, revert",
          "[http][import][kinds][contacts]") {
  KindsWorld w;
  REQUIRE(w.server.addUser("liaison.kinds", "liaison", "411002", "Liaison#Password-1k"));
  REQUIRE(w.server.addUser("liaison.changge", "liaison", "411082", "Liaison#Password-1c"));
  auto logged = w.server.post("/api/v1/enterprises/" + w.twin1 + "/contacts",
                              nlohmann::json({{"date", day(-5)}, {"summary", "已登记的走访"}}).dump());
  INFO(logged.body);
  REQUIRE(logged.status == 201);
  std::string csv = "统一社会信用代码,企业名称,走访日期,走访方式,走访人账号,接待人,走访情况,预警\n" +
                    w.a + ",," + day(-30) + ",实地走访,liaison.kinds,张经理,了解研发费用归集情况,正常\n" +   // 2 new
                    ",\"" + w.b_name + "\"," + day(-60) + ",phone,,李总,电话回访,关注\n" +                    // 3 new by name
                    w.a + ",," + day(-30) + ",电话,,王工,了解研发费用归集情况,\n" +                        // 4 the same visit again
                    w.a + ",," + day(5) + ",实地走访,,,明天的走访,\n" +                                    // 5 a future date
                    w.b + ",," + day(-10) + ",飞鸽传书,,,走访,\n" +                                          // 6 unknown mode
                    w.b + ",," + day(-10) + ",实地走访,nobody,,走访,\n" +                                    // 7 unknown officer
                    w.b + ",," + day(-10) + ",实地走访,liaison.changge,,走访,\n" +                           // 8 another county's officer
                    w.twin1 + ",," + day(-5) + ",实地走访,,,已登记的走访,\n" +                               // 9 logged before
                    w.b + ",," + day(-3700) + ",实地走访,,,十年以前,\n" +                                   // 10 older than an import allows
                    w.b + ",," + day(-400) + ",实地走访,,,一年多以前的走访台账,\n";                         // 11 older than the API allows: an old log
  auto up = uploadKind(w.server, "contacts", gb18030Of(w.server, csv, "contacts"));
  checkCounts(up, 10, 3, 0, 1, 6);
  CHECK(rowOf(up, 2)["status"] == "new");
  CHECK(rowOf(up, 11)["status"] == "new");  // imported_contact_backdate_days, not the API's 366
  CHECK(rowOf(up, 3)["uscc"] == w.b);
  CHECK(refusalOf(up, 4) == "走访情况|duplicate_in_file");
  CHECK(refusalOf(up, 5) == "走访日期|date_in_future");
  CHECK(refusalOf(up, 6) == "走访方式|unknown_mode");
  CHECK(refusalOf(up, 7) == "走访人账号|unknown_officer");
  CHECK(refusalOf(up, 8) == "走访人账号|officer_region_mismatch");
  CHECK(rowOf(up, 9)["status"] == "unchanged");
  CHECK(refusalOf(up, 10) == "走访日期|date_too_old");
  CHECK(w.contacts(w.a).empty());

  std::string base = batchPath(up);
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 3);
  auto a = w.contacts(w.a);
  REQUIRE(a.size() == 1);
  CHECK(a[0]["officer"] == "liaison.kinds");
  CHECK(a[0]["mode"] == "on_site");
  CHECK(a[0]["met_with"] == "张经理");
  CHECK(a[0]["date"] == day(-30));
  auto b = w.contacts(w.b);
  REQUIRE(b.size() == 2);
  CHECK(b[0]["mode"] == "phone");
  CHECK(b[0]["flag"] == "amber");
  CHECK(b[1]["date"] == day(-400));
  CHECK(w.contacts(w.twin1).size() == 1);  // the visit logged before is not logged twice
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'contact.create'") == 4);

  // Imported again: every visit is there already.
  auto again = uploadKind(w.server, "contacts", gb18030Of(w.server, csv, "contacts-again"));
  checkCounts(again, 10, 0, 0, 4, 6);

  auto r = w.server.post(base + "/revert", "{}");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["archived"] == 3);
  CHECK(w.contacts(w.a).empty());
  CHECK(w.contacts(w.b).empty());
  CHECK(w.contacts(w.twin1).size() == 1);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'contact.delete'") == 3);
}

// ---------------------------------------------------------------------------------------------
// Scope and templates.

TEST_CASE("import kinds: a county's rows of another county are refused like unregistered ones",
          "[http][import][kinds][scope]") {
  KindsWorld w;
  std::string unknown = validUscc("411002", 8299);
  w.signInCounty();
  struct Case {
    std::string kind, header, row;
  };
  const Case cases[] = {
      {"indicators", "统一社会信用代码,企业名称,年度,营业收入", "," + year(-1) + ",100"},
      {"pool_members", "统一社会信用代码,企业名称,培育库,培育目标,目标年度", ",hnte_reserve,hnte," + year(1)},
      {"contacts", "统一社会信用代码,企业名称,走访日期,走访情况", "," + day(-3) + ",县区走访"},
  };
  for (const auto& k : cases) {
    INFO(k.kind);
    std::string csv = k.header + "\n" + w.changge + "," + k.row + "\n" +        // 2 another county, by code
                      ",长葛导入类戊科技有限公司" + k.row + "\n" +              // 3 another county, by name
                      unknown + "," + k.row + "\n" +                           // 4 never registered
                      w.a + "," + k.row + "\n";                                // 5 own county
    auto up = uploadKind(w.server, k.kind, csv);
    checkCounts(up, 4, 1, 0, 0, 3);
    CHECK(up.json["batch"]["region_scope"] == "411002");
    CHECK(refusalOf(up, 2) == "统一社会信用代码|enterprise_not_found");
    CHECK(refusalOf(up, 3) == "企业名称|enterprise_not_found");
    CHECK(refusalOf(up, 4) == "统一社会信用代码|enterprise_not_found");
    CHECK(rowOf(up, 2)["errors"][0]["message"] == rowOf(up, 4)["errors"][0]["message"]);
    CHECK(rowOf(up, 5)["status"] == "new");
    auto c = w.server.post(batchPath(up) + "/commit", R"({"only_valid":true})");
    INFO(c.body);
    REQUIRE(c.status == 200);
    CHECK(c.json["written"] == 1);
  }
  CHECK(w.indicators(w.a, year(-1)).json["revenue"] == 100);
  CHECK_FALSE(w.member("hnte_reserve", w.a).is_null());
  CHECK(w.contacts(w.a).size() == 1);
}

TEST_CASE("import kinds: the templates of indicators, pool members and contacts", "[http][import][kinds][templates]") {
  TestServer server;
  struct Expected {
    std::string kind, file;
    std::vector<std::string> first;
  };
  const Expected kinds[] = {
      {"indicators", "import-template-indicators.xlsx", {"统一社会信用代码", "企业名称", "年度*", "营业收入"}},
      {"pool_members", "import-template-pool_members.xlsx", {"统一社会信用代码", "企业名称", "培育库*", "培育层级", "培育目标*"}},
      {"contacts", "import-template-contacts.xlsx", {"统一社会信用代码", "企业名称", "走访日期*", "走访方式"}},
  };
  for (const auto& k : kinds) {
    INFO(k.kind);
    auto t = server.get("/api/v1/imports/templates/" + k.kind);
    REQUIRE(t.status == 200);
    CHECK(t.header("Content-Type").find("spreadsheetml") != std::string::npos);
    CHECK(t.header("Content-Disposition").find(k.file) != std::string::npos);
    auto rows = httptest::readBack(t.body, server.dir(), "xlsx");
    REQUIRE(!rows.empty());
    REQUIRE(rows[0].size() >= k.first.size());
    for (std::size_t i = 0; i < k.first.size(); ++i) CHECK(rows[0][i] == k.first[i]);
  }
  // The drop-downs name pools, tiers, stages, modes and flags by the words the import reads.
  auto has = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  auto pool = server.get("/api/v1/imports/templates/pool_members").body;
  CHECK(has(httptest::templateListColumn(pool, server.dir(), 0), "高新技术企业后备库"));
  CHECK(has(httptest::templateListColumn(pool, server.dir(), 1), "中长期"));
  CHECK(has(httptest::templateListColumn(pool, server.dir(), 2), "高新技术企业"));
  auto contacts = server.get("/api/v1/imports/templates/contacts").body;
  CHECK(has(httptest::templateListColumn(contacts, server.dir(), 0), "实地走访"));
  CHECK(has(httptest::templateListColumn(contacts, server.dir(), 1), "预警"));
}

}  // namespace trellis::test
