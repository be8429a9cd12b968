// Enterprise import dry run (issue 12): files written by the test (UTF-8 CSV, GB18030 CSV via
// iconv, XLSX via libxlsxwriter), checked by the service validators against a real migrated SQLite file.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>
#include <xlsxwriter.h>

#include "../clock_fixture.h"
#include "../store/store_fixture.h"
#include "ladder_fixture.h"
#include "trellis/app/demo_data.h"
#include "trellis/core/error.h"
#include "trellis/io/import_mapping.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/enterprise_import.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/store/enterprise_repository.h"

using namespace trellis;

namespace {

const io::ImportMapping& shippedMapping() {
  static const io::ImportMapping m = io::loadImportMapping(std::string(TRELLIS_SOURCE_DIR) + "/config/import.json");
  return m;
}

struct ImportWorld {
  store::test::TestDatabase tdb;
  store::Database& db = *tdb.db;
  ManualClock clock{testclock::morningOf(Date(2025, 3, 10))};
  service::AuditTrail audit{db, clock};
  service::Context ctx{db, clock, audit, 500, 480};
  service::EnterpriseService enterprises{ctx, store::test::shippedCatalog(), laddertest::shippedLadder()};
  service::EnterpriseImport importer{db, store::test::shippedCatalog(), shippedMapping(), enterprises};
  service::Caller bureau;
  std::string known = app::demoUscc("411002", 901);
  std::string other = app::demoUscc("411002", 902);

  ImportWorld() {
    bureau.user = "bureau1";
    bureau.role = domain::Role::bureau;
    for (const auto& code : {known, other}) {
      io::EnterpriseDraft d;
      d.uscc = code;
      d.name = code == known ? "许昌导入甲科技有限公司" : "许昌导入乙科技有限公司";
      d.region_code = "411002";
      d.address = "许昌市魏都区一号";
      enterprises.create(bureau, d);
    }
  }

  std::string write(const std::string& name, const std::string& text) {
    std::string path = tdb.dir.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::int64_t count() {
    std::int64_t n = 0;
    db.read([&](store::Connection& c) { n = store::EnterpriseRepository::count(c); });
    return n;
  }
};

const service::ImportRowOutcome& rowAt(const service::ImportReport& r, std::int64_t number) {
  for (const auto& o : r.outcomes)
    if (o.row == number) return o;
  FAIL("no row " << number);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("import dry run classifies new, updated, unchanged and refused rows and writes nothing", "[import]") {
  ImportWorld w;
  std::string fresh = app::demoUscc("411002", 903);
  std::string bad_check = fresh.substr(0, 17) + (fresh[17] == '0' ? '1' : '0');
  std::string csv =
      "许昌市企业名单\n"
      "社会信用代码,企业名称,所属县区,地址\n" +
      fresh + ",许昌导入丙科技有限公司,魏都区,许昌市魏都区三号\n" +
      w.known + ",许昌导入甲科技有限公司,411002,许昌市魏都区二号\n" +
      w.other + ",许昌导入乙科技有限公司,魏都区,许昌市魏都区一号\n" +
      bad_check + ",许昌导入丁科技有限公司,魏都区,\n" +
      fresh + ",许昌导入丙科技有限公司,魏都区,\n" +
      ",许昌导入甲科技有限公司,魏都区,\n"
      "," + "许昌导入戊科技有限公司,火星区,\n";
  auto before = w.count();
  auto report = w.importer.dryRun(w.bureau, w.write("e.csv", csv), {});

  CHECK(report.header_row == 2);
  CHECK(report.rows == 7);
  CHECK(report.created == 1);
  CHECK(report.updated == 1);
  CHECK(report.unchanged == 1);
  CHECK(report.refused == 4);
  CHECK(rowAt(report, 3).status == "new");
  const auto& updated = rowAt(report, 4);
  REQUIRE(updated.status == "updated");
  REQUIRE(updated.diffs.size() == 1);
  CHECK(updated.diffs[0].field == "address");
  CHECK(updated.diffs[0].from == "许昌市魏都区一号");
  CHECK(updated.diffs[0].to == "许昌市魏都区二号");
  CHECK(rowAt(report, 5).status == "unchanged");
  REQUIRE(rowAt(report, 6).errors.size() == 1);
  CHECK(rowAt(report, 6).errors[0].code == "uscc_checksum");
  CHECK(rowAt(report, 6).errors[0].column == "社会信用代码");
  CHECK(rowAt(report, 6).errors[0].message == errc::uscc_checksum.message_zh);
  CHECK(rowAt(report, 7).errors.at(0).code == "duplicate_in_file");
  CHECK(rowAt(report, 8).errors.at(0).code == "uscc_required");
  CHECK(rowAt(report, 9).errors.at(0).code == "uscc_required");
  CHECK(w.count() == before);

  auto json = service::importReportToJson(report);
  CHECK(json["counts"]["refused"] == 4);
  CHECK(json["rows"][3]["errors"][0]["row"] == 6);
}

TEST_CASE("import dry run refuses a county's rows of another region as row errors", "[import]") {
  ImportWorld w;
  service::Caller county;
  county.user = "county-411024";
  county.role = domain::Role::county;
  county.region_scope = "411024";
  std::string own = app::demoUscc("411024", 904);
  std::string csv = "统一社会信用代码,企业名称,所属县区\n" + own + ",鄢陵导入科技有限公司,鄢陵县\n" +
                    app::demoUscc("411002", 905) + ",魏都导入科技有限公司,魏都区\n" + w.known +
                    ",许昌导入甲科技有限公司,鄢陵县\n";
  auto report = w.importer.dryRun(county, w.write("c.csv", csv), {});
  CHECK(rowAt(report, 2).status == "new");
  CHECK(rowAt(report, 3).errors.at(0).code == "region_out_of_scope");
  CHECK(rowAt(report, 3).errors.at(0).column == "所属县区");
  // A code registered in another region is refused with the same code, not shown as an update.
  CHECK(rowAt(report, 4).errors.at(0).code == "region_out_of_scope");
  CHECK(rowAt(report, 4).diffs.empty());
}

TEST_CASE("import dry run reads a GB18030 CSV made by iconv like its UTF-8 original", "[import]") {
  ImportWorld w;
  std::string csv = "信用代码,单位名称,县（市、区）,地址\n" + w.known + ",许昌导入甲科技有限公司,魏都区,许昌市魏都区九号\n";
  std::string utf8 = w.write("u.csv", csv);
  std::string gbk = w.tdb.dir.file("g.csv");
  REQUIRE(std::system(("iconv -f UTF-8 -t GB18030 " + utf8 + " > " + gbk).c_str()) == 0);
  auto a = service::importReportToJson(w.importer.dryRun(w.bureau, utf8, {}));
  auto b = service::importReportToJson(w.importer.dryRun(w.bureau, gbk, {}));
  CHECK(a == b);
  CHECK(b["rows"][0]["diffs"][0]["to"] == "许昌市魏都区九号");
}

TEST_CASE("import dry run names a file error and a header without a code column", "[import]") {
  ImportWorld w;
  std::string binary("PK\x03\x04garbage", 11);
  CHECK_THROWS_AS(w.importer.dryRun(w.bureau, w.write("b.xlsx", binary), {}), Error);
  try {
    w.importer.dryRun(w.bureau, w.write("h.csv", "企业名称,所属县区\n许昌导入甲科技有限公司,魏都区\n"), {});
    FAIL("expected header_unmapped");
  } catch (const Error& e) {
    CHECK(e.code() == "header_unmapped");
  }
}

TEST_CASE("import dry run reads an XLSX written by libxlsxwriter with a title row and a date column", "[import]") {
  ImportWorld w;
  std::string path = w.tdb.dir.file("e.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "企业");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  worksheet_write_string(ws, 0, 0, "2025年许昌市企业名单", nullptr);
  const char* header[] = {"统一社会信用代码", "企业名称", "所属县区", "成立日期"};
  for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c), header[c], nullptr);
  worksheet_write_string(ws, 2, 0, w.known.c_str(), nullptr);
  worksheet_write_string(ws, 2, 1, "许昌导入甲科技有限公司", nullptr);
  worksheet_write_string(ws, 2, 2, "魏都区", nullptr);
  lxw_datetime founded = {2019, 8, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 2, 3, &founded, date);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

  auto report = w.importer.dryRun(w.bureau, path, {});
  CHECK(report.header_row == 2);
  const auto& row = rowAt(report, 3);
  REQUIRE(row.status == "updated");
  REQUIRE(row.diffs.size() == 1);
  CHECK(row.diffs[0].field == "founded_on");
  CHECK(row.diffs[0].from == nullptr);
  CHECK(row.diffs[0].to == "2019-08-01");
}

TEST_CASE("a malformed code is a row error, not a failed dry run", "[import]") {
  ImportWorld w;
  std::string csv = "统一社会信用代码,企业名称,所属县区\nABC,许昌导入己科技有限公司,魏都区\n" + w.known +
                    ",许昌导入甲科技有限公司,魏都区\n";
  auto report = w.importer.dryRun(w.bureau, w.write("m.csv", csv), {});
  REQUIRE(report.rows == 2);
  CHECK(rowAt(report, 2).status == "refused");
  CHECK(rowAt(report, 2).errors.at(0).column == "统一社会信用代码");
  CHECK(rowAt(report, 2).errors.at(0).code == "uscc_length");
  CHECK(rowAt(report, 2).errors.at(0).message == errc::uscc_length.message_zh);
  CHECK(rowAt(report, 3).status == "unchanged");
}
