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

// The full-width form of an ASCII code (digits and letters U+FF10.., U+FF21.., U+FF41..).
std::string fullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    char32_t cp = static_cast<char32_t>(0xFF00 + (c - 0x20));  // '!'..'~' ↔ U+FF01..U+FF5E
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string messageOf(const std::string& raw) {
  try {
    parse(raw);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
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
                                         {"a Chinese character as the 19th", "91411002MA4ABCDE3Y许"}}) {
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

namespace trellis::uscc {

TEST_CASE("a full-width 统一社会信用代码 was refused as \"must be 18 characters, got 54\": it is normalised",
          "[unit]") {
  std::string wide = fullWidth("91411002MA4ABCDE3Y");
  REQUIRE(wide.size() == 54);
  auto p = parse(wide);
  CHECK(p.code == "91411002MA4ABCDE3Y");
  CHECK(p.checksum_ok);
}

TEST_CASE("U5 RULES.md's vectors pass in full-width, lower-case full-width, mixed and padded forms", "[unit]") {
  const std::string ideographic_space = "\xE3\x80\x80", nbsp = "\xC2\xA0";
  for (const std::string code : {"91350200776049653A", "91350500798359476R", "91350503MA31DKY80A", "91350200MA31E12PXF",
                                 "91440101MA5CJQ4N59", "913502000728319549", "123502001549897397", "9135021359498494XQ",
                                 "91350213678251743X", "91411002MA4ABCDE3Y", "91411003MA4ABCDE3D", "91411082MA4ABCDE3T",
                                 "91411023MA4ABCDE3C"}) {
    INFO(code);
    for (const std::string& raw : {fullWidth(code), fullWidth(lower(code)), fullWidth(code.substr(0, 9)) + code.substr(9),
                                   ideographic_space + fullWidth(code) + ideographic_space, nbsp + code + " \t",
                                   " " + lower(code) + ideographic_space}) {
      INFO(raw);
      auto p = parse(raw);
      CHECK(p.code == code);
      CHECK(p.checksum_ok);
    }
  }
  SECTION("the anomaly keeps its wrong check character in full-width too") {
    auto p = parse(fullWidth("91350203M0001QAY9B"));
    CHECK(p.code == "91350203M0001QAY9B");
    CHECK_FALSE(p.checksum_ok);
    CHECK(p.expected_check == '9');
  }
}

TEST_CASE("U1/U2 count characters, not bytes, in lengths and positions", "[unit]") {
  CHECK(errorCode(fullWidth("91411002MA4ABCDE3")) == "uscc_length");
  CHECK(messageOf(fullWidth("91411002MA4ABCDE3")).find("got 17") != std::string::npos);
  CHECK(messageOf(fullWidth("91411002MA4ABCDE3Y0")).find("got 19") != std::string::npos);
  CHECK(messageOf("许昌市魏都区").find("got 6") != std::string::npos);
  // 18 characters, one of them Chinese: a character error at its position, not a length error.
  CHECK(errorCode("91411002MA4ABCDE3许") == "uscc_charset");
  CHECK(messageOf(fullWidth("91411002") + "许" + fullWidth("A4ABCDE3Y")).find("character 9") != std::string::npos);
  // Full-width letters the charset refuses are refused like their ASCII forms.
  CHECK(errorCode(fullWidth("91411002MA4ABCDEIY")) == "uscc_charset");
  CHECK(messageOf(fullWidth("91411002MA4ABCDEIY")).find("character 17") != std::string::npos);
  // Full-width punctuation is not a code character; an inner full-width space is not trimmed.
  CHECK(errorCode(fullWidth("91411002-A4ABCDE3Y")) == "uscc_charset");
  CHECK(errorCode(fullWidth("91411002") + "\xE3\x80\x80" + fullWidth("A4ABCDE3Y")) == "uscc_charset");
  CHECK(errorCode("\xE3\x80\x80\xE3\x80\x80") == "uscc_length");
}

}  // namespace trellis::uscc
