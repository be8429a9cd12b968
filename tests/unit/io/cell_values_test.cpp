#include <catch2/catch.hpp>

#include "trellis/io/cell_values.h"

using namespace trellis;
using namespace trellis::io;

TEST_CASE("money in a header's unit becomes integer yuan by decimal arithmetic", "[unit][io]") {
  struct Case {
    const char* text;
    std::int64_t scale;
    std::int64_t yuan;
  };
  const Case cases[] = {
      {"1234.5678", 10000, 12345678},            // 万元 with four decimals: exact
      {"0.1", 10000, 1000},                      // a float would give 999.99…
      {"1234.56785", 10000, 12345679},           // half a yuan rounds away from zero
      {"1234.56784", 10000, 12345678},
      {"-0.00005", 10000, -1},                   // half away from zero, negative
      {"1.5", 1, 2},
      {"2.4999", 1, 2},
      {"3.2", 100000000, 320000000},             // 亿元
      {"1,234,567", 1, 1234567},                 // thousands separators
      {"１２３，４５６．７", 10000, 1234567000},  // full-width digits, comma and point
      {"  88  ", 1, 88},
      {"1.2345E+7", 1, 12345000},                // as XLSX stores a large number
      {"1.5E-3", 10000, 15},
      {"0", 10000, 0},
      {"9223372036854775807", 1, 9223372036854775807LL},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text, c.scale);
    auto p = parseMoney(c.text, c.scale);
    REQUIRE(p.value);
    CHECK(*p.value == c.yuan);
  }
  SECTION("refusals") {
    CHECK(parseMoney("12a", 1).code == "not_a_number");
    CHECK(parseMoney("", 1).code == "not_a_number");
    CHECK(parseMoney("1,23", 1).code == "not_a_number");     // not grouped in threes
    CHECK(parseMoney("1.2.3", 1).code == "not_a_number");
    CHECK(parseMoney("9223372036854775808", 1).code == "number_too_large");
    CHECK(parseMoney("1E+30", 1).code == "number_too_large");
    CHECK(parseMoney("922337203685477.5808", 10000).code == "number_too_large");
    CHECK(!parseMoney("12", 1).code.size());
  }
}

TEST_CASE("integers accept exact decimals and refuse fractions", "[unit][io]") {
  CHECK(*parseInteger("12").value == 12);
  CHECK(*parseInteger("12.0").value == 12);
  CHECK(*parseInteger("1.2E+3").value == 1200);
  CHECK(*parseInteger("-７").value == -7);
  CHECK(*parseInteger("1,000").value == 1000);
  CHECK(parseInteger("12.5").code == "not_an_integer");
  CHECK(parseInteger("0.5").code == "not_an_integer");
  CHECK(parseInteger("abc").code == "not_a_number");
}

TEST_CASE("dates as text in the forms officers type them", "[unit][io]") {
  for (const char* s : {"2023-05-06", "2023/5/6", "2023.5.6", "2023年5月6日", "2023年05月06日", "２０２３年５月６日",
                        "2023-05-06 00:00:00", "2023/5/6 12:30", "2023-05-06T08:00:00", " 2023.05.06 "}) {
    CAPTURE(s);
    auto d = parseDateText(s);
    REQUIRE(d);
    CHECK(d->toString() == "2023-05-06");
  }
  for (const char* s : {"2023-02-29", "2023/13/1", "2023-5/6", "23/5/6", "2023年5月", "5/6/2023", "2023-05-06x", "", "45052"}) {
    CAPTURE(s);
    CHECK_FALSE(parseDateText(s));
  }
  CHECK(parseDateText("2024-02-29")->toString() == "2024-02-29");
}

TEST_CASE("XLSX serial dates in the 1900 system, with its 1900-02-29", "[unit][io]") {
  CHECK(dateFromSerial("1")->toString() == "1900-01-01");
  CHECK(dateFromSerial("59")->toString() == "1900-02-28");
  CHECK_FALSE(dateFromSerial("60"));  // Excel's 1900-02-29, a day that never was
  CHECK(dateFromSerial("61")->toString() == "1900-03-01");
  CHECK(dateFromSerial("45052")->toString() == "2023-05-06");
  CHECK(dateFromSerial("45052.75")->toString() == "2023-05-06");  // the time of day is dropped
  CHECK(dateFromSerial("4.5052E4")->toString() == "2023-05-06");
  CHECK(dateFromSerial("2958465")->toString() == "9999-12-31");
  CHECK_FALSE(dateFromSerial("2958466"));
  CHECK_FALSE(dateFromSerial("0"));
  CHECK_FALSE(dateFromSerial("-5"));
  CHECK_FALSE(dateFromSerial("abc"));
  SECTION("serialFromDate is its inverse on both sides of the phantom day") {
    for (const char* iso : {"1900-01-01", "1900-02-28", "1900-03-01", "2023-05-06", "2000-02-29"}) {
      Date d = *Date::parse(iso);
      CHECK(dateFromSerial(std::to_string(serialFromDate(d)))->toString() == iso);
    }
    CHECK(serialFromDate(Date(2023, 5, 6)) == 45052);
  }
}

TEST_CASE("numbers are normalised before they are parsed", "[unit][io]") {
  CHECK(normaliseNumberText("１２３") == "123");
  CHECK(normaliseNumberText("1,234,567.89") == "1234567.89");
  CHECK(normaliseNumberText("１，２３４") == "1234");
  CHECK(normaliseNumberText("−5") == "-5");
  CHECK(normaliseNumberText("12,34") == "12,34");  // not thousands: left for the parser to refuse
  CHECK(normaliseNumberText("1,2345") == "1,2345");
  CHECK(normaliseNumberText("\xE3\x80\x80" "42 ") == "42");
}

TEST_CASE("convertCell gives each field type its JSON value or a coded refusal", "[unit][io]") {
  ImportField text{"name", FieldType::text, false, {"企业名称"}, ""};
  ImportField money{"revenue", FieldType::money, false, {"营业收入"}, "元"};
  ImportField count{"employees", FieldType::integer, false, {"职工总数"}, ""};
  ImportField date{"founded_on", FieldType::date, false, {"成立日期"}, ""};
  ImportField flag{"rd_ledger_kept", FieldType::boolean, false, {"研发辅助账"}, ""};
  ImportField ratio{"weight", FieldType::decimal, false, {"权重"}, ""};
  auto cell = [](CellKind k, std::string t) { return SourceCell{k, std::move(t)}; };

  CHECK(convertCell(text, 1, cell(CellKind::text, "  许昌电气 ")).value == "许昌电气");
  CHECK(convertCell(text, 1, cell(CellKind::text, "'=SUM(A1)")).value == "=SUM(A1)");  // our own guard taken off
  CHECK(convertCell(text, 1, cell(CellKind::text, "'abc")).value == "'abc");
  CHECK(convertCell(text, 1, cell(CellKind::number, "1.3812345678E+10")).value == "13812345678");
  CHECK(convertCell(text, 1, cell(CellKind::empty, "")).value.is_null());
  CHECK(convertCell(text, 1, cell(CellKind::text, "  ")).value.is_null());

  CHECK(convertCell(money, 10000, cell(CellKind::text, "1,234.5")).value == 12345000);
  CHECK(convertCell(money, 10000, cell(CellKind::number, "1234.5")).value == 12345000);
  CHECK(convertCell(money, 1, cell(CellKind::text, "十万")).code == "not_a_number");
  CHECK(convertCell(money, 1, cell(CellKind::date, "2023-05-06")).code == "not_a_number");

  CHECK(convertCell(count, 1, cell(CellKind::text, "１２")).value == 12);
  CHECK(convertCell(count, 1, cell(CellKind::text, "12.5")).code == "not_an_integer");

  CHECK(convertCell(date, 1, cell(CellKind::date, "2023-05-06")).value == "2023-05-06");
  CHECK(convertCell(date, 1, cell(CellKind::number, "45052")).value == "2023-05-06");
  CHECK(convertCell(date, 1, cell(CellKind::text, "2023年5月6日")).value == "2023-05-06");
  CHECK(convertCell(date, 1, cell(CellKind::text, "去年")).code == "not_a_date");

  CHECK(convertCell(flag, 1, cell(CellKind::text, "是")).value == true);
  CHECK(convertCell(flag, 1, cell(CellKind::text, "N")).value == false);
  CHECK(convertCell(flag, 1, cell(CellKind::boolean, "1")).value == true);
  CHECK(convertCell(flag, 1, cell(CellKind::text, "也许")).code == "not_a_boolean");

  CHECK(convertCell(ratio, 1, cell(CellKind::number, "0.8125")).value == 0.8125);
  CHECK(convertCell(ratio, 1, cell(CellKind::text, "x")).code == "not_a_number");

  auto err = convertCell(money, 1, cell(CellKind::error, "#DIV/0!"));
  CHECK(err.code == "formula_error");
  CHECK(err.message.find("#DIV/0!") != std::string::npos);
}
