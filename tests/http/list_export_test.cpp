// The lists issue 12 "Export" names beyond enterprises, pools and problems: the contact log
// (GET /contacts), graph nodes (GET /graph/nodes) and the audit trail (GET /audit), each as
// ?format=csv|xlsx, and `trellis export` writing the same rows to a file. Each export is read
// back with io's readers and compared with the JSON list of the same caller, and the contact log
// with a recount straight from the database file, so scope is checked against the data, not
// against the code under test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "demo_city.h"
#include "table_readback.h"

namespace trellis::consistencytest {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

// The id (first field) of every item a JSON list gives this user, walking its pages.
std::vector<std::string> jsonIds(DemoCity& city, const std::string& login, const std::string& path,
                                 const char* id_key = "id") {
  std::vector<std::string> ids;
  std::string cursor;
  const char* join = path.find('?') == std::string::npos ? "?" : "&";
  for (int page = 0; page < 200; ++page) {
    auto r = city.as(login, "GET", path + join + "limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(r.status == 200);
    for (const auto& item : r.json["items"]) ids.push_back(std::to_string(item[id_key].get<std::int64_t>()));
    if (r.json["next_cursor"].is_null()) return ids;
    cursor = r.json["next_cursor"].get<std::string>();
  }
  FAIL("the list " << path << " did not end");
  return ids;
}

std::vector<std::string> column(const Rows& rows, std::size_t c) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i].at(c));
  return out;
}

std::vector<std::string> firstColumn(const std::vector<std::vector<std::string>>& sql_rows) {
  std::vector<std::string> out;
  for (const auto& r : sql_rows) out.push_back(r.at(0));
  return out;
}

Rows download(DemoCity& city, const std::string& login, const std::string& path, const std::string& ext) {
  auto r = city.as(login, "GET", path);
  INFO(login << " GET " << path << " → " << r.status << " " << r.body.substr(0, 300));
  REQUIRE(r.status == 200);
  return httptest::readBack(r.body, city.server().dir(), ext);
}

void loadLiaisonDemo(DemoCity& city) {
  std::string out;
  int rc = city.server().cli({"demo-liaison"}, "", &out);
  if (rc != 0) FAIL("trellis demo-liaison exited " << rc << ": " << out);
}

// The contact log's order, recounted in SQL: newest contact date first, then newest logged.
const char* kContactOrder = " ORDER BY k.contact_date DESC, k.id DESC";

}  // namespace

TEST_CASE("contact log: the JSON list and its CSV/XLSX export hold the same contacts, in scope",
          "[http][liaison][export]") {
  DemoCity city(200);
  loadLiaisonDemo(city);

  const auto every = firstColumn(city.query("SELECT k.id FROM liaison_contact k" + std::string(kContactOrder)));
  REQUIRE(every.size() > 7);  // more than one JSON page
  CHECK(jsonIds(city, "bureau", "/api/v1/contacts") == every);
  auto csv = city.as("bureau", "GET", "/api/v1/contacts?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
  auto rows = httptest::readBack(csv.body, city.server().dir(), "csv");
  REQUIRE(!rows.empty());
  CHECK(rows[0].at(0) == "编号");
  CHECK(rows[0].at(1) == "走访日期");
  CHECK(column(rows, 0) == every);
  CHECK(column(download(city, "bureau", "/api/v1/contacts?format=xlsx", "xlsx"), 0) == every);
  // Officers are named, never by login; modes and flags in Chinese.
  for (const auto& officer : column(rows, 5)) CHECK(officer != "liaison");
  for (const auto& mode : column(rows, 6)) CHECK(mode.find('_') == std::string::npos);

  // A county officer: its county's contacts only (the demo's are 魏都区's), by the database.
  const auto weidu = firstColumn(city.query(
      "SELECT k.id FROM liaison_contact k JOIN enterprise e ON e.id = k.enterprise_id WHERE e.region_code = '411002'" +
      std::string(kContactOrder)));
  REQUIRE(!weidu.empty());
  CHECK(jsonIds(city, "weidu", "/api/v1/contacts") == weidu);
  auto county = download(city, "weidu", "/api/v1/contacts?format=csv", "csv");
  CHECK(column(county, 0) == weidu);
  for (const auto& region : column(county, 4)) CHECK(region == "魏都区");
  // Each export is on the record: who, which list, how many rows, which filters.
  auto recorded = city.query(
      "SELECT actor_login, object_id, object_region, changes FROM audit_log WHERE action = 'list.export' "
      "ORDER BY seq DESC LIMIT 1");
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0][0] == "weidu");
  CHECK(recorded[0][1] == "contacts");
  CHECK(recorded[0][2] == "411002");
  CHECK(nlohmann::json::parse(recorded[0][3])["rows"] == weidu.size());
  CHECK(download(city, "changge", "/api/v1/contacts?format=csv", "csv").size() == 1);  // the header alone
  CHECK(jsonIds(city, "changge", "/api/v1/contacts").empty());

  // A liaison officer: the contacts of the enterprises assigned to it now, by the database.
  const auto mine = firstColumn(city.query(
      "SELECT k.id FROM liaison_contact k JOIN liaison_assignment a ON a.enterprise_id = k.enterprise_id "
      "AND a.ended_at IS NULL JOIN app_user u ON u.id = a.officer_id WHERE u.login = 'liaison'" +
      std::string(kContactOrder)));
  CHECK(jsonIds(city, "liaison", "/api/v1/contacts") == mine);
  CHECK(column(download(city, "liaison", "/api/v1/contacts?format=csv", "csv"), 0) == mine);

  // A period: contact dates within [from, to], in the list and in the export alike.
  const std::string day = city.query("SELECT contact_date FROM liaison_contact ORDER BY id LIMIT 1").at(0).at(0);
  const auto that_day =
      firstColumn(city.query("SELECT k.id FROM liaison_contact k WHERE k.contact_date = '" + day + "'" + kContactOrder));
  CHECK(jsonIds(city, "bureau", "/api/v1/contacts?from=" + day + "&to=" + day) == that_day);
  auto dated = download(city, "bureau", "/api/v1/contacts?format=csv&from=" + day + "&to=" + day, "csv");
  CHECK(column(dated, 0) == that_day);
  for (const auto& d : column(dated, 1)) CHECK(d == day);

  // Bad filters are refused by name; roles without contact.read are refused.
  auto reversed = city.as("bureau", "GET", "/api/v1/contacts?from=2025-02-01&to=2025-01-01");
  CHECK(reversed.status == 422);
  CHECK(reversed.json["error"]["field"] == "to");
  auto bad_date = city.as("bureau", "GET", "/api/v1/contacts?from=2025-13-01&format=csv");
  CHECK(bad_date.status == 422);
  CHECK(bad_date.json["error"]["field"] == "from");
  CHECK(city.as("bureau", "GET", "/api/v1/contacts?format=pdf").json["error"]["field"] == "format");
  CHECK(city.as("auditor", "GET", "/api/v1/contacts?format=csv").status == 403);
  CHECK(city.as("admin", "GET", "/api/v1/contacts").status == 403);
}

TEST_CASE("graph node export: the rows of the node list, for the bureau and a county", "[http][graph][export]") {
  DemoCity city(60);
  for (const std::string login : {"bureau", "weidu"}) {
    for (const std::string filter : {"", "&kind=platform"}) {
      INFO(login << filter);
      auto ids = jsonIds(city, login, "/api/v1/graph/nodes?as_of=2026-01-01" + filter);
      REQUIRE(!ids.empty());
      auto rows = download(city, login, "/api/v1/graph/nodes?format=csv&as_of=2026-01-01" + filter, "csv");
      REQUIRE(!rows.empty());
      CHECK(rows[0].at(1) == "类型");
      CHECK(column(rows, 0) == ids);
      if (!filter.empty())
        for (const auto& kind : column(rows, 1)) CHECK(kind == "创新平台");
    }
  }
  // The county's export is smaller than the city's: it sees its own and what is linked to it.
  CHECK(download(city, "weidu", "/api/v1/graph/nodes?format=xlsx", "xlsx").size() <
        download(city, "bureau", "/api/v1/graph/nodes?format=xlsx", "xlsx").size());
  CHECK(city.as("bureau", "GET", "/api/v1/graph/nodes?format=csv&kind=planet").status == 422);
}

// The due-milestone list of a pool, walking its JSON pages: "uscc|title|due_on|status" per item.
std::vector<std::string> dueMilestones(DemoCity& city, const std::string& login, const std::string& path) {
  std::vector<std::string> out;
  std::string cursor;
  for (int page = 0; page < 500; ++page) {
    auto r = city.as(login, "GET", path + "&limit=50" + (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(r.status == 200);
    for (const auto& m : r.json["items"])
      out.push_back(m["member"]["uscc"].get<std::string>() + "|" + m["title"].get<std::string>() + "|" +
                    m["due_on"].get<std::string>() + "|" + (m["status"] == "overdue" ? "已逾期" : "计划中"));
    if (r.json["next_cursor"].is_null()) return out;
    cursor = r.json["next_cursor"].get<std::string>();
  }
  FAIL("the milestone list " << path << " did not end");
  return out;
}

std::vector<std::string> milestoneRows(const Rows& rows) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i < rows.size(); ++i)
    out.push_back(rows[i].at(0) + "|" + rows[i].at(6) + "|" + rows[i].at(7) + "|" + rows[i].at(8));
  return out;
}

TEST_CASE("due milestones export: a pool's 到期节点 as the list pages them, in the caller's scope",
          "[http][pool][export]") {
  DemoCity city(200);
  const std::string filter = "?due_before=2030-12-31";
  std::string pool;
  std::vector<std::string> listed;
  for (const std::string p : {"hnte_reserve", "tech_sme_pool", "double_hundred_reserve"}) {
    auto r = city.as("bureau", "GET", "/api/v1/pools/" + p + "/milestones" + filter + "&limit=1");
    if (r.status != 200 || r.json["items"].empty()) continue;
    pool = p;
    listed = dueMilestones(city, "bureau", "/api/v1/pools/" + p + "/milestones" + filter);
    break;
  }
  REQUIRE(!pool.empty());
  REQUIRE(listed.size() > 50);  // more than one JSON page

  const std::string path = "/api/v1/pools/" + pool + "/milestones" + filter;
  auto rows = download(city, "bureau", path + "&format=csv", "csv");
  REQUIRE(!rows.empty());
  CHECK(rows[0].at(0) == "统一社会信用代码");
  CHECK(rows[0].at(8) == "状态");
  CHECK(milestoneRows(rows) == listed);
  CHECK(milestoneRows(download(city, "bureau", path + "&format=xlsx", "xlsx")) == listed);

  // A county's export is its own list: only its region, and exactly what its JSON list holds.
  auto county = download(city, "weidu", path + "&format=csv", "csv");
  CHECK(milestoneRows(county) == dueMilestones(city, "weidu", path));
  CHECK(county.size() < rows.size());
  for (std::size_t i = 1; i < county.size(); ++i) CHECK(county[i].at(2) == "魏都区");

  // Audited as a list export with its filters; an unknown pool writes no file and no export row.
  auto audited = city.query("SELECT object_id, changes FROM audit_log WHERE action = 'list.export' ORDER BY seq");
  REQUIRE(audited.size() == 3);
  CHECK(audited[0].at(0) == "milestones");
  CHECK(audited[0].at(1).find("\"pool\":\"" + pool + "\"") != std::string::npos);
  auto unknown = city.as("bureau", "GET", "/api/v1/pools/no_such_pool/milestones?format=csv");
  CHECK(unknown.status == 404);
  CHECK(unknown.json["error"]["code"] == "pool_not_found");
  CHECK(city.query("SELECT count(*) FROM audit_log WHERE action = 'list.export'").at(0).at(0) == "3");
  CHECK(city.as("bureau", "GET", path + "&format=pdf").status == 422);

  // trellis export --kind milestones: the county's file is its download (--to is the due-before date).
  const fs::path file = fs::path(city.server().dir()) / "milestones.csv";
  std::string out;
  REQUIRE(city.server().cli({"export", "--kind", "milestones", "--pool", pool, "--to", "2030-12-31", "--as", "weidu",
                             "--out", file.string()}, "", &out) == 0);
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  CHECK(milestoneRows(httptest::readBack(bytes.str(), city.server().dir(), "csv")) == milestoneRows(county));
  CHECK(city.server().cli({"export", "--kind", "milestones", "--out", file.string() + ".x.csv"}, "", &out) != 0);
  CHECK_FALSE(fs::exists(file.string() + ".x.csv"));
}

TEST_CASE("audit export: every row of the filter, oldest first, phones masked, for the auditor only",
          "[http][audit][export]") {
  DemoCity city(20);
  // A phone change the trail records: the auditor's export must not show the number.
  const std::string uscc = city.query("SELECT uscc FROM enterprise ORDER BY id LIMIT 1").at(0).at(0);
  auto before = city.as("bureau", "GET", "/api/v1/enterprises/" + uscc);
  REQUIRE(before.status == 200);
  auto patched = city.as("bureau", "PATCH", "/api/v1/enterprises/" + uscc, R"({"contact_phone":"13912345678"})",
                         {{"If-Match", "\"" + std::to_string(before.json["version"].get<std::int64_t>()) + "\""}});
  REQUIRE(patched.status == 200);

  const auto seqs = firstColumn(city.query("SELECT seq FROM audit_log ORDER BY seq"));
  auto rows = download(city, "auditor", "/api/v1/audit?format=csv", "csv");
  REQUIRE(!rows.empty());
  CHECK(rows[0].at(0) == "序号");
  CHECK(column(rows, 0) == seqs);  // reading the trail is not itself a recorded change
  for (const auto& action : column(rows, 4)) CHECK(action.find('.') == std::string::npos);  // Chinese names
  for (const auto& row : rows)
    for (const auto& cell : row) CHECK(cell.find("13912345678") == std::string::npos);
  bool phone_change_listed = false;
  for (const auto& changes : column(rows, 11)) phone_change_listed |= changes.find("contact_phone") != std::string::npos;
  CHECK(phone_change_listed);

  // The filters of the JSON list, in the export too.
  const auto bureau_rows = firstColumn(city.query("SELECT seq FROM audit_log WHERE actor_login = 'bureau' ORDER BY seq"));
  REQUIRE(!bureau_rows.empty());
  CHECK(column(download(city, "auditor", "/api/v1/audit?format=xlsx&user=bureau", "xlsx"), 0) == bureau_rows);
  CHECK(jsonIds(city, "auditor", "/api/v1/audit?user=bureau", "seq") == bureau_rows);

  CHECK(city.as("bureau", "GET", "/api/v1/audit?format=csv").status == 403);
  CHECK(city.as("weidu", "GET", "/api/v1/audit?format=xlsx").status == 403);
}

TEST_CASE("list exports: more rows than trellis.export.max_rows are refused, never cut short", "[http][export]") {
  DemoCity city(200, {{"trellis.export.max_rows", "3"}});
  loadLiaisonDemo(city);
  for (const std::string path : {"/api/v1/contacts?format=csv", "/api/v1/graph/nodes?format=xlsx",
                                 "/api/v1/pools/hnte_reserve/milestones?due_before=2030-12-31&format=csv"}) {
    INFO(path);
    auto r = city.as("bureau", "GET", path);
    CHECK(r.status == 422);
    CHECK(r.json["error"]["code"] == "export_too_large");
    CHECK(r.json["error"]["field"] == "format");
  }
  auto audit = city.as("auditor", "GET", "/api/v1/audit?format=csv");
  CHECK(audit.status == 422);
  CHECK(audit.json["error"]["code"] == "export_too_large");
}

TEST_CASE("trellis export writes a list's rows to a file, as the system or as a named user", "[http][export][cli]") {
  DemoCity city(200);
  loadLiaisonDemo(city);
  const fs::path dir = city.server().dir();
  auto readFile = [&](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return httptest::readBack(bytes.str(), dir.string(), p.extension().string().substr(1));
  };

  // The system's export is the bureau's list: every contact.
  std::string out;
  REQUIRE(city.server().cli({"export", "--kind", "contacts", "--out", (dir / "all.csv").string()}, "", &out) == 0);
  auto report = nlohmann::json::parse(out.substr(out.find('{')));
  auto every = jsonIds(city, "bureau", "/api/v1/contacts");
  CHECK(report["rows"] == every.size());
  CHECK(column(readFile(dir / "all.csv"), 0) == every);

  // --as: that user's scope — the county officer's problems, as its own download has them.
  REQUIRE(city.server().cli({"export", "--kind", "problems", "--as", "weidu", "--out", (dir / "weidu.xlsx").string()}, "",
                            &out) == 0);
  CHECK(column(readFile(dir / "weidu.xlsx"), 0) == column(download(city, "weidu", "/api/v1/problems?format=csv", "csv"), 0));
  REQUIRE(city.server().cli({"export", "--kind", "pool_members", "--pool", "hnte_reserve", "--as", "weidu", "--out",
                             (dir / "pool.csv").string()}, "", &out) == 0);
  auto pool = readFile(dir / "pool.csv");
  CHECK(pool.size() > 1);
  CHECK(column(pool, 0) == column(download(city, "weidu", "/api/v1/pools/hnte_reserve/members?format=csv", "csv"), 0));

  // Refusals write nothing: a role without the permission, an unknown kind, no --out.
  CHECK(city.server().cli({"export", "--kind", "audit", "--as", "weidu", "--out", (dir / "audit.csv").string()}, "", &out) != 0);
  CHECK(out.find("may not read audit") != std::string::npos);
  CHECK(!fs::exists(dir / "audit.csv"));
  CHECK(city.server().cli({"export", "--kind", "planets", "--out", (dir / "x.csv").string()}, "", &out) != 0);
  CHECK(out.find("--kind") != std::string::npos);
  CHECK(city.server().cli({"export", "--kind", "contacts", "--out", (dir / "x.pdf").string()}, "", &out) != 0);
  CHECK(city.server().cli({"export", "--kind", "contacts"}, "", &out) != 0);
  CHECK(out.find("--out") != std::string::npos);
  // A refusal found while writing (no pool named) leaves neither the file nor its partial copy.
  CHECK(city.server().cli({"export", "--kind", "pool_members", "--out", (dir / "pool2.csv").string()}, "", &out) != 0);
  CHECK(out.find("--pool") != std::string::npos);
  CHECK(!fs::exists(dir / "pool2.csv"));
  CHECK(!fs::exists(dir / "x.csv"));
  CHECK(!fs::exists(dir / "x.pdf"));
  for (const auto& entry : fs::directory_iterator(dir))
    CHECK(entry.path().filename().string().find(".partial-") == std::string::npos);
}

}  // namespace trellis::consistencytest
