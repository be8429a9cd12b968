#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <catch2/catch.hpp>
#include <limits>

#include "io_fixture.h"
#include "trellis/io/cell_guard.h"
#include "trellis/io/csv_reader.h"
#include "trellis/io/csv_writer.h"
#include "trellis/io/xlsx_reader.h"
#include "trellis/io/xlsx_writer.h"

using namespace trellis;
using namespace trellis::io;
using namespace trellis::io::test;
using domain::CellType;
using domain::Column;
using domain::Row;

namespace {

std::vector<Column> columns() {
  return {{"uscc", "统一社会信用代码", CellType::text},
          {"name", "企业名称", CellType::text},
          {"revenue", "营业收入（元）", CellType::integer},
          {"share", "占比", CellType::decimal},
          {"founded_on", "成立日期", CellType::date},
          {"note", "备注", CellType::text}};
}

std::vector<Row> rows() {
  return {
      {std::string("91411002MA4ABCDE3Y"), std::string("许昌\"引号\",电气"), std::int64_t{123456789}, 0.8125, Date(2012, 2, 29),
       std::string("第一行\n第二行")},
      {std::string("91411003MA4ABCDE4Z"), std::string("=HYPERLINK(\"http://x\")"), std::int64_t{-5}, -0.25, std::monostate{},
       std::string("+86 138")},
      {std::string("@SUM(A1)"), std::string("-2+3"), std::string("-42"), std::string("-1.5"), Date(2023, 5, 6), std::string("\tTab")},
      {std::monostate{}, std::string("\rCR"), std::monostate{}, std::monostate{}, std::monostate{}, std::string("普通")},
  };
}

// Reads one part of a zip archive as text.
std::string zipPart(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  Poco::Zip::ZipArchive archive(in);
  auto it = archive.findHeader(name);
  if (it == archive.headerEnd()) return "";
  Poco::Zip::ZipInputStream zin(in, it->second, true);
  std::stringstream s;
  s << zin.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("formula guard: = + - @ tab CR get a leading apostrophe", "[unit][io]") {
  for (const char* s : {"=1+1", "+86", "-2", "@A1", "\tx", "\rx"}) {
    CAPTURE(s);
    CHECK(guardFormula(s) == std::string("'") + s);
  }
  for (const char* s : {"", "a=b", "许昌", "'=x", " =x", "12"}) CHECK(guardFormula(s) == s);
}

TEST_CASE("the CSV writer: BOM, RFC 4180, CRLF, typed cells, injection guarded", "[unit][io]") {
  std::ostringstream out;
  CsvWriter w(out);
  w.beginSheet("企业", columns());
  for (const auto& r : rows()) w.row(r);
  w.finish();
  const std::string csv = out.str();
  CHECK(csv.starts_with("\xEF\xBB\xBF统一社会信用代码,企业名称,营业收入（元）,占比,成立日期,备注\r\n"));
  CHECK(csv.find("91411002MA4ABCDE3Y,\"许昌\"\"引号\"\",电气\",123456789,0.8125,2012-02-29,\"第一行\n第二行\"\r\n") != std::string::npos);
  CHECK(csv.find("91411003MA4ABCDE4Z,\"'=HYPERLINK(\"\"http://x\"\")\",-5,-0.25,,'+86 138\r\n") != std::string::npos);
  // A text "-42" in an integer column is a number; "-2+3" in a text column is guarded.
  CHECK(csv.find("'@SUM(A1),'-2+3,-42,-1.5,2023-05-06,'\tTab\r\n") != std::string::npos);
  CHECK(csv.find(",\"'\rCR\",,,,普通\r\n") != std::string::npos);

  SECTION("read back by the CSV reader") {
    std::istringstream in(csv);
    CsvReader reader(in, {}, {});
    auto back = readAll(reader);
    REQUIRE(back.size() == 5);
    CHECK(texts(back[1]) == std::vector<std::string>{"91411002MA4ABCDE3Y", "许昌\"引号\",电气", "123456789", "0.8125", "2012-02-29", "第一行\n第二行"});
    CHECK(texts(back[2])[1] == "'=HYPERLINK(\"http://x\")");
    CHECK(texts(back[2])[2] == "-5");
    CHECK(texts(back[4])[1] == "'\rCR");
  }
  SECTION("one sheet only; rows must match the header") {
    CHECK(errorCode([&] { w.beginSheet("again", columns()); }) == "csv_one_sheet");
    std::ostringstream o2;
    CsvWriter w2(o2);
    w2.beginSheet("x", columns());
    CHECK_THROWS_AS(w2.row(Row{std::string("only one")}), trellis::Error);
  }
  SECTION("a failed stream is reported") {
    std::ostringstream o3;
    CsvWriter w3(o3);
    w3.beginSheet("x", columns());
    o3.setstate(std::ios::badbit);
    CHECK(errorCode([&] { w3.finish(); }) == "export_write_failed");
  }
}

TEST_CASE("the XLSX writer: typed cells, guarded text, one sheet per beginSheet; read back", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("export.xlsx");
  {
    XlsxWriter w(path);
    w.beginSheet("企业名单", columns());
    for (const auto& r : rows()) w.row(r);
    domain::Table summary{"汇总/统计:[1]", {{"k", "项目", CellType::text}, {"n", "数量", CellType::integer}},
                          {{std::string("企业数"), std::int64_t{4}}}};
    summary.writeTo(w);
    w.beginSheet("企业名单", columns());  // a duplicate name is made unique
    w.finish();
  }
  auto sheets = listXlsxSheets(path, {});
  REQUIRE(sheets.size() == 3);
  CHECK(sheets[0].name == "企业名单");
  CHECK(sheets[1].name == "汇总_统计__1_");
  CHECK(sheets[2].name == "企业名单(2)");

  auto back = [&] {
    XlsxReader r(path, {}, {});
    return readAll(r);
  }();
  REQUIRE(back.size() == 5);
  CHECK(texts(back[0]) == std::vector<std::string>{"统一社会信用代码", "企业名称", "营业收入（元）", "占比", "成立日期", "备注"});
  CHECK(back[1].cells[0] == SourceCell{CellKind::text, "91411002MA4ABCDE3Y"});
  CHECK(back[1].cells[1] == SourceCell{CellKind::text, "许昌\"引号\",电气"});
  CHECK(back[1].cells[2] == SourceCell{CellKind::number, "123456789"});
  CHECK(back[1].cells[3] == SourceCell{CellKind::number, "0.8125"});
  CHECK(back[1].cells[4] == SourceCell{CellKind::date, "2012-02-29"});
  CHECK(back[1].cells[5] == SourceCell{CellKind::text, "第一行\n第二行"});
  CHECK(back[2].cells[1] == SourceCell{CellKind::text, "'=HYPERLINK(\"http://x\")"});
  CHECK(back[2].cells[2] == SourceCell{CellKind::number, "-5"});  // a negative number stays a number
  CHECK(back[2].cells[4].kind == CellKind::empty);
  CHECK(back[3].cells[0] == SourceCell{CellKind::text, "'@SUM(A1)"});
  CHECK(back[3].cells[2] == SourceCell{CellKind::number, "-42"});
  CHECK(back[3].cells[3] == SourceCell{CellKind::number, "-1.5"});
  CHECK(back[3].cells[5] == SourceCell{CellKind::text, "'\tTab"});

  const std::string sheet1 = zipPart(path, "xl/worksheets/sheet1.xml");
  CHECK(sheet1.find("<f>") == std::string::npos);  // never a formula
  CHECK(sheet1.find("t=\"inlineStr\"") != std::string::npos);  // constant-memory mode writes inline strings
  CHECK(zipPart(path, "xl/styles.xml").find("yyyy-mm-dd") != std::string::npos);
  CHECK(zipPart(path, "xl/styles.xml").find("<b/>") != std::string::npos);  // the bold header

  SheetChoice second;
  second.index = 1;
  XlsxReader summary(path, second, {});
  auto s = readAll(summary);
  REQUIRE(s.size() == 2);
  CHECK(s[1].cells[1] == SourceCell{CellKind::number, "4"});
}

TEST_CASE("an XLSX export cut short leaves no file", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("partial.xlsx");
  {
    XlsxWriter w(path);
    w.beginSheet("x", columns());
    w.row(rows()[0]);
  }
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(errorCode([&] { XlsxWriter w(dir.file("no/such/dir/x.xlsx")); w.beginSheet("x", columns()); w.finish(); }) == "export_write_failed");
}

TEST_CASE("an import template: header, required marks, drop-down lists from a hidden sheet", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("template.xlsx");
  std::vector<std::string> regions = {"魏都区", "建安区", "鄢陵县", "襄城县", "禹州市", "长葛市"};
  std::vector<std::string> industries;
  for (int i = 0; i < 40; ++i) industries.push_back("产业链" + std::to_string(i) + "（较长的名称，使列表超过 255 个字符）");
  writeXlsxTemplate(path, "企业导入",
                    {{"统一社会信用代码", CellType::text, false, {}},
                     {"企业名称", CellType::text, true, {}},
                     {"所属县区", CellType::text, true, regions},
                     {"所属产业", CellType::text, false, industries},
                     {"成立日期", CellType::date, false, {}}},
                    1000);
  auto sheets = listXlsxSheets(path, {});
  REQUIRE(sheets.size() == 2);
  CHECK(sheets[0].name == "企业导入");
  CHECK_FALSE(sheets[0].hidden);
  CHECK(sheets[1].hidden);
  XlsxReader r(path, {}, {});
  auto header = readAll(r);
  REQUIRE(header.size() == 1);
  CHECK(texts(header[0]) == std::vector<std::string>{"统一社会信用代码", "企业名称*", "所属县区*", "所属产业", "成立日期"});
  const std::string sheet1 = zipPart(path, "xl/worksheets/sheet1.xml");
  CHECK(sheet1.find("<dataValidation type=\"list\"") != std::string::npos);
  CHECK(sheet1.find("sqref=\"C2:C1001\"") != std::string::npos);
  CHECK(sheet1.find("<formula1>lists!$A$1:$A$6</formula1>") != std::string::npos);
  CHECK(sheet1.find("<formula1>lists!$B$1:$B$40</formula1>") != std::string::npos);
  SheetChoice lists;
  lists.name = "lists";
  XlsxReader lr(path, lists, {});
  auto values = readAll(lr);
  REQUIRE(values.size() == 40);
  CHECK(texts(values[5])[0] == "长葛市");
  CHECK(texts(values[39])[1] == industries[39]);

  CHECK(errorCode([&] { writeXlsxTemplate(dir.file("t2.xlsx"), "x", {}); }) == "template_invalid");
  CHECK(errorCode([&] {
    writeXlsxTemplate(dir.file("t3.xlsx"), "x", {{"a", CellType::text, false, std::vector<std::string>(1001, "v")}});
  }) == "template_invalid");
}
