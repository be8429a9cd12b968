#include "import_support.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sqlite3.h>
#include <stdexcept>
#include <xlsxwriter.h>

#include "process_util.h"

namespace trellis::test {

const nlohmann::json& rowOf(const HttpResponse& r, std::int64_t number) {
  for (const auto& row : r.json["rows"])
    if (row["row"] == number) return row;
  FAIL("no row " << number << " in " << r.body);
  throw std::logic_error("unreachable");
}

std::int64_t sqlCount(TestServer& server, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(server.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

void registerEnterprise(TestServer& server, const std::string& uscc, const std::string& name, const std::string& region,
                        const std::vector<std::string>& aliases) {
  nlohmann::json body = {{"uscc", uscc}, {"name", name}, {"region", region}, {"aliases", aliases}};
  auto r = server.post("/api/v1/enterprises", body.dump());
  INFO(r.body);
  REQUIRE(r.status == 201);
}

// A CSV file converted to GB18030 by iconv, as older county systems export it.
std::string gb18030Of(TestServer& server, const std::string& csv, const std::string& name) {
  std::string utf8 = server.dir() + "/" + name + ".csv", gbk = server.dir() + "/" + name + "-gbk.csv";
  std::ofstream(utf8, std::ios::binary) << csv;
  REQUIRE(std::system(("iconv -f UTF-8 -t GB18030 " + utf8 + " > " + gbk).c_str()) == 0);
  std::string bytes = testutil::readFile(gbk);
  REQUIRE(bytes != csv);
  return bytes;
}

// An XLSX of one sheet holding rows (the first the header) as text cells, by libxlsxwriter.
std::string xlsxOf(TestServer& server, const std::vector<std::vector<std::string>>& rows, const std::string& name) {
  std::string path = server.dir() + "/" + name + ".xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Sheet1");
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      if (!rows[r][c].empty())
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c].c_str(), nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  return testutil::readFile(path);
}

HttpResponse uploadKind(TestServer& server, const std::string& kind, const std::string& bytes, const std::string& type) {
  return server.request("POST", "/api/v1/imports?kind=" + kind, bytes, {}, type);
}

// The first error of a refused row as "column|code".
std::string refusalOf(const HttpResponse& r, std::int64_t number) {
  const auto& row = rowOf(r, number);
  INFO(row.dump());
  REQUIRE(row["status"] == "refused");
  REQUIRE(row["errors"].size() >= 1);
  return row["errors"][0]["column"].get<std::string>() + "|" + row["errors"][0]["code"].get<std::string>();
}

void checkCounts(const HttpResponse& up, int rows, int created, int updated, int unchanged, int refused) {
  INFO(up.body);
  REQUIRE(up.status == 201);
  const auto& c = up.json["batch"]["counts"];
  CHECK(c["rows"] == rows);
  CHECK(c["new"] == created);
  CHECK(c["updated"] == updated);
  CHECK(c["unchanged"] == unchanged);
  CHECK(c["refused"] == refused);
}

std::string batchPath(const HttpResponse& up) {
  return "/api/v1/imports/" + std::to_string(up.json["batch"]["id"].get<std::int64_t>());
}

// A diff of a row's report: {field, from, to}; FAILs when the row has none for field.
nlohmann::json diffOf(const HttpResponse& r, std::int64_t number, const std::string& field) {
  for (const auto& d : rowOf(r, number).value("diffs", nlohmann::json::array()))
    if (d["field"] == field) return d;
  FAIL("row " << number << " has no diff of " << field << ": " << rowOf(r, number).dump());
  throw std::logic_error("unreachable");
}

}  // namespace trellis::test
