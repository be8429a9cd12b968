// Import batches over HTTP (issue 12) against the real `trellis serve` and its SQLite file:
// upload (CSV in UTF-8 and GB18030 via iconv, XLSX written by libxlsxwriter) and the stored
// dry-run report, commit (all or none, only_valid) with its audit rows, revert (and its refusal
// when a record moved on since), county scope, the upload's own size limit, and bad files.
#include <sqlite3.h>
#include <sys/wait.h>
#include <xlsxwriter.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "import_support.h"
#include "test_server.h"

namespace trellis::test {
namespace {

namespace fs = std::filesystem;

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void writeFile(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

HttpResponse upload(TestServer& server, const std::string& bytes, const std::string& query = "kind=enterprises",
                    const std::string& type = "text/csv") {
  return server.request("POST", "/api/v1/imports?" + query, bytes, {}, type);
}

// Files left in the import directory's incoming/ (a refused upload must leave none) and batch
// files kept (one per stored batch).
std::size_t filesIn(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

struct ImportWorld {
  TestServer server;
  std::string known = validUscc("411002", 7101);   // registered before the import
  std::string fresh = validUscc("411002", 7102);   // new in the file
  std::string same = validUscc("411002", 7103);    // registered, the file repeats it unchanged

  explicit ImportWorld(ServerOptions o = {}) : server(std::move(o)) {
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(known, "许昌导入甲科技有限公司")).status == 201);
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(same, "许昌导入乙科技有限公司")).status == 201);
  }

  // Header on row 2 below a title row; data rows 3 (update), 4 (new), 5 (unchanged).
  std::string csv(const std::string& extra_rows = "") const {
    return "许昌市企业名单\n"
           "统一社会信用代码,企业名称,所属县区,地址\n" +
           known + ",许昌导入甲科技有限公司,魏都区,许昌市魏都区二号\n" + fresh + ",许昌导入丙科技有限公司,411002,许昌市魏都区三号\n" +
           same + ",许昌导入乙科技有限公司,魏都区,\n" + extra_rows;
  }

  fs::path importDir() const { return fs::path(server.dir()) / "imports"; }
  nlohmann::json enterprise(const std::string& uscc) {
    auto r = server.get("/api/v1/enterprises/" + uscc);
    REQUIRE(r.status == 200);
    return r.json;
  }
};

void checkGoodReport(const HttpResponse& r, const std::string& known) {
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(r.json["batch"]["status"] == "checked");
  CHECK(r.json["batch"]["kind"] == "enterprises");
  CHECK(r.json["batch"]["header_row"] == 2);
  CHECK(r.json["batch"]["counts"]["rows"] == 3);
  CHECK(r.json["batch"]["counts"]["new"] == 1);
  CHECK(r.json["batch"]["counts"]["updated"] == 1);
  CHECK(r.json["batch"]["counts"]["unchanged"] == 1);
  CHECK(r.json["batch"]["counts"]["refused"] == 0);
  CHECK(r.json["batch"]["sha256"].get<std::string>().size() == 64);
  const auto& updated = rowOf(r, 3);
  CHECK(updated["status"] == "updated");
  CHECK(updated["uscc"] == known);
  REQUIRE(updated["diffs"].size() == 1);
  CHECK(updated["diffs"][0]["field"] == "address");
  CHECK(updated["diffs"][0]["to"] == "许昌市魏都区二号");
  CHECK(rowOf(r, 4)["status"] == "new");
  CHECK(rowOf(r, 5)["status"] == "unchanged");
  CHECK(r.header("Location") == "/api/v1/imports/" + std::to_string(r.json["batch"]["id"].get<std::int64_t>()));
}

}  // namespace

TEST_CASE("import: a UTF-8 CSV upload is stored with its dry run, and commit writes and audits every row",
          "[http][import]") {
  ImportWorld w;
  auto enterprises_before = sqlCount(w.server, "SELECT count(*) FROM enterprise");
  auto up = upload(w.server, w.csv(), "kind=enterprises&name=%E5%90%8D%E5%8D%95.csv");
  checkGoodReport(up, w.known);
  CHECK(up.json["batch"]["file_name"] == "名单.csv");
  std::int64_t id = up.json["batch"]["id"];
  // The dry run wrote nothing to the register; the file is kept, the spool is empty.
  CHECK(sqlCount(w.server, "SELECT count(*) FROM enterprise") == enterprises_before);
  CHECK(w.enterprise(w.known)["address"] == "");
  CHECK(filesIn(w.importDir()) == 1);
  CHECK(filesIn(w.importDir() / "incoming") == 0);

  auto got = w.server.get("/api/v1/imports/" + std::to_string(id) + "?status=updated");
  REQUIRE(got.status == 200);
  REQUIRE(got.json["rows"].size() == 1);
  CHECK(got.json["rows"][0]["row"] == 3);
  auto page = w.server.get("/api/v1/imports/" + std::to_string(id) + "?limit=2");
  REQUIRE(page.status == 200);
  CHECK(page.json["rows"].size() == 2);
  CHECK(page.json["next_after_row"] == 4);
  auto rest = w.server.get("/api/v1/imports/" + std::to_string(id) + "?limit=2&after_row=4");
  REQUIRE(rest.json["rows"].size() == 1);
  CHECK(rest.json["next_after_row"].is_null());
  auto list = w.server.get("/api/v1/imports");
  REQUIRE(list.status == 200);
  REQUIRE(list.json["items"].size() == 1);
  CHECK(list.json["items"][0]["id"] == id);

  auto audit_before = sqlCount(w.server, "SELECT count(*) FROM audit_log");
  auto c = w.server.post("/api/v1/imports/" + std::to_string(id) + "/commit", "");
  INFO(c.body);
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  CHECK(c.json["batch"]["status"] == "committed");
  CHECK(c.json["batch"]["counts"]["committed"] == 2);
  CHECK(w.enterprise(w.known)["address"] == "许昌市魏都区二号");
  CHECK(w.enterprise(w.known)["version"] == 2);
  CHECK(w.enterprise(w.fresh)["name"] == "许昌导入丙科技有限公司");
  CHECK(sqlCount(w.server, "SELECT count(*) FROM enterprise") == enterprises_before + 1);
  // One audit row per record written, and one for the batch, all in the commit's transaction.
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log") == audit_before + 3);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'enterprise.create' AND object_id = '" +
                               w.fresh + "'") == 1);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'enterprise.update' AND object_id = '" +
                               w.known + "'") == 1);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.commit' AND object_id = '" +
                               std::to_string(id) + "'") == 1);
  // A second commit of the same batch is refused.
  auto again = w.server.post("/api/v1/imports/" + std::to_string(id) + "/commit", "");
  CHECK(again.status == 409);
  CHECK(again.json["error"]["code"] == "import_not_checked");
}

TEST_CASE("import: a GB18030 CSV made by iconv and an XLSX written by libxlsxwriter give the same report",
          "[http][import]") {
  ImportWorld w;
  std::string utf8 = w.server.dir() + "/u.csv", gbk = w.server.dir() + "/g.csv";
  writeFile(utf8, w.csv());
  REQUIRE(std::system(("iconv -f UTF-8 -t GB18030 " + utf8 + " > " + gbk).c_str()) == 0);
  std::string gbk_bytes = readFile(gbk);
  REQUIRE(gbk_bytes != w.csv());
  checkGoodReport(upload(w.server, gbk_bytes), w.known);
  checkGoodReport(upload(w.server, gbk_bytes, "kind=enterprises&encoding=gb18030"), w.known);

  std::string path = w.server.dir() + "/e.xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "企业");
  worksheet_write_string(ws, 0, 0, "许昌市企业名单", nullptr);
  const char* header[] = {"统一社会信用代码", "企业名称", "所属县区", "地址"};
  for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), header[c], nullptr);
  const std::string rows[3][4] = {{w.known, "许昌导入甲科技有限公司", "魏都区", "许昌市魏都区二号"},
                                  {w.fresh, "许昌导入丙科技有限公司", "411002", "许昌市魏都区三号"},
                                  {w.same, "许昌导入乙科技有限公司", "魏都区", ""}};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c)
      if (!rows[r][c].empty())
        worksheet_write_string(ws, static_cast<lxw_row_t>(r + 2), static_cast<lxw_col_t>(c), rows[r][c].c_str(), nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  auto x = upload(w.server, readFile(path), "kind=enterprises&sheet=%E4%BC%81%E4%B8%9A",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  checkGoodReport(x, w.known);
  CHECK(x.json["batch"]["sheet"] == "企业");
  // Three batches kept, none committed: the register is untouched.
  CHECK(w.server.get("/api/v1/imports").json["items"].size() == 3);
  CHECK(w.enterprise(w.known)["version"] == 1);
}

TEST_CASE("import: all or none refuses a batch with a bad row and writes nothing; only_valid writes the rest",
          "[http][import]") {
  ImportWorld w;
  std::string bad = validUscc("411002", 7104);
  bad[17] = bad[17] == '0' ? '1' : '0';
  auto up = upload(w.server, w.csv(bad + ",许昌导入丁科技有限公司,魏都区,\n"));
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["counts"]["refused"] == 1);
  const auto& refused = rowOf(up, 6);
  CHECK(refused["status"] == "refused");
  CHECK(refused["errors"][0]["code"] == "uscc_checksum");
  CHECK(refused["errors"][0]["column"] == "统一社会信用代码");
  std::int64_t id = up.json["batch"]["id"];
  auto enterprises = sqlCount(w.server, "SELECT count(*) FROM enterprise");
  auto audits = sqlCount(w.server, "SELECT count(*) FROM audit_log");

  auto none = w.server.post("/api/v1/imports/" + std::to_string(id) + "/commit", "{}");
  INFO(none.body);
  REQUIRE(none.status == 409);
  CHECK(none.json["error"]["code"] == "import_rows_refused");
  CHECK(none.json["error"]["refused"] == 1);
  CHECK(none.json["error"]["refused_rows"][0]["row"] == 6);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM enterprise") == enterprises);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log") == audits);
  CHECK(w.enterprise(w.known)["version"] == 1);
  CHECK(w.server.get("/api/v1/imports/" + std::to_string(id)).json["batch"]["status"] == "checked");

  // The error download: the sheet's rows as uploaded, with their verdict and errors.
  auto csv = w.server.get("/api/v1/imports/" + std::to_string(id) + "/errors?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Type").rfind("text/csv", 0) == 0);
  CHECK(csv.header("Content-Disposition").find("import-" + std::to_string(id) + "-errors.csv") != std::string::npos);
  CHECK(csv.body.find("行号,统一社会信用代码,企业名称,所属县区,地址,导入结果,错误说明") != std::string::npos);
  CHECK(csv.body.find("6," + bad + ",许昌导入丁科技有限公司,魏都区,,拒绝,统一社会信用代码：统一社会信用代码校验位不符（uscc_checksum）") !=
        std::string::npos);
  CHECK(csv.body.find("3," + w.known + ",许昌导入甲科技有限公司,魏都区,许昌市魏都区二号,更新,") != std::string::npos);
  auto xlsx = w.server.get("/api/v1/imports/" + std::to_string(id) + "/errors?format=xlsx");
  REQUIRE(xlsx.status == 200);
  CHECK(xlsx.body.rfind("PK", 0) == 0);
  CHECK(w.server.get("/api/v1/imports/" + std::to_string(id) + "/errors?format=pdf").status == 422);

  auto bad_body = w.server.post("/api/v1/imports/" + std::to_string(id) + "/commit", R"({"only_valid":"yes"})");
  CHECK(bad_body.status == 422);
  auto some = w.server.post("/api/v1/imports/" + std::to_string(id) + "/commit", R"({"only_valid":true})");
  INFO(some.body);
  REQUIRE(some.status == 200);
  CHECK(some.json["written"] == 2);
  CHECK(some.json["counts"]["refused"] == 1);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM enterprise") == enterprises + 1);
  CHECK(w.enterprise(w.known)["address"] == "许昌市魏都区二号");
}

TEST_CASE("import: commit refuses a row whose record changed after the dry run", "[http][import]") {
  ImportWorld w;
  auto up = upload(w.server, w.csv());
  REQUIRE(up.status == 201);
  std::int64_t id = up.json["batch"]["id"];
  auto patched = w.server.patch("/api/v1/enterprises/" + w.known, R"({"legal_representative":"张三"})", {{"If-Match", "\"1\""}});
  REQUIRE(patched.status == 200);
  auto c = w.server.post("/api/v1/imports/" + std::to_string(id) + "/commit", "");
  REQUIRE(c.status == 409);
  CHECK(c.json["error"]["refused"] == 1);
  CHECK(c.json["error"]["refused_rows"][0]["row"] == 3);
  CHECK(c.json["error"]["refused_rows"][0]["errors"][0]["code"] == "record_changed_since_check");
  CHECK(w.server.get("/api/v1/enterprises/" + w.fresh).status == 404);
}

TEST_CASE("import: revert puts every record back, and is refused for a record changed since unless left out",
          "[http][import]") {
  ImportWorld w;
  auto up = upload(w.server, w.csv());
  REQUIRE(up.status == 201);
  std::int64_t id = up.json["batch"]["id"];
  std::string base = "/api/v1/imports/" + std::to_string(id);
  REQUIRE(w.server.post(base + "/revert", "").status == 409);  // not committed yet
  REQUIRE(w.server.post(base + "/commit", "").status == 200);

  SECTION("a clean revert restores the previous version and archives the new record") {
    auto audits = sqlCount(w.server, "SELECT count(*) FROM audit_log");
    auto r = w.server.post(base + "/revert", "");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json["restored"] == 1);
    CHECK(r.json["archived"] == 1);
    CHECK(r.json["batch"]["status"] == "reverted");
    auto known = w.enterprise(w.known);
    CHECK(known["address"] == "");
    CHECK(known["version"] == 3);  // a new version with the old values: history keeps all three
    CHECK(w.enterprise(w.fresh)["archived"] == true);
    CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log") == audits + 3);
    CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.revert'") == 1);
    CHECK(w.server.post(base + "/revert", "").status == 409);  // once only
  }

  SECTION("a record edited since is named and nothing is reverted; leaving it out reverts the rest") {
    auto patched = w.server.patch("/api/v1/enterprises/" + w.known, R"({"legal_representative":"李四"})", {{"If-Match", "\"2\""}});
    REQUIRE(patched.status == 200);
    auto refused = w.server.post(base + "/revert", "{}");
    INFO(refused.body);
    REQUIRE(refused.status == 409);
    CHECK(refused.json["error"]["code"] == "changed_since_import");
    REQUIRE(refused.json["error"]["changed_rows"].size() == 1);
    CHECK(refused.json["error"]["changed_rows"][0]["row"] == 3);
    CHECK(refused.json["error"]["changed_rows"][0]["uscc"] == w.known);
    CHECK(refused.json["error"]["changed_rows"][0]["current_version"] == 3);
    CHECK(w.enterprise(w.fresh)["archived"] == false);  // nothing was reverted

    CHECK(w.server.post(base + "/revert", R"({"exclude_rows":[99]})").status == 422);
    auto partial = w.server.post(base + "/revert", R"({"exclude_rows":[3]})");
    INFO(partial.body);
    REQUIRE(partial.status == 200);
    CHECK(partial.json["excluded"] == 1);
    CHECK(partial.json["archived"] == 1);
    CHECK(w.enterprise(w.fresh)["archived"] == true);
    auto known = w.enterprise(w.known);
    CHECK(known["legal_representative"] == "李四");
    CHECK(known["address"] == "许昌市魏都区二号");
  }
}

TEST_CASE("import: a county imports only its own region's rows and sees only its own batches", "[http][import]") {
  ImportWorld w;
  REQUIRE(w.server.addUser("county.a", "county", "411002", "County#Password-1a"));
  REQUIRE(w.server.addUser("county.b", "county", "411082", "County#Password-1b"));
  std::string bureau = w.server.token();
  std::string a = w.server.signIn("county.a", "County#Password-1a");
  std::string b = w.server.signIn("county.b", "County#Password-1b");
  std::string other = validUscc("411082", 7105);

  w.server.setToken(a);
  auto up = upload(w.server, w.csv(other + ",长葛导入科技有限公司,长葛市,\n"));
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["region_scope"] == "411002");
  CHECK(rowOf(up, 6)["errors"][0]["code"] == "region_out_of_scope");
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());

  w.server.setToken(b);
  auto hidden = w.server.get(base);
  CHECK(hidden.status == 404);
  auto absent = w.server.get("/api/v1/imports/999999");
  CHECK(absent.status == 404);
  CHECK(hidden.json["error"]["code"] == absent.json["error"]["code"]);
  CHECK(hidden.json["error"]["message"] == absent.json["error"]["message"]);
  CHECK(w.server.post(base + "/commit", R"({"only_valid":true})").status == 404);
  CHECK(w.server.get("/api/v1/imports").json["items"].empty());

  w.server.setToken(bureau);
  CHECK(w.server.get(base).status == 200);
  CHECK(w.server.get("/api/v1/imports").json["items"].size() == 1);

  w.server.setToken(a);
  auto c = w.server.post(base + "/commit", R"({"only_valid":true})");
  REQUIRE(c.status == 200);
  CHECK(c.json["written"] == 2);
  w.server.setToken(bureau);
  CHECK(w.server.get("/api/v1/enterprises/" + other).status == 404);
}

TEST_CASE("import: the upload has its own size limit; over it is 413 and nothing is stored", "[http][import]") {
  ServerOptions o;
  o.properties = {{"trellis.import.max_bytes", "4096"}};
  ImportWorld w(o);
  std::string big = w.csv();
  while (big.size() <= 4096) big += ",,,\n";
  auto r = upload(w.server, big);
  CHECK(r.status == 413);
  CHECK(r.json["error"]["code"] == "body_too_large");
  CHECK(w.server.get("/api/v1/imports").json["items"].empty());
  CHECK(filesIn(w.importDir()) == 0);
  CHECK(filesIn(w.importDir() / "incoming") == 0);
  // Chunked, so the limit is met while streaming, not from Content-Length.
  std::string chunked = "POST /api/v1/imports?kind=enterprises HTTP/1.1\r\nHost: t\r\n" + w.server.authHeader() +
                        "Transfer-Encoding: chunked\r\n\r\n";
  for (std::size_t off = 0; off < big.size(); off += 1000) {
    std::string piece = big.substr(off, 1000);
    std::ostringstream hex;
    hex << std::hex << piece.size();
    chunked += hex.str() + "\r\n" + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  auto raw = w.server.raw(chunked);
  CHECK(raw.response.status == 413);
  CHECK(filesIn(w.importDir() / "incoming") == 0);
  CHECK(w.server.get("/api/v1/imports").json["items"].empty());
  // Under it the upload is taken (and the general 1 MiB body limit is not the import's).
  CHECK(upload(w.server, w.csv()).status == 201);
}

TEST_CASE("import: a file larger than the general 1 MiB body limit is taken by the upload route", "[http][import]") {
  ImportWorld w;
  std::string csv = w.csv();
  std::string filler(200, 'x');
  std::int64_t rows = 0;
  while (csv.size() <= (1u << 20) + 100000) {
    csv += ",许昌导入填充科技有限公司,魏都区," + filler + "\n";  // no code: refused, never guessed
    ++rows;
  }
  auto r = upload(w.server, csv);
  INFO(r.body.substr(0, 500));
  REQUIRE(r.status == 201);
  CHECK(r.json["batch"]["counts"]["rows"] == 3 + rows);
  CHECK(r.json["batch"]["counts"]["refused"] == rows);
  CHECK(r.json["rows"].size() == 500);  // the first page
  // The general limit still holds elsewhere.
  CHECK(w.server.post("/api/v1/enterprises", std::string((1u << 20) + 10, ' ')).status == 413);
}

TEST_CASE("import: a binary file, a truncated XLSX and an unknown kind are refused and nothing is written",
          "[http][import]") {
  ImportWorld w;
  auto enterprises = sqlCount(w.server, "SELECT count(*) FROM enterprise");
  std::string binary;
  for (int i = 0; i < 4000; ++i) binary += static_cast<char>((i * 131 + 7) % 256);
  auto b = upload(w.server, binary, "kind=enterprises", "application/octet-stream");
  INFO(b.body);
  CHECK(b.status >= 400);
  CHECK(b.status < 500);

  std::string path = w.server.dir() + "/t.xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  worksheet_write_string(ws, 0, 0, "统一社会信用代码", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  std::string xlsx = readFile(path);
  auto t = upload(w.server, xlsx.substr(0, xlsx.size() / 2));
  INFO(t.body);
  CHECK(t.status >= 400);
  CHECK(t.status < 500);

  auto k = upload(w.server, w.csv(), "kind=pools");
  CHECK(k.status == 422);
  CHECK(k.json["error"]["code"] == "unknown_kind");
  CHECK(upload(w.server, w.csv(), "kind=enterprises&encoding=latin1").status == 422);
  CHECK(upload(w.server, w.csv(), "kind=enterprises&bogus=1").status == 422);
  auto bidi = upload(w.server, w.csv(), "kind=enterprises&name=%E2%80%AEvsc.csv");  // U+202E
  CHECK(bidi.status == 422);
  CHECK(bidi.json["error"]["field"] == "name");

  CHECK(w.server.get("/api/v1/imports").json["items"].empty());
  CHECK(sqlCount(w.server, "SELECT count(*) FROM import_batch") == 0);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM enterprise") == enterprises);
  CHECK(filesIn(w.importDir()) == 0);
  CHECK(filesIn(w.importDir() / "incoming") == 0);
}

}  // namespace trellis::test

namespace trellis::test {

TEST_CASE("import: `trellis import FILE --kind enterprises` commits through the same service as HTTP",
          "[http][import][cli]") {
  ImportWorld w;
  std::string file = w.server.dir() + "/cli.csv";
  auto run = [&](const std::string& flags) {
    std::string cmd = std::string(TRELLIS_BINARY) + " import " + file + " --kind enterprises " + flags + " --config " +
                      TRELLIS_SOURCE_DIR + "/config/trellis.properties --db " + w.server.dbPath() + " > " +
                      w.server.dir() + "/cli.out 2>&1";
    int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  std::string bad = validUscc("411002", 7106);
  bad[17] = bad[17] == '0' ? '1' : '0';
  writeFile(file, w.csv(bad + ",许昌导入丁科技有限公司,魏都区,\n"));
  // All or none: a refused row, nothing written, exit 3.
  CHECK(run("") == 3);
  CHECK(readFile(w.server.dir() + "/cli.out").find("import_rows_refused") != std::string::npos);
  CHECK(w.server.get("/api/v1/enterprises/" + w.fresh).status == 404);
  // --only-valid writes the rows that pass (exit 3 still says some were refused).
  CHECK(run("--only-valid") == 3);
  CHECK(w.server.get("/api/v1/enterprises/" + w.fresh).status == 200);
  CHECK(w.enterprise(w.known)["address"] == "许昌市魏都区二号");
  auto list = w.server.get("/api/v1/imports");
  REQUIRE(list.json["items"].size() == 2);
  CHECK(list.json["items"][0]["status"] == "committed");
  CHECK(list.json["items"][0]["uploaded_by"] == "system");
  CHECK(list.json["items"][1]["status"] == "checked");
  // The user's file is copied, not taken.
  CHECK(fs::exists(file));
  // The bureau reverts the CLI's batch over HTTP.
  auto r = w.server.post("/api/v1/imports/" + std::to_string(list.json["items"][0]["id"].get<std::int64_t>()) + "/revert", "");
  CHECK(r.status == 200);
  CHECK(w.enterprise(w.fresh)["archived"] == true);
  // A clean file: exit 0.
  writeFile(file, "统一社会信用代码,企业名称,所属县区\n" + validUscc("411002", 7107) + ",许昌导入戊科技有限公司,魏都区\n");
  CHECK(run("") == 0);
  CHECK(w.server.get("/api/v1/enterprises/" + validUscc("411002", 7107)).status == 200);
}

}  // namespace trellis::test
