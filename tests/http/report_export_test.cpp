// Reports and drill-downs downloaded as CSV and XLSX from the real server (README "Exports"): the
// files are read back with io::CsvReader / io::XlsxReader and compared with the JSON figures; the
// Content-Type and the RFC 5987 filename; a county caller's export lists nothing of another
// county; a drill-down export holds every page, and a list above the configured cap is refused.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include "test_server.h"
#include "trellis/core/date.h"
#include "trellis/io/csv_reader.h"
#include "trellis/io/table_source.h"
#include "trellis/io/xlsx_reader.h"

namespace trellis::test {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Date today() { return dateAt(std::chrono::system_clock::now(), 480); }
std::string y(int offset, const char* md) { return std::to_string(today().year() + offset) + "-" + md; }

// A downloaded sheet read back: header texts and data rows of cells.
struct Sheet {
  std::vector<std::string> header;
  std::vector<std::vector<io::SourceCell>> rows;
  std::size_t col(const std::string& label) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == label) return i;
    FAIL("no column " << label);
    return 0;
  }
};

Sheet readAll(std::unique_ptr<io::RowReader> reader) {
  io::ReadLimits limits;
  io::TableSource source(std::move(reader), io::HeaderRule{}, limits);
  Sheet s;
  s.header = source.header();
  io::SourceRow row;
  while (source.next(row)) s.rows.push_back(row.cells);
  return s;
}

Sheet readCsv(const std::string& body) {
  REQUIRE(body.rfind("\xEF\xBB\xBF", 0) == 0);  // UTF-8 BOM, for Excel and WPS
  auto in = std::make_shared<std::istringstream>(body);
  struct Owning : io::RowReader {
    std::shared_ptr<std::istringstream> in;
    io::CsvReader reader;
    Owning(std::shared_ptr<std::istringstream> s) : in(s), reader(*s, io::CsvOptions{}, io::ReadLimits{}) {}
    bool next(io::SourceRow& r) override { return reader.next(r); }
  };
  return readAll(std::make_unique<Owning>(in));
}

std::string save(const TestServer& server, const std::string& name, const std::string& body) {
  std::string path = server.dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << body;
  return path;
}

Sheet readXlsx(const std::string& path, std::size_t index = 0) {
  io::SheetChoice choice;
  choice.index = index;
  return readAll(std::make_unique<io::XlsxReader>(path, choice, io::ReadLimits{}));
}

const nlohmann::json& metricOf(const nlohmann::json& progress, const std::string& key) {
  for (const auto& m : progress["metrics"])
    if (m["metric"] == key) return m;
  FAIL("no metric " << key);
  return progress;
}

// Three 魏都区 enterprises and one in 长葛市, each a tech SME this year; one 魏都 HNTE.
struct ExportServer {
  TestServer server;
  std::vector<std::string> weidu = {validUscc("411002", 9401), validUscc("411002", 9402), validUscc("411002", 9403)};
  std::string changge = validUscc("411082", 9404);
  explicit ExportServer(ServerOptions o = {}) : server(o) {
    int n = 0;
    for (const auto& u : weidu) add(u, "411002", "许昌导出电气有限公司" + std::to_string(++n));
    add(changge, "411082", "长葛导出机械有限公司");
    REQUIRE(designate(weidu[0], "hnte", y(-1, "11-20"), "GR" + std::to_string(today().year() - 1) + "41000888") == 201);
  }
  void add(const std::string& uscc, const std::string& region, const std::string& name) {
    REQUIRE(server.post("/api/v1/enterprises", enterpriseBody(uscc, name, region)).status == 201);
    REQUIRE(designate(uscc, "tech_sme", y(0, "01-01"), "R" + uscc.substr(8, 8)) == 201);
  }
  int designate(const std::string& uscc, const std::string& stage, const std::string& on, const std::string& number) {
    nlohmann::json body = {{"stage", stage}, {"starts_on", on}, {"number", number}};
    return server.post("/api/v1/enterprises/" + uscc + "/designations", body.dump()).status;
  }
  Headers as(const std::string& login, const std::string& role, const std::string& region) {
    const std::string password = "Export-Test-2026!x";
    REQUIRE(server.addUser(login, role, region, password));
    std::string saved = server.token();
    std::string token = server.signIn(login, password);
    server.setToken(saved);
    return {{"Authorization", "Bearer " + token}};
  }
  HttpResponse get(const std::string& path, const Headers& h = {}) { return server.request("GET", path, "", h); }
};

std::set<std::string> usccsOf(const Sheet& s) {
  std::set<std::string> out;
  for (const auto& r : s.rows) out.insert(r[s.col("统一社会信用代码")].text);
  return out;
}

}  // namespace

TEST_CASE("exports: progress as CSV and XLSX holds the JSON figures, numbers as numbers", "[http][report][export]") {
  ExportServer s;
  auto json = s.get("/api/v1/reports/progress");
  REQUIRE(json.status == 200);
  const std::size_t metrics = json.json["metrics"].size();

  auto csv = s.get("/api/v1/reports/progress?format=csv");
  INFO(csv.body.substr(0, 300));
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Type") == "text/csv; charset=utf-8");
  const std::string day = today().toString();
  // 目标进度 percent-encoded as UTF-8 (RFC 5987), an ASCII name beside it.
  CHECK(csv.header("Content-Disposition") ==
        "attachment; filename=\"progress_" + day + ".csv\"; filename*=UTF-8''%E7%9B%AE%E6%A0%87%E8%BF%9B%E5%BA%A6_" +
            day + ".csv");
  Sheet c = readCsv(csv.body);
  CHECK(c.header[0] == "指标");
  REQUIRE(c.rows.size() == metrics * 11);  // the city and ten regions per metric

  auto xlsx = s.get("/api/v1/reports/progress?format=xlsx");
  REQUIRE(xlsx.status == 200);
  CHECK(xlsx.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(xlsx.header("Content-Length") == std::to_string(xlsx.body.size()));
  Sheet x = readXlsx(save(s.server, "progress.xlsx", xlsx.body));
  REQUIRE(x.rows.size() == metrics * 11);
  CHECK(io::listXlsxSheets(s.server.dir() + "/progress.xlsx", io::ReadLimits{})[0].name == "进度");

  // Every measured figure of the JSON is the same number in both files.
  int compared = 0;
  for (const Sheet* sheet : {&c, &x}) {
    for (const auto& row : sheet->rows) {
      const auto& m = metricOf(json.json, row[sheet->col("指标")].text);
      const std::string region = row[sheet->col("区域代码")].text;
      const nlohmann::json* cell = &m["city"];
      for (const auto& rc : m["regions"])
        if (rc["region"] == region) cell = &rc;
      if (m["status"] != "measured") {
        CHECK(row[sheet->col("实际")].kind == io::CellKind::empty);
        continue;
      }
      const auto& actual = row[sheet->col("实际")];
      if (sheet == &x) CHECK(actual.kind == io::CellKind::number);
      CHECK(actual.text == std::to_string((*cell)["actual"].get<std::int64_t>()));
      if ((*cell)["target"].is_object()) {
        CHECK(row[sheet->col("目标")].text == std::to_string((*cell)["target"]["value"].get<std::int64_t>()));
      }
      ++compared;
    }
  }
  CHECK(compared > 20);
  // The figures the fixture makes: 4 filed tech SMEs in the city, 3 in 魏都区.
  for (const auto& row : x.rows)
    if (row[x.col("指标")].text == "tech_sme_filed" && row[x.col("区域代码")].text == "411002")
      CHECK(row[x.col("实际")].text == "3");
}

TEST_CASE("exports: every report answers csv and xlsx; a table is chosen by sheet", "[http][report][export]") {
  ExportServer s;
  for (const char* path : {"/api/v1/reports/ladder", "/api/v1/reports/funnel", "/api/v1/reports/scorecard",
                           "/api/v1/reports/liaison"}) {
    for (const char* f : {"csv", "xlsx"}) {
      auto r = s.get(std::string(path) + "?format=" + f);
      INFO(path << " " << f << " " << r.body.substr(0, 200));
      REQUIRE(r.status == 200);
      CHECK(r.header("Content-Disposition").find("attachment; filename=") == 0);
    }
  }
  // The scorecard: 55 tasks in the CSV; its XLSX has the tasks and both roll-ups as sheets.
  Sheet tasks = readCsv(s.get("/api/v1/reports/scorecard?format=csv").body);
  CHECK(tasks.rows.size() == 55);
  auto book = save(s.server, "scorecard.xlsx", s.get("/api/v1/reports/scorecard?format=xlsx").body);
  auto sheets = io::listXlsxSheets(book, io::ReadLimits{});
  REQUIRE(sheets.size() == 3);
  CHECK(sheets[1].name == "牵头单位");
  Sheet units = readCsv(s.get("/api/v1/reports/scorecard?format=csv&sheet=2").body);
  CHECK(units.header[0] == "牵头单位");
  CHECK(readXlsx(book, 1).rows.size() == units.rows.size());
  auto bad = s.get("/api/v1/reports/scorecard?format=csv&sheet=4");
  CHECK(bad.status == 422);
  CHECK(bad.json["error"]["code"] == "unknown_sheet");
  CHECK(bad.json["error"]["field"] == "sheet");
  auto unknown = s.get("/api/v1/reports/progress?format=pdf");
  CHECK(unknown.status == 422);
  CHECK(unknown.json["error"]["code"] == "unknown_format");
  // Ladder: holders per region and stage as numbers equal to the JSON.
  auto ladder = s.get("/api/v1/reports/ladder");
  Sheet l = readXlsx(save(s.server, "ladder.xlsx", s.get("/api/v1/reports/ladder?format=xlsx").body));
  bool seen = false;
  for (const auto& row : l.rows)
    if (row[l.col("区域代码")].text == ladder.json["city"]["region"] && row[l.col("梯队")].text == "tech_sme") {
      CHECK(row[l.col("持有")].kind == io::CellKind::number);
      CHECK(row[l.col("持有")].text == std::to_string(ladder.json["city"]["holders"]["tech_sme"].get<int>()));
      seen = true;
    }
  CHECK(seen);
}

TEST_CASE("exports: a drill-down downloads every page, in the caller's scope only", "[http][report][export]") {
  ExportServer s;
  const std::string list = "/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed";
  auto json = s.get(list + "&limit=1");  // one item a page: the export still holds all
  REQUIRE(json.status == 200);
  REQUIRE(json.json["total"] == 4);
  std::set<std::string> all = {s.changge, s.weidu[0], s.weidu[1], s.weidu[2]};

  auto csv = s.get(list + "&limit=1&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Disposition").find("filename*=UTF-8''%E6%98%8E%E7%BB%86_progress_tech_sme_filed") !=
        std::string::npos);  // 明细_…
  Sheet c = readCsv(csv.body);
  CHECK(c.rows.size() == 4);
  CHECK(usccsOf(c) == all);
  auto xlsx = s.get(list + "&format=xlsx");
  REQUIRE(xlsx.status == 200);
  Sheet x = readXlsx(save(s.server, "drill.xlsx", xlsx.body));
  CHECK(usccsOf(x) == all);
  for (const auto& row : x.rows) {
    CHECK(row[x.col("首次认定日期")].kind == io::CellKind::date);  // a date, not text
    CHECK(row[x.col("首次认定日期")].text == y(0, "01-01"));
  }

  // A county officer: the same figure, but only its own county's enterprises in the file.
  auto changge = s.as("export.changge", "county", "411082");
  for (const char* f : {"csv", "xlsx"}) {
    auto mine = s.get(list + "&format=" + f, changge);
    REQUIRE(mine.status == 200);
    Sheet m = std::string(f) == "csv" ? readCsv(mine.body) : readXlsx(save(s.server, "mine.xlsx", mine.body));
    CHECK(usccsOf(m) == std::set<std::string>{s.changge});
    for (const auto& row : m.rows) CHECK(row[m.col("责任主体")].text == "长葛市");
    // Another county's list: a header and nothing else, exactly like an empty county's.
    auto other = s.get(list + "&region=411002&format=" + f, changge);
    REQUIRE(other.status == 200);
    Sheet o = std::string(f) == "csv" ? readCsv(other.body) : readXlsx(save(s.server, "other.xlsx", other.body));
    CHECK(o.rows.empty());
  }
  auto other = s.get(list + "&region=411002&format=csv", changge);
  auto empty = s.get(list + "&region=411024&format=csv", changge);
  CHECK(other.body == empty.body);
  auto table = s.get(list + "&format=table");
  CHECK(table.status == 422);
  CHECK(table.json["error"]["code"] == "unknown_format");
}

TEST_CASE("exports: a drill-down longer than the configured cap is refused, not cut short", "[http][report][export]") {
  ServerOptions o;
  o.properties["trellis.export.max_rows"] = "3";
  ExportServer s(o);
  auto r = s.get("/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&format=xlsx");
  INFO(r.body);
  CHECK(r.status == 422);
  CHECK(r.json["error"]["code"] == "export_too_large");
  CHECK(r.json["error"]["field"] == "format");
  auto three = s.get("/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&region=411002&format=csv");
  REQUIRE(three.status == 200);
  CHECK(readCsv(three.body).rows.size() == 3);
}

TEST_CASE("exports: the roadmap book as XLSX, one sheet per county with members", "[http][report][export]") {
  ExportServer s;
  const int year = today().year() + 1;
  for (const auto& u : {s.weidu[1], s.changge})
    REQUIRE(s.server.post("/api/v1/pools/hnte_reserve/members", nlohmann::json({{"uscc", u}, {"target_year", year}}).dump())
                .status == 201);
  const std::string path = "/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=" + std::to_string(year);
  auto json = s.get(path);
  REQUIRE(json.status == 200);
  auto xlsx = s.get(path + "&format=xlsx");
  REQUIRE(xlsx.status == 200);
  CHECK(xlsx.header("Content-Disposition").find("roadmap-book_hnte_reserve_" + std::to_string(year)) != std::string::npos);
  auto file = save(s.server, "book.xlsx", xlsx.body);
  auto sheets = io::listXlsxSheets(file, io::ReadLimits{});
  REQUIRE(sheets.size() == json.json["tables"].size());
  REQUIRE(sheets.size() == 2);
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    CHECK(sheets[i].name == json.json["tables"][i]["name"]);
    Sheet sh = readXlsx(file, i);
    CHECK(sh.rows.size() == json.json["tables"][i]["rows"].size());
    CHECK(sh.rows[0][sh.col("入库日期")].kind == io::CellKind::date);
  }
  // A county officer's book holds its own county's sheet only.
  auto changge = s.as("book.changge", "county", "411082");
  auto mine = s.get(path + "&format=xlsx", changge);
  REQUIRE(mine.status == 200);
  auto own = io::listXlsxSheets(save(s.server, "own.xlsx", mine.body), io::ReadLimits{});
  REQUIRE(own.size() == 1);
  CHECK(own[0].name == "长葛市");
}

}  // namespace trellis::test
