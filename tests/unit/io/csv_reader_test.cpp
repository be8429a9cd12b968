#include <catch2/catch.hpp>

#include "io_fixture.h"
#include "trellis/io/csv_reader.h"
#include "trellis/io/table_file.h"

using namespace trellis::io;
using namespace trellis::io::test;

namespace {

const std::string kSample =
    "统一社会信用代码,企业名称,所属县区,营业收入（万元）\r\n"
    "91411002MA4ABCDE3Y,许昌电气有限公司,魏都区,\"1,234.5\"\r\n"
    "91411003MA4ABCDE4Z,\"长葛市\"\"新\"\"材料\",长葛市,88\r\n";

std::vector<SourceRow> readCsv(const std::string& bytes, CsvOptions options = {}, ReadLimits limits = {},
                               TextEncoding* used = nullptr) {
  std::istringstream in(bytes);
  CsvReader reader(in, options, limits);
  if (used) *used = reader.encoding();
  return readAll(reader);
}

std::string csvError(const std::string& bytes, CsvOptions options = {}, ReadLimits limits = {}) {
  return errorCode([&] { readCsv(bytes, options, limits); });
}

}  // namespace

TEST_CASE("CSV in UTF-8 with or without a BOM, and GBK, read alike", "[unit][io]") {
  TextEncoding used = TextEncoding::detect;
  auto plain = readCsv(kSample, {}, {}, &used);
  CHECK(used == TextEncoding::utf8);
  REQUIRE(plain.size() == 3);
  CHECK(texts(plain[0]) == std::vector<std::string>{"统一社会信用代码", "企业名称", "所属县区", "营业收入（万元）"});
  CHECK(texts(plain[1])[3] == "1,234.5");
  CHECK(texts(plain[2])[1] == "长葛市\"新\"材料");
  CHECK(plain[2].number == 3);

  SECTION("UTF-8 with BOM") {
    auto rows = readCsv("\xEF\xBB\xBF" + kSample, {}, {}, &used);
    CHECK(used == TextEncoding::utf8);
    CHECK(texts(rows[0]) == texts(plain[0]));
  }
  SECTION("GBK made by iconv, detected") {
    auto rows = readCsv(toGbk(kSample), {}, {}, &used);
    CHECK(used == TextEncoding::gb18030);
    REQUIRE(rows.size() == 3);
    for (size_t i = 0; i < 3; ++i) CHECK(texts(rows[i]) == texts(plain[i]));
  }
  SECTION("GBK declared") {
    CsvOptions o;
    o.encoding = parseTextEncoding("GBK");
    auto rows = readCsv(toGbk(kSample), o, {}, &used);
    CHECK(used == TextEncoding::gb18030);
    CHECK(texts(rows[2]) == texts(plain[2]));
  }
  SECTION("a large GBK file converts across chunk boundaries") {
    std::string big = "企业名称,所属县区\n";
    for (int i = 0; i < 20000; ++i) big += "许昌第" + std::to_string(i) + "号电气有限公司,魏都区\n";
    auto rows = readCsv(toGbk(big));
    REQUIRE(rows.size() == 20001);
    CHECK(texts(rows[12345])[0] == "许昌第12344号电气有限公司");
    CHECK(texts(rows[20000])[1] == "魏都区");
  }
}

TEST_CASE("RFC 4180 quoting: embedded newlines, doubled quotes, any line end", "[unit][io]") {
  auto rows = readCsv("a,b,c\n\"第一行\r\n第二行\",\"x,y\",\"\"\"q\"\"\"\r\n1,,3\r4,5,6");
  REQUIRE(rows.size() == 4);
  CHECK(texts(rows[1]) == std::vector<std::string>{"第一行\r\n第二行", "x,y", "\"q\""});
  CHECK(rows[1].number == 2);
  CHECK(texts(rows[2]) == std::vector<std::string>{"1", "", "3"});
  CHECK(rows[2].cells[1].kind == CellKind::empty);
  CHECK(rows[3].number == 4);
  CHECK(texts(rows[3]) == std::vector<std::string>{"4", "5", "6"});
  SECTION("blank lines keep their row numbers (as Excel shows them)") {
    auto r = readCsv("h\n\nx\n");
    REQUIRE(r.size() == 3);
    CHECK(r[1].blank());
    CHECK(r[2].number == 3);
  }
  SECTION("an unterminated quote is a file error") { CHECK(csvError("a,b\n\"open,2\n") == "csv_unterminated_quote"); }
  SECTION("another delimiter") {
    CsvOptions o;
    o.delimiter = ';';
    CHECK(texts(readCsv("a;b,c\n", o)[0]) == std::vector<std::string>{"a", "b,c"});
  }
}

TEST_CASE("bad CSV files get a file error and no rows", "[unit][io]") {
  SECTION("binary: a NUL byte anywhere") {
    std::string bin = kSample + std::string("\x00\x01\x02", 3);
    CHECK(csvError(bin) == "file_binary");
    CHECK(csvError(std::string("PK\x03\x04\x14\x00\x00\x00", 8)) == "file_binary");
  }
  SECTION("UTF-16 (Excel's 'Unicode text')") {
    CHECK(csvError(std::string("\xFF\xFE" "a\0,\0", 6)) == "file_unsupported_encoding");
  }
  SECTION("mixed encodings: UTF-8 lines and GBK lines") {
    std::string mixed = "企业名称,所属县区\n许昌电气有限公司,魏都区\n" + toGbk("长葛新材料有限公司,长葛市\n");
    try {
      readCsv(mixed);
      FAIL("mixed encodings were accepted");
    } catch (const trellis::Error& e) {
      CHECK(e.code() == "file_mixed_encoding");
      CHECK(std::string(e.what()).find("第1行是 UTF-8，第3行不是") != std::string::npos);
    }
  }
  SECTION("declared UTF-8 but GBK") {
    CsvOptions o;
    o.encoding = TextEncoding::utf8;
    CHECK(csvError(toGbk(kSample), o) == "file_encoding");
  }
  SECTION("declared GBK but UTF-8") {
    CsvOptions o;
    o.encoding = TextEncoding::gb18030;
    CHECK(csvError(kSample, o) == "file_encoding");
  }
  SECTION("neither UTF-8 nor GB18030") { CHECK(csvError("a,b\n\xFF\xFF\xFF,\x80\n") == "file_encoding"); }
  SECTION("an unknown declared encoding") { CHECK(errorCode([] { parseTextEncoding("latin1"); }) == "unknown_encoding"); }
  SECTION("over the file size limit") {
    ReadLimits l;
    l.max_file_bytes = 100;
    try {
      readCsv(std::string(200, 'a'), {}, l);
      FAIL("an oversized file was accepted");
    } catch (const trellis::Error& e) {
      CHECK(e.code() == "file_too_large");
      CHECK(e.kind() == trellis::ErrorKind::payload_too_large);
    }
  }
  SECTION("10,000 columns") {
    std::string wide;
    for (int i = 0; i < 10000; ++i) wide += (i ? "," : "") + std::to_string(i);
    CHECK(csvError(wide + "\n") == "too_many_columns");
  }
}

TEST_CASE("an oversized CSV cell is a row issue and is not held", "[unit][io]") {
  ReadLimits l;
  l.max_cell_bytes = 1024;
  std::string huge(5 * 1024 * 1024, 'x');  // 5 MiB in one cell
  auto rows = readCsv("a,b\nok," + huge + "\n\"" + huge + "\",2\n", {}, l);
  REQUIRE(rows.size() == 3);
  REQUIRE(rows[1].issues.size() == 1);
  CHECK(rows[1].issues[0].code == "cell_too_large");
  CHECK(rows[1].issues[0].column == 2);
  CHECK(rows[1].cells[1].text.empty());
  CHECK(texts(rows[1])[0] == "ok");
  CHECK(rows[2].issues.at(0).column == 1);
  CHECK(texts(rows[2])[1] == "2");
}

TEST_CASE("openTableFile reads a CSV file from disk by its first bytes", "[unit][io]") {
  TempDir dir;
  writeFile(dir.file("list.csv"), toGbk(kSample));
  CHECK(detectFileFormat(dir.file("list.csv")) == FileFormat::csv);
  auto reader = openTableFile(dir.file("list.csv"), {});
  auto rows = readAll(*reader);
  REQUIRE(rows.size() == 3);
  CHECK(texts(rows[1])[1] == "许昌电气有限公司");
}
