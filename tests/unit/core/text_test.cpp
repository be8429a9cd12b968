// UTF-8 helpers behind names and 2-character Chinese search.
#include "trellis/core/text.h"

#include <catch2/catch.hpp>

namespace trellis::text {

TEST_CASE("isValidUtf8 accepts well-formed text and refuses malformed sequences", "[unit]") {
  struct Case {
    const char* what;
    std::string s;
    bool valid;
  };
  for (const auto& c : std::vector<Case>{
           {"empty", "", true},
           {"ASCII", "abc 123", true},
           {"Chinese", "许继电气", true},
           {"4-byte emoji", "\xF0\x9F\x98\x80", true},
           {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
           {"lone continuation", "\x80", false},
           {"truncated 3-byte", "\xE8\xAE", false},
           {"overlong 2-byte NUL", "\xC0\x80", false},
           {"overlong 3-byte", "\xE0\x80\xAF", false},
           {"overlong 4-byte", "\xF0\x80\x80\xAF", false},
           {"surrogate U+D800", "\xED\xA0\x80", false},
           {"above U+10FFFF", "\xF4\x90\x80\x80", false},
           {"F5 lead byte", "\xF5\x80\x80\x80", false},
           {"bad byte after good text", "许继\xFF", false},
       }) {
    INFO(c.what);
    CHECK(isValidUtf8(c.s) == c.valid);
  }
}

TEST_CASE("hasControlCharacter finds C0, DEL, C1 and NUL", "[unit]") {
  CHECK_FALSE(hasControlCharacter("许昌市 魏都区"));
  CHECK(hasControlCharacter(std::string("a\0b", 3)));
  CHECK(hasControlCharacter("a\tb"));
  CHECK(hasControlCharacter("a\nb"));
  CHECK(hasControlCharacter("a\x7F"));
  CHECK(hasControlCharacter("a\xC2\x85"));      // U+0085 NEL
  CHECK_FALSE(hasControlCharacter("\xC2\xA0"));  // U+00A0 is not a control
}

TEST_CASE("codePoints and length count characters, not bytes", "[unit]") {
  auto cps = codePoints("许继A电");
  REQUIRE(cps.size() == 4);
  CHECK(cps[0] == "许");
  CHECK(cps[2] == "A");
  CHECK(length("许继电气") == 4);
  CHECK(length("") == 0);
  CHECK(length("\xF0\x9F\x98\x80x") == 2);
  CHECK(length("\xFF\xFE") == 2);  // malformed bytes count one each, never loop
}

TEST_CASE("foldCase lowers ASCII only", "[unit]") {
  CHECK(foldCase("ABC许继5G") == "abc许继5g");
  CHECK(foldCase("ÄÖ") == "ÄÖ");
}

TEST_CASE("bigrams are the distinct adjacent pairs, skipping white space", "[unit]") {
  CHECK(bigrams("许继电气") == std::vector<std::string>{"电气", "继电", "许继"});  // sorted by bytes
  CHECK(bigrams("许继许继") == std::vector<std::string>{"继许", "许继"});
  CHECK(bigrams("许") .empty());
  CHECK(bigrams("").empty());
  CHECK(bigrams("许继 电气") == std::vector<std::string>{"电气", "许继"});
  CHECK(bigrams("许继\xE3\x80\x80电气") == std::vector<std::string>{"电气", "许继"});  // U+3000
  CHECK(bigrams("5G通信") == std::vector<std::string>{"5g", "g通", "通信"});
}

TEST_CASE("trim, join and split", "[unit]") {
  CHECK(trim("  许继 \t\r\n") == "许继");
  CHECK(trim(" \t ").empty());
  CHECK(trim("a b") == "a b");
  CHECK(join({}, '\n').empty());
  CHECK(join({"a", "b", "c"}, '\n') == "a\nb\nc");
  CHECK(split("", '\n').empty());
  CHECK(split("a", '\n') == std::vector<std::string>{"a"});
  CHECK(split("a\n\nb", '\n') == std::vector<std::string>{"a", "", "b"});
  CHECK(split("a\n", '\n') == std::vector<std::string>{"a", ""});
  for (const auto& items : std::vector<std::vector<std::string>>{{"许继"}, {"a", "b"}, {"上市后备", "专精特新", "外资"}})
    CHECK(split(join(items, '\n'), '\n') == items);
}

}  // namespace trellis::text
