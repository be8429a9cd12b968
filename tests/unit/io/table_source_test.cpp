#include <catch2/catch.hpp>

#include "io_fixture.h"
#include "trellis/io/csv_reader.h"
#include "trellis/io/import_mapping.h"

using namespace trellis::io;
using namespace trellis::io::test;

namespace {

struct CsvSource {
  std::istringstream in;
  TableSource source;
  CsvSource(const std::string& text, const HeaderRule& rule, const ReadLimits& limits = {})
      : in(text), source(std::make_unique<CsvReader>(in, CsvOptions{}, limits), rule, limits) {}
};

HeaderRule enterpriseRule() {
  static const ImportMapping m = loadImportMapping(std::string(TRELLIS_SOURCE_DIR) + "/config/import.json");
  return HeaderRule{m.findKind("enterprises")->headerNames(), 2};
}

}  // namespace

TEST_CASE("the header is found below title rows by its known names", "[unit][io]") {
  CsvSource s(
      "许昌市创新型企业培育库名单（2023年）,,,\n"
      "填报单位：魏都区科技局,,,\n"
      ",,,\n"
      "序号,统一社会信用代码,企业名称,所属县区\n"
      "1,91411002MA4ABCDE3Y,许昌电气有限公司,魏都区\n"
      ",,,\n"
      "2,91411003MA4ABCDE4Z,长葛新材料有限公司,长葛市\n",
      enterpriseRule());
  CHECK(s.source.headerRowNumber() == 4);
  CHECK(s.source.header() == std::vector<std::string>{"序号", "统一社会信用代码", "企业名称", "所属县区"});
  auto rows = readAll(s.source);
  REQUIRE(rows.size() == 2);  // the blank row is skipped
  CHECK(rows[0].number == 5);
  CHECK(rows[1].number == 7);
  CHECK(texts(rows[1])[2] == "长葛新材料有限公司");
}

TEST_CASE("rows longer than the header are row errors; shorter ones are padded", "[unit][io]") {
  CsvSource s("统一社会信用代码,企业名称\nA,甲\nB,乙,多余\nC\nD,丁,,\n", enterpriseRule());
  auto rows = readAll(s.source);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].issues.empty());
  REQUIRE(rows[1].issues.size() == 1);
  CHECK(rows[1].issues[0].code == "row_too_long");
  CHECK(rows[1].issues[0].column == 3);
  CHECK(rows[1].cells.size() == 2);
  CHECK(texts(rows[2]) == std::vector<std::string>{"C", ""});
  CHECK(rows[3].issues.empty());  // trailing empty cells are not data
}

TEST_CASE("no recognisable header, too many rows", "[unit][io]") {
  CHECK(errorCode([] { CsvSource s("甲,乙\n1,2\n", enterpriseRule()); }) == "header_not_found");
  CHECK(errorCode([] { CsvSource s("", HeaderRule{}); }) == "header_not_found");
  ReadLimits l;
  l.max_rows = 3;
  CsvSource s("企业名称,统一社会信用代码\na,1\nb,2\nc,3\nd,4\n", enterpriseRule(), l);
  SourceRow row;
  for (int i = 0; i < 3; ++i) CHECK(s.source.next(row));
  CHECK(errorCode([&] { s.source.next(row); }) == "too_many_rows");
  SECTION("without known names, the first non-blank row is the header") {
    CsvSource plain("\n\na,b\n1,2\n", HeaderRule{});
    CHECK(plain.source.headerRowNumber() == 3);
    CHECK(readAll(plain.source).size() == 1);
  }
}
