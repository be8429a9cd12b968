// The designations import over HTTP (issue 12, service/designation_import.h DI1–DI4) against the
// real `trellis serve`: an HNTE recognition batch and a tech-SME 入库 list as CSV (UTF-8 and
// GB18030 via iconv) — the dry run's counts and refusals with their codes, the commit (all or
// none, only_valid) after which the ladder shows the rung, the revert that puts the ladder back
// (and its refusal when a record moved on since), and a county that may import only its own
// region's enterprises (others look exactly like unregistered ones).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "import_support.h"
#include "test_server.h"
#include "trellis/core/clock.h"

namespace trellis::test {
namespace {

int thisYear() { return dateAt(std::chrono::system_clock::now(), 480).year(); }
std::string year(int offset) { return std::to_string(thisYear() + offset); }

HttpResponse uploadDesignations(TestServer& server, const std::string& bytes) {
  return server.request("POST", "/api/v1/imports?kind=designations", bytes, {}, "text/csv");
}

std::string errorCodeOf(const HttpResponse& r, std::int64_t number) {
  const auto& row = rowOf(r, number);
  INFO(row.dump());
  REQUIRE(row["status"] == "refused");
  REQUIRE(row["errors"].size() >= 1);
  return row["errors"][0]["code"].get<std::string>();
}

struct DesignationWorld {
  TestServer server;
  std::string a = validUscc("411002", 8101);        // holds this year's tech-SME filing; the file brings its HNTE
  std::string b = validUscc("411002", 8102);        // holds an HNTE certificate; the file corrects its 批次
  std::string twin1 = validUscc("411002", 8103);    // twin1 and twin2 share the alias 共用简称
  std::string twin2 = validUscc("411002", 8104);
  std::string changge = validUscc("411082", 8105);  // another county's enterprise
  std::string unknown = validUscc("411002", 8106);  // never registered
  std::string b_cert = "GR" + year(-1) + "41000200";

  DesignationWorld() {
    auto add = [&](const std::string& uscc, const std::string& name, const std::string& region,
                   std::vector<std::string> aliases) { registerEnterprise(server, uscc, name, region, aliases); };
    add(a, "许昌认定甲科技有限公司", "411002", {});
    add(b, "许昌认定乙科技有限公司", "411002", {"认定乙"});
    add(twin1, "许昌认定丙科技有限公司", "411002", {"共用简称"});
    add(twin2, "许昌认定丁科技有限公司", "411002", {"共用简称"});
    add(changge, "长葛认定戊科技有限公司", "411082", {});
    REQUIRE(designate(a, {{"stage", "tech_sme"}, {"starts_on", year(0) + "-03-10"}, {"number", "T" + year(0) + "0001"}}) == 201);
    REQUIRE(designate(b, {{"stage", "hnte"}, {"starts_on", year(-1) + "-11-20"}, {"number", b_cert},
                          {"source", "豫科〔旧〕1号"}}) == 201);
  }

  int designate(const std::string& uscc, const nlohmann::json& body) {
    return server.post("/api/v1/enterprises/" + uscc + "/designations", body.dump()).status;
  }
  nlohmann::json ladder(const std::string& uscc) {
    auto r = server.get("/api/v1/enterprises/" + uscc + "/ladder");
    REQUIRE(r.status == 200);
    return r.json;
  }
  // The live (not superseded, not revoked) records of uscc.
  std::vector<nlohmann::json> live(const std::string& uscc) {
    auto r = server.get("/api/v1/enterprises/" + uscc + "/designations");
    REQUIRE(r.status == 200);
    std::vector<nlohmann::json> out;
    for (const auto& d : r.json["items"])
      if (d["status"] != "superseded" && d["status"] != "revoked") out.push_back(d);
    return out;
  }

  // An HNTE recognition batch: a title row, the header on row 2, data rows 3–8.
  std::string hnteList() const {
    std::string date = year(-1) + "-11-20", batch = "豫科〔" + year(-1) + "〕9号";
    return year(-1) + "年度高新技术企业认定名单\n"
           "统一社会信用代码,企业名称,认定类型,证书编号,发证日期,批次\n" +
           a + ",,高新技术企业,GR" + year(-1) + "41000101," + date + "," + batch + "\n" +   // 3 new
           ",许昌认定乙科技有限公司,hnte," + b_cert + "," + date + "," + batch + "\n" +      // 4 updated, by name
           a + ",,科技型中小企业,T" + year(0) + "0001," + year(0) + "-03-10,\n" +              // 5 unchanged
           ",共用简称,hnte,GR" + year(-1) + "41000300," + date + "," + batch + "\n" +         // 6 name_ambiguous
           unknown + ",,hnte,GR" + year(-1) + "41000400," + date + "," + batch + "\n" +        // 7 enterprise_not_found
           twin1 + ",,hnte,GX12345," + date + "," + batch + "\n";                               // 8 hnte_certificate_format
  }
};

void checkHnteReport(const HttpResponse& up, const DesignationWorld& w) {
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["kind"] == "designations");
  CHECK(up.json["batch"]["header_row"] == 2);
  const auto& counts = up.json["batch"]["counts"];
  CHECK(counts["rows"] == 6);
  CHECK(counts["new"] == 1);
  CHECK(counts["updated"] == 1);
  CHECK(counts["unchanged"] == 1);
  CHECK(counts["refused"] == 3);
  CHECK(rowOf(up, 3)["status"] == "new");
  CHECK(rowOf(up, 3)["uscc"] == w.a);
  const auto& updated = rowOf(up, 4);
  CHECK(updated["status"] == "updated");
  CHECK(updated["uscc"] == w.b);  // found by its registered name
  REQUIRE(updated["diffs"].size() == 1);
  CHECK(updated["diffs"][0]["field"] == "source");
  CHECK(updated["diffs"][0]["from"] == "豫科〔旧〕1号");
  CHECK(rowOf(up, 5)["status"] == "unchanged");
  CHECK(errorCodeOf(up, 6) == "name_ambiguous");
  CHECK(rowOf(up, 6)["errors"][0]["column"] == "企业名称");
  CHECK(errorCodeOf(up, 7) == "enterprise_not_found");
  CHECK(rowOf(up, 7)["errors"][0]["column"] == "统一社会信用代码");
  CHECK(errorCodeOf(up, 8) == "hnte_certificate_format");
  CHECK(rowOf(up, 8)["errors"][0]["column"] == "证书编号");
}

}  // namespace

TEST_CASE("import designations: the dry run counts and refuses rows with codes, and writes nothing",
          "[http][import][designations]") {
  DesignationWorld w;
  auto up = uploadDesignations(w.server, w.hnteList());
  checkHnteReport(up, w);
  // Nothing written by the dry run: A still tops out at the tech-SME filing, B keeps its 批次.
  CHECK(w.ladder(w.a)["position"]["top"] == "tech_sme");
  auto b = w.live(w.b);
  REQUIRE(b.size() == 1);
  CHECK(b[0]["source"] == "豫科〔旧〕1号");
  // The stored report pages by status like the enterprise kind's.
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  auto refused = w.server.get(base + "?status=refused");
  REQUIRE(refused.status == 200);
  CHECK(refused.json["rows"].size() == 3);
  // The error download names each refusal's code.
  auto errors = w.server.get(base + "/errors?format=csv");
  REQUIRE(errors.status == 200);
  CHECK(errors.body.find("name_ambiguous") != std::string::npos);
  CHECK(errors.body.find("hnte_certificate_format") != std::string::npos);
}

TEST_CASE("import designations: commit writes the rungs (all or none, or only_valid), revert puts the ladder back",
          "[http][import][designations]") {
  DesignationWorld w;
  auto up = uploadDesignations(w.server, w.hnteList());
  checkHnteReport(up, w);
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());

  auto all = w.server.post(base + "/commit", "{}");
  CHECK(all.status == 409);
  CHECK(all.json["error"]["code"] == "import_rows_refused");
  CHECK(w.ladder(w.a)["position"]["top"] == "tech_sme");

  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  CHECK(c.json["batch"]["status"] == "committed");
  // The ladder shows the rung; B's certificate carries the new 批次 as a correction.
  auto ladder = w.ladder(w.a);
  CHECK(ladder["position"]["top"] == "hnte");
  auto b = w.live(w.b);
  REQUIRE(b.size() == 1);
  CHECK(b[0]["source"] == "豫科〔" + year(-1) + "〕9号");
  CHECK(b[0]["number"] == w.b_cert);
  CHECK_FALSE(b[0]["corrects_id"].is_null());
  // A second commit of the same batch is refused.
  CHECK(w.server.post(base + "/commit", R"({"only_valid":true})").json["error"]["code"] == "import_not_checked");

  SECTION("revert: A holds only its tech-SME filing again, B its old 批次") {
    auto r = w.server.post(base + "/revert", "{}");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["restored"] == 1);
    CHECK(r.json["archived"] == 1);
    CHECK(r.json["batch"]["status"] == "reverted");
    CHECK(w.ladder(w.a)["position"]["top"] == "tech_sme");
    CHECK(w.live(w.a).size() == 1);
    auto back = w.live(w.b);
    REQUIRE(back.size() == 1);
    CHECK(back[0]["source"] == "豫科〔旧〕1号");
    CHECK(back[0]["starts_on"] == year(-1) + "-11-20");
  }

  SECTION("revert is refused for a record corrected since, unless that row is left out") {
    auto records = w.live(w.b);
    REQUIRE(records.size() == 1);
    auto fix = w.server.post("/api/v1/enterprises/" + w.b + "/designations/" + std::to_string(records[0]["id"].get<std::int64_t>()) + "/correction",
                             nlohmann::json({{"stage", "hnte"}, {"starts_on", year(-1) + "-11-20"}, {"number", w.b_cert},
                                             {"source", "豫科〔" + year(-1) + "〕10号"}}).dump());
    INFO(fix.body);
    REQUIRE(fix.status == 201);
    auto refused = w.server.post(base + "/revert", "{}");
    CHECK(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    CHECK(w.ladder(w.a)["position"]["top"] == "hnte");  // nothing reverted
    auto r = w.server.post(base + "/revert", R"({"exclude_rows":[4]})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["archived"] == 1);
    CHECK(r.json["excluded"] == 1);
    CHECK(w.ladder(w.a)["position"]["top"] == "tech_sme");
    auto b_now = w.live(w.b);
    REQUIRE(b_now.size() == 1);
    CHECK(b_now[0]["source"] == "豫科〔" + year(-1) + "〕10号");
  }
}

TEST_CASE("import designations: a county's rows for another region look like unregistered ones",
          "[http][import][designations]") {
  DesignationWorld w;
  REQUIRE(w.server.addUser("county.a", "county", "411002", "County#Password-1a"));
  w.server.setToken(w.server.signIn("county.a", "County#Password-1a"));
  std::string date = year(-1) + "-11-20";
  std::string csv = "统一社会信用代码,企业名称,认定类型,证书编号,发证日期\n" +
                    w.changge + ",,hnte,GR" + year(-1) + "41000501," + date + "\n" +       // 2 other region, by code
                    ",长葛认定戊科技有限公司,hnte,GR" + year(-1) + "41000502," + date + "\n" +  // 3 other region, by name
                    w.unknown + ",,hnte,GR" + year(-1) + "41000503," + date + "\n" +        // 4 never registered
                    w.a + ",,hnte,GR" + year(-1) + "41000504," + date + "\n";               // 5 own region: new
  auto up = uploadDesignations(w.server, csv);
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["region_scope"] == "411002");
  CHECK(errorCodeOf(up, 2) == "enterprise_not_found");
  CHECK(errorCodeOf(up, 3) == "enterprise_not_found");
  CHECK(errorCodeOf(up, 4) == "enterprise_not_found");
  CHECK(rowOf(up, 2)["errors"][0]["message"] == rowOf(up, 4)["errors"][0]["message"]);
  CHECK(rowOf(up, 2)["uscc"] == w.changge);  // the code as written, nothing more
  CHECK(rowOf(up, 3)["uscc"] == "");
  CHECK(rowOf(up, 5)["status"] == "new");
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 1);
  CHECK(w.ladder(w.a)["position"]["top"] == "hnte");
}

TEST_CASE("import designations: a GB18030 tech-SME 入库 list made by iconv reads like its UTF-8 original",
          "[http][import][designations]") {
  DesignationWorld w;
  // Header synonyms of config/import.json: 社会信用代码, 单位名称, 类型, 登记编号, 入库日期, 入库年度.
  std::string csv = "社会信用代码,单位名称,类型,登记编号,入库日期,入库年度\n" +
                    w.b + ",,科技型中小企业,T" + year(0) + "0777," + year(0) + "-04-01," + year(0) + "\n" +   // 2 new
                    ",认定乙,tech_sme,T" + year(0) + "0778," + year(0) + "-04-01," + year(0) + "\n" +        // 3 by alias: same year again
                    w.twin1 + ",,tech_sme,T" + year(0) + "0779," + year(0) + "-04-01," + year(-1) + "\n" +   // 4 year ≠ date
                    w.twin2 + ",,tech_sme,T-0780," + year(0) + "-04-01," + year(0) + "\n" +                   // 5 bad number
                    w.a + ",,tech_sme,T" + year(0) + "0781," + year(0) + "-05-01," + year(0) + "\n";           // 6 A filed this year already
  std::string dir = w.server.dir();
  std::string utf8 = dir + "/sme.csv", gbk = dir + "/sme-gbk.csv";
  std::ofstream(utf8, std::ios::binary) << csv;
  REQUIRE(std::system(("iconv -f UTF-8 -t GB18030 " + utf8 + " > " + gbk).c_str()) == 0);
  std::ifstream in(gbk, std::ios::binary);
  std::string gbk_bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(gbk_bytes != csv);

  auto plain = uploadDesignations(w.server, csv);
  auto legacy = uploadDesignations(w.server, gbk_bytes);
  INFO(plain.body);
  INFO(legacy.body);
  REQUIRE(plain.status == 201);
  REQUIRE(legacy.status == 201);
  CHECK(plain.json["rows"] == legacy.json["rows"]);
  CHECK(legacy.json["batch"]["header"] == plain.json["batch"]["header"]);
  const auto& counts = legacy.json["batch"]["counts"];
  CHECK(counts["rows"] == 5);
  CHECK(counts["new"] == 1);
  CHECK(counts["refused"] == 4);
  CHECK(rowOf(legacy, 2)["status"] == "new");
  CHECK(errorCodeOf(legacy, 3) == "duplicate_in_file");  // B twice in one calendar year of filings
  CHECK(rowOf(legacy, 3)["uscc"] == w.b);
  CHECK(errorCodeOf(legacy, 4) == "inconsistent_dates");
  CHECK(rowOf(legacy, 4)["errors"][0]["column"] == "入库年度");
  CHECK(errorCodeOf(legacy, 5) == "registration_number_format");
  CHECK(errorCodeOf(legacy, 6) == "duplicate_designation");  // DS5: one filing per calendar year

  std::string base = "/api/v1/imports/" + std::to_string(legacy.json["batch"]["id"].get<std::int64_t>());
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 1);
  CHECK(w.ladder(w.b)["position"]["top"] == "hnte");  // the filing does not outrank the certificate
  bool filed = false;
  for (const auto& d : w.live(w.b)) filed = filed || d["number"] == "T" + year(0) + "0778" || d["number"] == "T" + year(0) + "0777";
  CHECK(filed);
}

}  // namespace trellis::test
