#include <catch2/catch.hpp>
#include <xlsxwriter.h>

#include "io_fixture.h"
#include "trellis/io/import_mapping.h"
#include "trellis/io/table_file.h"
#include "trellis/io/xlsx_reader.h"

using namespace trellis::io;
using namespace trellis::io::test;

namespace {

// A county's list as Excel saves it: a merged title row, the header in row 2, shared strings
// (one of them rich text with a phonetic run), inline strings, numbers, dates as serials with a
// built-in and a custom date format, a boolean, formulas with cached values, sparse cells.
HandWorkbook countyList() {
  HandWorkbook wb;
  wb.shared = {"<t>许昌市企业培育库名单</t>", "<t>统一社会信用代码</t>", "<t>企业名称</t>", "<t>所属县区</t>",
               "<t>成立日期</t>", "<t>营业收入（万元）</t>",
               "<r><rPr><b/></rPr><t>许昌</t></r><r><t xml:space=\"preserve\">电气 有限公司</t></r><rPh sb=\"0\" eb=\"2\"><t>XUCHANG</t></rPh>",
               "<t>魏都区</t>", "<t>是否高企</t>", "<t>合计</t>", "<t>R&amp;D &lt;研发&gt; &#x4E2D;</t>"};
  std::string data =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c>)"
      R"(<c r="D2" t="s"><v>4</v></c><c r="E2" t="s"><v>5</v></c><c r="F2" t="s"><v>8</v></c><c r="G2" t="s"><v>9</v></c></row>)"
      R"(<row r="3"><c r="A3" t="inlineStr"><is><t>91411002MA4ABCDE3Y</t></is></c><c r="B3" t="s"><v>6</v></c>)"
      R"(<c r="C3" t="s"><v>7</v></c><c r="D3" s="1"><v>45052</v></c><c r="E3" s="3"><v>1234.5</v></c>)"
      R"(<c r="F3" t="b"><v>1</v></c><c r="G3" s="3"><f>E3*2</f><v>2469</v></c></row>)"
      R"(<row r="5"><c r="A5" t="inlineStr"><is><r><t>91411003</t></r><r><t>MA4ABCDE4Z</t></r></is></c>)"
      R"(<c r="B5" t="str"><f>"长葛"&amp;"新材料"</f><v>长葛新材料</v></c><c r="C5" t="inlineStr"><is><t>长葛市</t></is></c>)"
      R"(<c r="D5" s="2"><v>60</v></c><c r="E5"><v>-0.5</v></c><c r="G5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>)"
      R"(<row r="6"><c r="A6" t="s"><v>10</v></c><c r="B6" t="inlineStr"><is><t>尾部 &amp; &#20013;</t></is></c><c r="D6" s="2"><v>44000</v></c><c r="G6"><f>G5</f></c></row>)";
  wb.sheets = {{"说明", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>请勿修改</t></is></c></row>)"}, {"企业名单", data}};
  wb.hidden = {true, false};
  wb.merge_cells = R"(<mergeCells count="1"><mergeCell ref="A1:G1"/></mergeCells>)";
  return wb;
}

std::vector<SourceRow> readXlsx(const std::string& path, SheetChoice choice = {}, ReadLimits limits = {}) {
  XlsxReader r(path, choice, limits);
  return readAll(r);
}

std::string xlsxError(const std::string& path, SheetChoice choice = {}, ReadLimits limits = {}) {
  return errorCode([&] { readXlsx(path, choice, limits); });
}

// Sets bits in every local and central header: flags |= flag_bits, method = method (if ≥ 0).
std::string patchHeaders(std::string zip, std::uint16_t flag_bits, int method = -1) {
  auto patch = [&](const std::string& sig, size_t flag_at, size_t method_at) {
    for (size_t p = zip.find(sig); p != std::string::npos; p = zip.find(sig, p + 4)) {
      zip[p + flag_at] = static_cast<char>(static_cast<unsigned char>(zip[p + flag_at]) | (flag_bits & 0xFF));
      if (method >= 0) zip[p + method_at] = static_cast<char>(method), zip[p + method_at + 1] = 0;
    }
  };
  patch(std::string("PK\x03\x04", 4), 6, 8);
  patch(std::string("PK\x01\x02", 4), 8, 10);
  return zip;
}

const char* kXxe = R"(<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)";

}  // namespace

TEST_CASE("a hand-made XLSX: shared and inline strings, numbers, date serials, cached formulas", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("list.xlsx");
  writeHandXlsx(path, countyList());
  CHECK(detectFileFormat(path) == FileFormat::xlsx);
  auto sheets = listXlsxSheets(path, {});
  REQUIRE(sheets.size() == 2);
  CHECK(sheets[0].name == "说明");
  CHECK(sheets[0].hidden);
  CHECK(sheets[1].name == "企业名单");

  XlsxReader reader(path, {}, {});
  CHECK(reader.sheet().name == "企业名单");  // the first visible sheet
  auto rows = readAll(reader);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].number == 1);
  CHECK(texts(rows[0]) == std::vector<std::string>{"许昌市企业培育库名单"});  // merged title: its top-left cell only
  CHECK(texts(rows[1]) == std::vector<std::string>{"统一社会信用代码", "企业名称", "所属县区", "成立日期", "营业收入（万元）", "是否高企", "合计"});

  const auto& r3 = rows[2];
  CHECK(r3.number == 3);
  CHECK(r3.cells[0] == SourceCell{CellKind::text, "91411002MA4ABCDE3Y"});
  CHECK(r3.cells[1] == SourceCell{CellKind::text, "许昌电气 有限公司"});  // runs joined, the phonetic run left out
  CHECK(r3.cells[2] == SourceCell{CellKind::text, "魏都区"});
  CHECK(r3.cells[3] == SourceCell{CellKind::date, "2023-05-06"});    // built-in format 14
  CHECK(r3.cells[4] == SourceCell{CellKind::number, "1234.5"});      // #,##0.00 is not a date
  CHECK(r3.cells[5] == SourceCell{CellKind::boolean, "1"});
  CHECK(r3.cells[6] == SourceCell{CellKind::number, "2469"});        // the cached value; never evaluated

  const auto& r5 = rows[3];
  CHECK(r5.number == 5);  // row 4 is absent from the file
  CHECK(r5.cells[0].text == "91411003MA4ABCDE4Z");
  CHECK(r5.cells[1] == SourceCell{CellKind::text, "长葛新材料"});
  CHECK(r5.cells[3] == SourceCell{CellKind::number, "60"});  // serial 60 is 1900-02-29: no such date, left a number
  CHECK(r5.cells[4] == SourceCell{CellKind::number, "-0.5"});
  CHECK(r5.cells[5].kind == CellKind::empty);                // sparse
  CHECK(r5.cells[6] == SourceCell{CellKind::error, "#DIV/0!"});

  const auto& r6 = rows[4];
  CHECK(r6.cells[0].text == "R&D <研发> 中");  // predefined and character references are not DTD entities
  CHECK(r6.cells[1].text == "尾部 & 中");
  CHECK(r6.cells[3] == SourceCell{CellKind::date, "2020-06-18"});  // custom 年月日 format
  CHECK(r6.cells[6].kind == CellKind::empty);                       // a formula without a cached value

  SECTION("through a TableSource: the header is found under the merged title") {
    auto mapping = loadImportMapping(std::string(TRELLIS_SOURCE_DIR) + "/config/import.json");
    TableSource source(std::make_unique<XlsxReader>(path, SheetChoice{}, ReadLimits{}),
                       HeaderRule{mapping.findKind("enterprises")->headerNames(), 2}, {});
    CHECK(source.headerRowNumber() == 2);
    auto data = readAll(source);
    REQUIRE(data.size() == 3);
    CHECK(data[0].number == 3);
    CHECK(data[2].number == 6);
    auto m = matchHeader(mapping, *mapping.findKind("enterprises"), source.header());
    CHECK(m.forField("founded_on")->column == 3);
  }
}

TEST_CASE("choosing the sheet by name or index", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("list.xlsx");
  writeHandXlsx(path, countyList(), false);  // stored, not deflated: read the same
  SheetChoice by_name;
  by_name.name = "说明";
  CHECK(texts(readXlsx(path, by_name).at(0)) == std::vector<std::string>{"请勿修改"});
  SheetChoice by_index;
  by_index.index = 1;
  CHECK(readXlsx(path, by_index).size() == 5);
  SheetChoice missing;
  missing.name = "Sheet9";
  try {
    readXlsx(path, missing);
    FAIL("a missing sheet was accepted");
  } catch (const trellis::Error& e) {
    CHECK(e.code() == "xlsx_no_sheet");
    CHECK(std::string(e.what()).find("说明、企业名单") != std::string::npos);
  }
  missing.name.reset();
  missing.index = 7;
  CHECK(xlsxError(path, missing) == "xlsx_no_sheet");
}

TEST_CASE("an XLSX written by libxlsxwriter reads back", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("lxw.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());  // shared strings (not constant-memory)
  lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy/m/d");
  worksheet_write_string(ws, 0, 0, "企业名称", nullptr);
  worksheet_write_string(ws, 0, 1, "成立日期", nullptr);
  worksheet_write_string(ws, 0, 2, "营业收入（万元）", nullptr);
  worksheet_write_string(ws, 0, 3, "合计", nullptr);
  worksheet_write_string(ws, 0, 4, "高企", nullptr);
  lxw_datetime dt = {2023, 5, 6, 0, 0, 0};
  for (int r = 1; r <= 300; ++r) {
    worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, ("许昌第" + std::to_string(r) + "号公司").c_str(), nullptr);
    worksheet_write_datetime(ws, static_cast<lxw_row_t>(r), 1, &dt, date);
    worksheet_write_number(ws, static_cast<lxw_row_t>(r), 2, r + 0.25, nullptr);
    worksheet_write_formula_num(ws, static_cast<lxw_row_t>(r), 3, "=C2*2", nullptr, 2 * (r + 0.25));
    worksheet_write_boolean(ws, static_cast<lxw_row_t>(r), 4, r % 2, nullptr);
  }
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  auto rows = readXlsx(path);
  REQUIRE(rows.size() == 301);
  CHECK(texts(rows[0])[2] == "营业收入（万元）");
  CHECK(rows[7].cells[0] == SourceCell{CellKind::text, "许昌第7号公司"});
  CHECK(rows[7].cells[1] == SourceCell{CellKind::date, "2023-05-06"});
  CHECK(rows[7].cells[2] == SourceCell{CellKind::number, "7.25"});
  CHECK(rows[7].cells[3] == SourceCell{CellKind::number, "14.5"});
  CHECK(rows[7].cells[4] == SourceCell{CellKind::boolean, "1"});
  CHECK(rows[300].number == 301);
}

TEST_CASE("bad XLSX files get a file error", "[unit][io]") {
  TempDir dir;
  std::string good = dir.file("good.xlsx");
  writeHandXlsx(good, countyList());
  std::string bytes = readFile(good);
  std::string bad = dir.file("bad.xlsx");

  SECTION("truncated: cut in the middle, or only its end missing") {
    writeFile(bad, bytes.substr(0, bytes.size() / 2));
    CHECK(xlsxError(bad) == "zip_truncated");
    writeFile(bad, bytes.substr(0, bytes.size() - 10));
    CHECK(xlsxError(bad) == "zip_truncated");
  }
  SECTION("the encrypted flag set") {
    writeFile(bad, patchHeaders(bytes, 0x01));
    CHECK(xlsxError(bad) == "zip_encrypted");
  }
  SECTION("a compression method other than stored or deflate") {
    writeFile(bad, patchHeaders(bytes, 0, 12));
    CHECK(xlsxError(bad) == "zip_unsupported");
  }
  SECTION("not a zip at all, read as XLSX") {
    writeFile(bad, "统一社会信用代码,企业名称\n");
    TableFileOptions o;
    o.format = FileFormat::xlsx;
    CHECK(errorCode([&] { openTableFile(bad, o); }) == "zip_not_zip");
  }
  SECTION("a zip that is not a workbook") {
    writeZip(bad, {{"readme.txt", "hello"}});
    CHECK(xlsxError(bad) == "xlsx_invalid");
  }
  SECTION("a bad CRC in a stored part") {
    std::string stored = dir.file("stored.xlsx");
    writeHandXlsx(stored, countyList(), false);
    std::string s = readFile(stored);
    size_t at = s.find("91411002MA4ABCDE3Y");
    REQUIRE(at != std::string::npos);
    s[at] = '8';
    writeFile(bad, s);
    CHECK(xlsxError(bad) == "zip_corrupt");
  }
  SECTION("over the file size limit") {
    ReadLimits l;
    l.max_file_bytes = 1000;
    CHECK(xlsxError(good, {}, l) == "file_too_large");
  }
}

TEST_CASE("a zip bomb is stopped while it inflates", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("bomb.xlsx");
  HandWorkbook wb;
  // 64 MiB of whitespace inside the sheet deflates to ~64 KiB: ratio ~1000.
  std::string padding(64u << 20, ' ');
  wb.sheets = {{"Sheet1", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>)" + padding}};
  writeHandXlsx(path, wb);
  padding.clear();
  padding.shrink_to_fit();
  CHECK(readFile(path).size() < (2u << 20));
  CHECK(xlsxError(path) == "zip_bomb");
  SECTION("the total cap, for a part of ordinary ratio") {
    HandWorkbook small = countyList();
    std::string rows;
    for (int r = 10; r < 3000; ++r)
      rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\" t=\"inlineStr\"><is><t>" + std::to_string(r * 7919) +
              "</t></is></c></row>";
    small.sheets[1].second += rows;
    std::string p2 = dir.file("big.xlsx");
    writeHandXlsx(p2, small);
    ReadLimits l;
    l.max_inflated_bytes = 32 * 1024;
    CHECK(xlsxError(p2, {}, l) == "zip_bomb");
    CHECK(xlsxError(p2) == "");
  }
}

TEST_CASE("XML DTDs and external entities are refused, never fetched", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("xxe.xlsx");
  SECTION("in the sheet") {
    auto parts = handParts(countyList());
    for (auto& [name, body] : parts)
      if (name == "xl/worksheets/sheet2.xml")
        body = std::string(kXxe) + R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
                                   R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>)";
    writeZip(path, parts);
    CHECK(xlsxError(path) == "xml_dtd");
  }
  SECTION("in the shared strings, after a comment") {
    auto parts = handParts(countyList());
    for (auto& [name, body] : parts)
      if (name == "xl/sharedStrings.xml")
        body = R"(<?xml version="1.0"?><!-- harmless --><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>)"
               R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>)";
    writeZip(path, parts);
    CHECK(xlsxError(path) == "xml_dtd");
  }
  SECTION("in the workbook") {
    auto parts = handParts(countyList());
    for (auto& [name, body] : parts)
      if (name == "xl/workbook.xml") body.insert(body.find("?>") + 2, R"(<!DOCTYPE workbook SYSTEM "http://127.0.0.1:9/evil.dtd">)");
    writeZip(path, parts);
    CHECK(errorCode([&] { listXlsxSheets(path, {}); }) == "xml_dtd");
  }
  SECTION("an undeclared entity is malformed XML") {
    auto parts = handParts(countyList());
    for (auto& [name, body] : parts)
      if (name == "xl/worksheets/sheet2.xml") body = sheetXml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>)");
    writeZip(path, parts);
    CHECK(xlsxError(path) == "xml_invalid");
  }
  SECTION("a part in UTF-16") {
    auto parts = handParts(countyList());
    for (auto& [name, body] : parts)
      if (name == "xl/workbook.xml") body = std::string("\xFF\xFE<\0?\0", 6);
    writeZip(path, parts);
    CHECK(xlsxError(path) == "xlsx_invalid");
  }
}

TEST_CASE("XLSX limits: 10,000 columns, oversized cells, malformed sheets", "[unit][io]") {
  TempDir dir;
  std::string path = dir.file("limits.xlsx");
  HandWorkbook wb;
  SECTION("a cell in column 10,000") {
    wb.sheets = {{"S", R"(<row r="1"><c r="A1"><v>1</v></c><c r="NTP1"><v>2</v></c></row>)"}};
    writeHandXlsx(path, wb);
    CHECK(xlsxError(path) == "too_many_columns");
  }
  SECTION("a 40 KiB inline string and a 40 KiB shared string") {
    std::string big(40 * 1024, 'x');
    wb.shared = {"<t>" + big + "</t>"};
    wb.sheets = {{"S", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + big + R"(</t></is></c><c r="B1" t="s"><v>0</v></c>)"
                        R"(<c r="C1"><v>3</v></c></row>)"}};
    writeHandXlsx(path, wb);
    auto rows = readXlsx(path);
    REQUIRE(rows.size() == 1);
    REQUIRE(rows[0].issues.size() == 2);
    CHECK(rows[0].issues[0].code == "cell_too_large");
    CHECK(rows[0].issues[0].column == 1);
    CHECK(rows[0].issues[1].column == 2);
    CHECK(rows[0].cells[0].text.empty());
    CHECK(rows[0].cells[2].text == "3");
  }
  SECTION("a shared-string index out of range, a bad cell reference, a cut-off sheet") {
    wb.sheets = {{"S", R"(<row r="1"><c r="A1" t="s"><v>5</v></c></row>)"}};
    writeHandXlsx(path, wb);
    CHECK(xlsxError(path) == "xlsx_invalid");
    wb.sheets = {{"S", R"(<row r="1"><c r="1A"><v>5</v></c></row>)"}};
    writeHandXlsx(path, wb);
    CHECK(xlsxError(path) == "xlsx_invalid");
    auto parts = handParts(wb);
    for (auto& [name, body] : parts)
      if (name == "xl/worksheets/sheet1.xml") body = body.substr(0, body.size() / 2);
    writeZip(path, parts);
    CHECK(xlsxError(path) == "xml_invalid");
  }
  SECTION("shared strings over their cap (thrown from inside the SAX parse)") {
    for (int i = 0; i < 100; ++i) wb.shared.push_back("<t>" + std::string(100, 'a' + i % 26) + "</t>");
    wb.sheets = {{"S", R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"}};
    writeHandXlsx(path, wb);
    ReadLimits l;
    l.max_shared_string_bytes = 5000;
    CHECK(xlsxError(path, {}, l) == "file_too_large");
    CHECK(xlsxError(path) == "");
  }
  SECTION("the 1904 date system") {
    wb.workbook_pr = R"(<workbookPr date1904="1"/>)";
    wb.sheets = {{"S", R"(<row r="1"><c r="A1" s="1"><v>43590</v></c></row>)"}};
    writeHandXlsx(path, wb);
    CHECK(readXlsx(path).at(0).cells[0] == SourceCell{CellKind::date, "2023-05-06"});
  }
}
