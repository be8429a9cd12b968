// 统一社会信用代码 validation with the vectors of RULES.md §4.1 and Appendix A.
#include "trellis/core/uscc.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "trellis/core/error.h"

namespace trellis::uscc {
namespace {

// An independent reading of GB 32100: W_i = 3^(i-1) mod 31, C18 = 31 - (Σ mod 31), 31 → 0.
char referenceCheck(const std::string& first17) {
  const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int sum = 0, weight = 1;
  for (char c : first17) {
    sum += static_cast<int>(charset.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  int check = (31 - sum % 31) % 31;
  return charset[static_cast<size_t>(check)];
}

// The error code parse() throws for raw, or "" when it does not throw.
std::string errorCode(const std::string& raw) {
  try {
    parse(raw);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.field() == "uscc");
    return e.code();
  }
  return "";
}

}  // namespace

TEST_CASE("real codes from RULES.md §4.1 pass the check", "[unit]") {
  for (const char* code : {"91350200776049653A", "91350500798359476R", "91350503MA31DKY80A", "91350200MA31E12PXF",
                           "91440101MA5CJQ4N59", "913502000728319549", "123502001549897397", "9135021359498494XQ",
                           "91350213678251743X"}) {
    INFO(code);
    auto p = parse(code);
    CHECK(p.code == code);
    CHECK(p.checksum_ok);
    CHECK(p.expected_check == code[17]);
  }
}

TEST_CASE("synthetic Xuchang codes pass the check", "[unit]") {
  for (const char* code : {"91411002MA4ABCDE3Y", "91411003MA4ABCDE3D", "91411082MA4ABCDE3T", "91411023MA4ABCDE3C"}) {
    INFO(code);
    CHECK(parse(code).checksum_ok);
  }
}

TEST_CASE("the real anomaly 91350203M0001QAY9B fails the check, expecting 9", "[unit]") {
  auto p = parse("91350203M0001QAY9B");
  CHECK_FALSE(p.checksum_ok);
  CHECK(p.expected_check == '9');
  CHECK(p.code == "91350203M0001QAY9B");  // reported, not thrown: the caller may override
  CHECK(parse("91350203M0001QAY99").checksum_ok);
}

TEST_CASE("a wrong length is uscc_length", "[unit]") {
  struct Case {
    const char* what;
    std::string raw;
  };
  for (const auto& c : std::vector<Case>{{"empty", ""},
                                         {"17 characters", "91411002MA4ABCDE3"},
                                         {"19 characters", "91411002MA4ABCDE3Y0"},
                                         {"only spaces", "                  "},
                                         {"inner space", "91411002 MA4ABCDE3Y"},
                                         {"a Chinese character makes it longer", "91411002MA4ABCDE3许"}}) {
    INFO(c.what);
    CHECK(errorCode(c.raw) == "uscc_length");
  }
}

TEST_CASE("a character outside the 31 allowed is uscc_charset", "[unit]") {
  const std::string good = "91411002MA4ABCDE3Y";
  SECTION("each of I, O, S, V, Z at any position") {
    for (char bad : {'I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z', '-', ' ', '*', '\0'}) {
      for (size_t pos : {size_t{0}, size_t{8}, size_t{17}}) {
        std::string raw = good;
        raw[pos] = bad;
        if (bad == ' ' && (pos == 0 || pos == 17)) continue;  // trimmed, so a length error
        INFO("char " << int(bad) << " at " << pos);
        CHECK(errorCode(raw) == "uscc_charset");
      }
    }
  }
  SECTION("the message names the position") {
    try {
      parse("91411002MA4ABCDEIY");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("character 17") != std::string::npos);
    }
  }
  SECTION("every allowed character is accepted at the check position") {
    for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
      CHECK(isCodeCharacter(c));
      std::string raw = good;
      raw[17] = c;
      CHECK(errorCode(raw).empty());
    }
    for (char c : std::string("IOSVZabc")) CHECK_FALSE(isCodeCharacter(c));
  }
}

TEST_CASE("lowercase is accepted and normalised; surrounding blanks are trimmed", "[unit]") {
  SECTION("lowercase") {
    auto p = parse("9135021359498494xq");
    CHECK(p.code == "9135021359498494XQ");
    CHECK(p.checksum_ok);
  }
  SECTION("spaces and tabs around") {
    auto p = parse(" \t91350213678251743X\t ");
    CHECK(p.code == "91350213678251743X");
    CHECK(p.checksum_ok);
  }
  SECTION("a lowercase wrong check character reports the upper-case expected one") {
    auto p = parse("91350203m0001qay9b");
    CHECK(p.code == "91350203M0001QAY9B");
    CHECK_FALSE(p.checksum_ok);
    CHECK(p.expected_check == '9');
  }
}

TEST_CASE("checkCharacter agrees with an independent implementation", "[unit]") {
  CHECK(checkCharacter("00000000000000000") == '0');  // Σ = 0 → 31 → 0
  CHECK(parse("000000000000000000").checksum_ok);
  std::mt19937_64 rng(42);
  const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (int i = 0; i < 2000; ++i) {
    std::string first17;
    for (int k = 0; k < 17; ++k) first17 += charset[rng() % charset.size()];
    INFO(first17);
    REQUIRE(checkCharacter(first17) == referenceCheck(first17));
    // Exactly one check character makes a valid code.
    int valid = 0;
    for (char c : charset) valid += parse(first17 + c).checksum_ok ? 1 : 0;
    REQUIRE(valid == 1);
  }
}

}  // namespace trellis::uscc
