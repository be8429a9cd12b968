// The import preview, column mapping, saved mappings, progress and error filter over HTTP (issue
// 12 "pick the sheet and check the mapping on a preview of the first rows", "a saved mapping per
// template", "a progress figure for large commits", "filter by error, download it"), against the
// real `trellis serve` and its SQLite file. Every refusal is checked to change nothing.
#include <sqlite3.h>
#include <xlsxwriter.h>

#include <Poco/URI.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "import_support.h"
#include "table_readback.h"
#include "test_server.h"

namespace trellis::test {
namespace {

namespace fs = std::filesystem;

// A query parameter's value, percent-encoded (UTF-8 bytes and the characters the query syntax uses).
std::string percentEncode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]%\" {}", out);
  return out;
}

HttpResponse upload(TestServer& server, const std::string& bytes, const std::string& query = "kind=enterprises") {
  return server.request("POST", "/api/v1/imports?" + query, bytes, {}, "text/csv");
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::size_t filesIn(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

// A file whose header the config cannot fully map: 单位全称 (the name, required) and 办公地址 are
// no synonyms of config/import.json.
struct MappingWorld {
  TestServer server;
  std::string known = validUscc("411002", 8101);  // registered: the file updates its address
  std::string fresh = validUscc("411002", 8102);  // new in the file

  explicit MappingWorld(ServerOptions o = {}) : server(std::move(o)) {
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(known, "许昌映射甲科技有限公司")).status == 201);
  }

  std::string csv() const {
    return "统一社会信用代码,单位全称,所属县区,办公地址\n" + known + ",许昌映射甲科技有限公司,魏都区,许昌市魏都区映射路1号\n" + fresh +
           ",许昌映射乙科技有限公司,魏都区,许昌市魏都区映射路2号\n";
  }
  static std::string mapping() { return R"({"单位全称":"name","办公地址":"address"})"; }
  std::int64_t batches() { return sqlCount(server, "SELECT count(*) FROM import_batch"); }
  std::int64_t saved() { return sqlCount(server, "SELECT count(*) FROM import_saved_mapping"); }
  fs::path incoming() const { return fs::path(server.dir()) / "imports" / "incoming"; }
};

const nlohmann::json& columnOf(const nlohmann::json& preview, const std::string& header) {
  for (const auto& c : preview["columns"])
    if (c["header"] == header) return c;
  FAIL("no column " << header << " in " << preview.dump());
  throw std::logic_error("unreachable");
}

// An XLSX with a notes sheet first and the list on the second sheet, 12 data rows below a title.
std::string twoSheetXlsx(const fs::path& dir, const std::vector<std::string>& codes) {
  std::string path = (dir / "two-sheets.xlsx").string();
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* notes = workbook_add_worksheet(wb, "说明");
  worksheet_write_string(notes, 0, 0, "本表由县区填报", nullptr);
  lxw_worksheet* list = workbook_add_worksheet(wb, "企业名单");
  worksheet_write_string(list, 0, 0, "许昌市企业名单（2026）", nullptr);
  const char* header[] = {"统一社会信用代码", "企业名称", "所属县区", "备注列"};
  for (int c = 0; c < 4; ++c) worksheet_write_string(list, 1, static_cast<lxw_col_t>(c), header[c], nullptr);
  for (std::size_t r = 0; r < codes.size(); ++r) {
    auto row = static_cast<lxw_row_t>(r + 2);
    worksheet_write_string(list, row, 0, codes[r].c_str(), nullptr);
    worksheet_write_string(list, row, 1, ("许昌两表科技有限公司" + std::to_string(r + 1)).c_str(), nullptr);
    worksheet_write_string(list, row, 2, "魏都区", nullptr);
    worksheet_write_string(list, row, 3, "备注", nullptr);
  }
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  return readFile(path);
}

}  // namespace

TEST_CASE("import mapping: the upload answers with the preview: sheets, header row, first rows, column → field",
          "[http][import][mapping]") {
  MappingWorld w;
  std::vector<std::string> codes;
  for (int i = 0; i < 12; ++i) codes.push_back(validUscc("411002", 8200 + static_cast<std::uint64_t>(i)));
  std::string xlsx = twoSheetXlsx(w.server.dir(), codes);

  // The first sheet holds no header: header_not_found naming the sheets to choose from, nothing kept.
  auto first = w.server.request("POST", "/api/v1/imports?kind=enterprises", xlsx, {}, "application/octet-stream");
  CHECK(first.status == 422);
  CHECK(first.json["error"]["code"] == "header_not_found");
  CHECK(first.json["error"]["sheets"] == nlohmann::json::parse(R"([{"name":"说明","hidden":false},{"name":"企业名单","hidden":false}])"));
  CHECK(w.batches() == 0);

  auto r = w.server.request("POST", "/api/v1/imports?kind=enterprises&sheet=" + percentEncode("企业名单"), xlsx, {},
                            "application/octet-stream");
  INFO(r.body);
  REQUIRE(r.status == 201);
  const auto& p = r.json["preview"];
  CHECK(p["format"] == "xlsx");
  REQUIRE(p["sheets"].size() == 2);
  CHECK(p["sheets"][0]["name"] == "说明");
  CHECK(p["sheets"][1]["name"] == "企业名单");
  CHECK(p["sheet"] == "企业名单");
  CHECK(p["header_row"] == 2);
  CHECK(p["header"] == nlohmann::json({"统一社会信用代码", "企业名称", "所属县区", "备注列"}));
  REQUIRE(p["rows"].size() == 10);  // the first ten of twelve
  CHECK(p["rows"][0]["row"] == 3);
  CHECK(p["rows"][0]["cells"][0] == codes[0]);
  CHECK(p["rows"][9]["cells"][1] == "许昌两表科技有限公司10");
  CHECK(columnOf(p, "统一社会信用代码")["field"] == "uscc");
  CHECK(columnOf(p, "企业名称")["field"] == "name");
  CHECK(columnOf(p, "企业名称")["required"] == true);
  CHECK(columnOf(p, "备注列")["field"].is_null());
  CHECK(columnOf(p, "备注列")["ignored"] == false);
  CHECK(p["mapping_source"] == "config");
  CHECK(p["saved_mapping"].is_null());
  CHECK(p["fields"][0]["key"] == "uscc");
  CHECK(r.json["batch"]["counts"]["rows"] == 12);
  CHECK(r.json["progress"].is_null());

  // The stored batch's preview reads the stored file the same way; another county's is absent.
  std::string base = "/api/v1/imports/" + std::to_string(r.json["batch"]["id"].get<std::int64_t>());
  auto again = w.server.get(base + "/preview");
  REQUIRE(again.status == 200);
  CHECK(again.json["preview"]["rows"] == p["rows"]);
  CHECK(again.json["preview"]["columns"] == p["columns"]);
  REQUIRE(w.server.addUser("county.b", "county", "411082", "County#Password-1b"));
  std::string bureau = w.server.token();
  w.server.setToken(w.server.signIn("county.b", "County#Password-1b"));
  auto hidden = w.server.get(base + "/preview");
  auto absent = w.server.get("/api/v1/imports/999999/preview");
  CHECK(hidden.status == 404);
  CHECK(hidden.json["error"]["code"] == "import_not_found");
  CHECK(hidden.json["error"]["message"] == absent.json["error"]["message"]);
  w.server.setToken(bureau);
}

TEST_CASE("import mapping: a header the config cannot map is 422 with the preview; sent again with a mapping it imports",
          "[http][import][mapping]") {
  MappingWorld w;
  auto refused = upload(w.server, w.csv());
  INFO(refused.body);
  REQUIRE(refused.status == 422);
  CHECK(refused.json["error"]["code"] == "header_unmapped");
  const auto& p = refused.json["error"]["preview"];
  CHECK(columnOf(p, "单位全称")["field"].is_null());
  CHECK(columnOf(p, "办公地址")["field"].is_null());
  CHECK(columnOf(p, "所属县区")["field"] == "region");
  CHECK(p["rows"].size() == 2);
  CHECK(p["problems"][0]["code"] == "missing_required");
  CHECK(w.batches() == 0);
  CHECK(filesIn(w.incoming()) == 0);

  auto r = upload(w.server, w.csv(), "kind=enterprises&name=x.csv&mapping=" + percentEncode(MappingWorld::mapping()));
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(r.json["batch"]["mapping_source"] == "request");
  CHECK(r.json["batch"]["mapping"] == nlohmann::json::parse(MappingWorld::mapping()));
  CHECK(r.json["preview"]["mapping_source"] == "request");
  CHECK(columnOf(r.json["preview"], "单位全称")["field"] == "name");
  CHECK(r.json["batch"]["counts"]["new"] == 1);
  CHECK(r.json["batch"]["counts"]["updated"] == 1);
  CHECK(rowOf(r, 2)["diffs"][0]["field"] == "address");
  CHECK(w.saved() == 0);  // not asked to save

  // The commit and the error download read the file with the batch's mapping.
  std::string base = "/api/v1/imports/" + std::to_string(r.json["batch"]["id"].get<std::int64_t>());
  auto commit = w.server.post(base + "/commit", "{}");
  INFO(commit.body);
  REQUIRE(commit.status == 200);
  CHECK(commit.json["written"] == 2);
  auto created = w.server.get("/api/v1/enterprises/" + w.fresh);
  REQUIRE(created.status == 200);
  CHECK(created.json["name"] == "许昌映射乙科技有限公司");
  CHECK(created.json["address"] == "许昌市魏都区映射路2号");
}

TEST_CASE("import mapping: a bad mapping is 422 naming the mapping and changes nothing", "[http][import][mapping]") {
  MappingWorld w;
  struct Bad {
    std::string mapping, code;
  };
  std::vector<Bad> cases = {
      {"{not json", "invalid_json"},
      {R"(["name"])", "wrong_type"},
      {R"({"单位全称":7})", "wrong_type"},
      {R"({"没有这一列":"name"})", "unknown_column"},
      {R"({"单位全称":"no_such_field"})", "unknown_field"},
      // Two columns for one field, and a required field left out: the mapping leaves the header unmapped.
      {R"({"单位全称":"name","办公地址":"name"})", "header_unmapped"},
      {R"({"办公地址":"address"})", "header_unmapped"},
  };
  for (const auto& c : cases) {
    INFO(c.mapping);
    auto r = upload(w.server, w.csv(), "kind=enterprises&mapping=" + percentEncode(c.mapping));
    INFO(r.body);
    CHECK(r.status == (c.code == "invalid_json" ? 400 : 422));
    CHECK(r.json["error"]["code"] == c.code);
    CHECK(r.json["error"]["field"] == "mapping");
  }
  auto unsaved = upload(w.server, w.csv(), "kind=enterprises&save_mapping=1");
  CHECK(unsaved.status == 422);
  CHECK(unsaved.json["error"]["code"] == "required");
  CHECK(unsaved.json["error"]["field"] == "mapping");
  CHECK(w.batches() == 0);
  CHECK(w.saved() == 0);
  CHECK(filesIn(w.incoming()) == 0);
  CHECK(w.server.get("/api/v1/enterprises/" + w.fresh).status == 404);
}

TEST_CASE("import mapping: a checked batch is checked again with another mapping or sheet; audited; refusals change nothing",
          "[http][import][mapping]") {
  MappingWorld w;
  // A file the config maps, but whose 备注 column the user means as the address.
  std::string csv = "统一社会信用代码,企业名称,所属县区,备注\n" + w.known + ",许昌映射甲科技有限公司,魏都区,许昌市魏都区映射路9号\n";
  auto up = upload(w.server, csv);
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["counts"]["unchanged"] == 1);
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());

  auto rows_before = sqlCount(w.server, "SELECT count(*) FROM import_row");
  struct Bad {
    std::string body, code, field;
  };
  std::vector<Bad> cases = {
      {R"({"mapping":{"备注":"nope"}})", "unknown_field", "mapping"},
      {R"({"mapping":{"地址":"address"}})", "unknown_column", "mapping"},
      {R"({"mapping":"address"})", "wrong_type", "mapping"},
      {R"({"sheet":5})", "wrong_type", "sheet"},
      {R"({"save_mapping":true})", "required", "mapping"},
      {R"({"mapping":{"备注":"address"},"extra":1})", "unknown_field", "extra"},
      {"{\"sheet\":\"企业\u202e名单\"}", "control_character", "sheet"},
  };
  for (const auto& c : cases) {
    auto r = w.server.post(base + "/mapping", c.body);
    INFO(c.body << " → " << r.body);
    CHECK(r.status == 422);
    CHECK(r.json["error"]["code"] == c.code);
    CHECK(r.json["error"]["field"] == c.field);
  }
  CHECK(sqlCount(w.server, "SELECT count(*) FROM import_row") == rows_before);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.recheck'") == 0);
  CHECK(w.server.get(base).json["batch"]["counts"]["unchanged"] == 1);

  auto r = w.server.post(base + "/mapping", R"({"mapping":{"备注":"address"}})");
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["batch"]["counts"]["updated"] == 1);
  CHECK(r.json["batch"]["counts"]["unchanged"] == 0);
  CHECK(r.json["batch"]["mapping"] == nlohmann::json::parse(R"({"备注":"address"})"));
  CHECK(rowOf(r, 2)["diffs"][0]["to"] == "许昌市魏都区映射路9号");
  CHECK(columnOf(r.json["preview"], "备注")["field"] == "address");
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.recheck' AND object_id = '" +
                               std::to_string(up.json["batch"]["id"].get<std::int64_t>()) + "'") == 1);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM import_row") == rows_before);  // replaced, not added

  // An ignored column: the address is no longer compared.
  auto ignored = w.server.post(base + "/mapping", R"({"mapping":{"备注":null}})");
  REQUIRE(ignored.status == 200);
  CHECK(ignored.json["batch"]["counts"]["unchanged"] == 1);
  CHECK(columnOf(ignored.json["preview"], "备注")["ignored"] == true);
  // A CSV has no sheets: a sheet name is xlsx-only and ignored by the CSV reader.
  auto commit = w.server.post(base + "/commit", "{}");
  REQUIRE(commit.status == 200);
  auto late = w.server.post(base + "/mapping", R"({"mapping":{"备注":"address"}})");
  CHECK(late.status == 409);
  CHECK(late.json["error"]["code"] == "import_not_checked");

  // Scope: another county's batch looks absent.
  REQUIRE(w.server.addUser("county.b", "county", "411082", "County#Password-1b"));
  w.server.setToken(w.server.signIn("county.b", "County#Password-1b"));
  auto hidden = w.server.post(base + "/mapping", R"({"mapping":{"备注":"address"}})");
  auto absent = w.server.post("/api/v1/imports/999999/mapping", R"({"mapping":{"备注":"address"}})");
  CHECK(hidden.status == 404);
  CHECK(hidden.json["error"]["code"] == "import_not_found");
  CHECK(hidden.json["error"]["message"] == absent.json["error"]["message"]);
}

TEST_CASE("import mapping: another sheet of a stored XLSX is checked again; an unknown sheet is refused",
          "[http][import][mapping]") {
  MappingWorld w;
  std::vector<std::string> codes = {validUscc("411002", 8301), validUscc("411002", 8302)};
  std::string xlsx = twoSheetXlsx(w.server.dir(), codes);
  // Both sheets named on upload: start on the list, then move away and back.
  auto up = w.server.request("POST", "/api/v1/imports?kind=enterprises&sheet=" + percentEncode("企业名单"), xlsx, {},
                             "application/octet-stream");
  REQUIRE(up.status == 201);
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  auto wrong = w.server.post(base + "/mapping", R"({"sheet":"没有的表"})");
  CHECK(wrong.status == 422);
  CHECK(wrong.json["error"]["code"] == "xlsx_no_sheet");
  auto notes = w.server.post(base + "/mapping", R"({"sheet":"说明"})");
  CHECK(notes.status == 422);  // no header there
  CHECK(notes.json["error"]["code"] == "header_not_found");
  auto page = w.server.get(base);
  CHECK(page.json["batch"]["sheet"] == "企业名单");
  CHECK(page.json["batch"]["counts"]["rows"] == 2);
  auto back = w.server.post(base + "/mapping", R"({"sheet":"企业名单","mapping":{"备注列":null}})");
  INFO(back.body);
  REQUIRE(back.status == 200);
  CHECK(back.json["preview"]["sheet"] == "企业名单");
  CHECK(back.json["batch"]["counts"]["new"] == 2);
}

TEST_CASE("import mapping: a saved mapping is applied to the next file with that header, listed, shared and deleted",
          "[http][import][mapping]") {
  MappingWorld w;
  auto first = upload(w.server, w.csv(), "kind=enterprises&save_mapping=true&mapping=" + percentEncode(MappingWorld::mapping()));
  INFO(first.body);
  REQUIRE(first.status == 201);
  CHECK(w.saved() == 1);
  CHECK(first.json["batch"]["saved_mapping_id"].is_number_integer());
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.mapping_save'") == 1);

  // The same header, spaced and marked differently, from a county officer: the saved mapping applies.
  REQUIRE(w.server.addUser("county.a", "county", "411002", "County#Password-1a"));
  std::string bureau = w.server.token();
  w.server.setToken(w.server.signIn("county.a", "County#Password-1a"));
  std::string again = "统一社会信用代码*, 单位全称 ,所属县区,办公地址\n" + w.fresh + ",许昌映射乙科技有限公司,魏都区,许昌市魏都区映射路3号\n";
  auto second = upload(w.server, again);
  INFO(second.body);
  REQUIRE(second.status == 201);
  CHECK(second.json["batch"]["mapping_source"] == "saved");
  CHECK(second.json["preview"]["saved_mapping"]["saved_by"] == "tester");
  CHECK(columnOf(second.json["preview"], " 单位全称 ")["field"] == "name");

  auto list = w.server.get("/api/v1/imports/mappings?kind=enterprises");
  INFO(list.body);
  REQUIRE(list.status == 200);
  REQUIRE(list.json["items"].size() == 1);
  const auto& m = list.json["items"][0];
  CHECK(m["kind"] == "enterprises");
  CHECK(m["header"][1] == "单位全称");
  CHECK(m["mapping"]["办公地址"] == "address");
  CHECK(w.server.get("/api/v1/imports/mappings?kind=designations").json["items"].empty());
  auto bad_kind = w.server.get("/api/v1/imports/mappings?kind=nope");
  CHECK(bad_kind.status == 422);
  CHECK(bad_kind.json["error"]["field"] == "kind");
  CHECK(w.server.get("/api/v1/imports/mappings?sort=1").status == 422);

  // Saving again for the same header replaces the mapping (one per kind and header).
  std::string base = "/api/v1/imports/" + std::to_string(second.json["batch"]["id"].get<std::int64_t>());
  auto resave = w.server.post(base + "/mapping", R"({"mapping":{"单位全称":"name","办公地址":null},"save_mapping":true})");
  INFO(resave.body);
  REQUIRE(resave.status == 200);
  CHECK(w.saved() == 1);
  CHECK(w.server.get("/api/v1/imports/mappings").json["items"][0]["mapping"]["办公地址"].is_null());

  std::string id = std::to_string(m["id"].get<std::int64_t>());
  auto del = w.server.del("/api/v1/imports/mappings/" + id);
  REQUIRE(del.status == 200);
  CHECK(w.saved() == 0);
  CHECK(sqlCount(w.server, "SELECT count(*) FROM audit_log WHERE action = 'import.mapping_delete' AND object_id = '" + id + "'") == 1);
  auto gone = w.server.del("/api/v1/imports/mappings/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.json["error"]["code"] == "import_mapping_not_found");
  CHECK(w.server.del("/api/v1/imports/mappings/abc").status == 404);
  // Without it, the header is the config's again: 单位全称 unknown.
  w.server.setToken(bureau);
  CHECK(upload(w.server, again).status == 422);
}

TEST_CASE("import progress: while a commit waits for its write transaction, the batch reports 0 rows done of its total; none after",
          "[http][import][progress]") {
  MappingWorld w;
  std::string csv = "统一社会信用代码,企业名称,所属县区\n";
  for (int i = 0; i < 40; ++i)
    csv += validUscc("411002", 8400 + static_cast<std::uint64_t>(i)) + ",许昌进度科技有限公司" + std::to_string(i) + ",魏都区\n";
  auto up = upload(w.server, csv);
  REQUIRE(up.status == 201);
  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  CHECK(w.server.get(base).json["progress"].is_null());

  // Another writer holds the database: the commit waits for the write lock (busy timeout 5 s),
  // and meanwhile its progress is visible, though nothing of it is in the database.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(w.server.dbPath().c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto commit = std::async(std::launch::async, [&] { return w.server.post(base + "/commit", "{}"); });
  nlohmann::json seen;
  for (int i = 0; i < 60 && seen.is_null(); ++i) {
    auto r = w.server.get(base + "?limit=1");
    REQUIRE(r.status == 200);
    seen = r.json["progress"];
    if (seen.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(w.server.get(base).json["batch"]["status"] == "checked");
  REQUIRE(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto done = commit.get();
  INFO(done.body);
  REQUIRE(done.status == 200);
  INFO(seen.dump());
  REQUIRE(seen.is_object());
  CHECK(seen["action"] == "commit");
  CHECK(seen["total"] == 40);
  CHECK(seen["done"] == 0);
  auto after = w.server.get(base);
  CHECK(after.json["progress"].is_null());
  CHECK(after.json["batch"]["status"] == "committed");
}

TEST_CASE("import errors: the report filters rows by error code and column, and the download holds what is filtered",
          "[http][import][errors]") {
  MappingWorld w;
  std::string bad_code = validUscc("411002", 8501);
  bad_code.back() = bad_code.back() == '0' ? '1' : '0';  // a wrong check character
  std::string csv = "统一社会信用代码,企业名称,所属县区,成立日期\n" + validUscc("411002", 8502) + ",许昌筛选甲有限公司,魏都区,2020-01-02\n" +
                    bad_code + ",许昌筛选乙有限公司,魏都区,2020-01-02\n" + validUscc("411002", 8503) +
                    ",许昌筛选丙有限公司,魏都区,不是日期\n" + validUscc("411002", 8504) + ",许昌筛选丁有限公司,魏都区,也不是\n";
  auto up = upload(w.server, csv);
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(up.json["batch"]["counts"]["refused"] == 3);
  const auto& summary = up.json["batch"]["error_summary"];
  REQUIRE(summary.size() == 2);
  CHECK(summary[0]["code"] == "not_a_date");
  CHECK(summary[0]["column"] == "成立日期");
  CHECK(summary[0]["rows"] == 2);
  CHECK(summary[1]["code"] == "uscc_checksum");
  CHECK(summary[1]["rows"] == 1);

  std::string base = "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
  auto dates = w.server.get(base + "?code=not_a_date");
  REQUIRE(dates.status == 200);
  REQUIRE(dates.json["rows"].size() == 2);
  CHECK(dates.json["rows"][0]["row"] == 4);
  CHECK(dates.json["rows"][1]["row"] == 5);
  auto by_column = w.server.get(base + "?column=" + percentEncode("成立日期") + "&status=refused");
  CHECK(by_column.json["rows"].size() == 2);
  CHECK(w.server.get(base + "?code=uscc_checksum&column=" + percentEncode("成立日期")).json["rows"].empty());
  auto paged = w.server.get(base + "?code=not_a_date&limit=1");
  CHECK(paged.json["rows"].size() == 1);
  CHECK(paged.json["next_after_row"] == 4);
  CHECK(w.server.get(base + "?code=not_a_date&after_row=4").json["rows"][0]["row"] == 5);

  auto csv_out = w.server.get(base + "/errors?format=csv&code=not_a_date");
  REQUIRE(csv_out.status == 200);
  auto sheet = httptest::readBack(csv_out.body, w.server.dir(), "csv");
  REQUIRE(sheet.size() == 3);  // header + the two rows
  CHECK(sheet[1][0] == "4");
  CHECK(sheet[2][0] == "5");
  auto all = httptest::readBack(w.server.get(base + "/errors?format=csv").body, w.server.dir(), "csv");
  CHECK(all.size() == 5);

  for (const std::string& q : {std::string("?code=Not-A-Code"), "?code=" + std::string(65, 'a')}) {
    auto r = w.server.get(base + q);
    CHECK(r.status == 422);
    CHECK(r.json["error"]["field"] == "code");
    CHECK(w.server.get(base + "/errors" + q).status == 422);
  }
  auto control = w.server.get(base + "?column=%01");
  CHECK(control.status == 422);
  CHECK(control.json["error"]["field"] == "column");
}

}  // namespace trellis::test
