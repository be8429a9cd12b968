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

TEST_CASE("bidi controls and zero-width characters were accepted as text: firstForbiddenCharacter finds them",
          "[unit]") {
  struct Case {
    const char* what;
    const char* utf8;
    char32_t cp;
  };
  for (const auto& c : std::vector<Case>{
           {"LRE", "\xE2\x80\xAA", 0x202A}, {"RLE", "\xE2\x80\xAB", 0x202B}, {"PDF", "\xE2\x80\xAC", 0x202C},
           {"LRO", "\xE2\x80\xAD", 0x202D}, {"RLO", "\xE2\x80\xAE", 0x202E}, {"LRI", "\xE2\x81\xA6", 0x2066},
           {"RLI", "\xE2\x81\xA7", 0x2067}, {"FSI", "\xE2\x81\xA8", 0x2068}, {"PDI", "\xE2\x81\xA9", 0x2069},
           {"LRM", "\xE2\x80\x8E", 0x200E}, {"RLM", "\xE2\x80\x8F", 0x200F}, {"ALM", "\xD8\x9C", 0x061C},
           {"ZWSP", "\xE2\x80\x8B", 0x200B}, {"ZWNJ", "\xE2\x80\x8C", 0x200C}, {"ZWJ", "\xE2\x80\x8D", 0x200D},
           {"word joiner", "\xE2\x81\xA0", 0x2060}, {"invisible times", "\xE2\x81\xA2", 0x2062},
           {"BOM / ZWNBSP", "\xEF\xBB\xBF", 0xFEFF}, {"soft hyphen", "\xC2\xAD", 0x00AD},
           {"line separator", "\xE2\x80\xA8", 0x2028}, {"paragraph separator", "\xE2\x80\xA9", 0x2029},
           {"Mongolian vowel separator", "\xE1\xA0\x8E", 0x180E}, {"Hangul filler", "\xE3\x85\xA4", 0x3164},
           {"half-width Hangul filler", "\xEF\xBE\xA0", 0xFFA0}, {"combining grapheme joiner", "\xCD\x8F", 0x034F},
           {"interlinear annotation", "\xEF\xBF\xB9", 0xFFF9}, {"tag LATIN A", "\xF3\xA0\x81\x81", 0xE0041},
           {"noncharacter U+FFFE", "\xEF\xBF\xBE", 0xFFFE}, {"noncharacter U+FDD0", "\xEF\xB7\x90", 0xFDD0},
           {"Arabic number sign", "\xD8\x80", 0x0600},
       }) {
    INFO(c.what);
    std::string s = std::string("许昌") + c.utf8 + "电气";
    auto found = firstForbiddenCharacter(s, true);
    REQUIRE(found);
    CHECK(found->index == 2);  // in characters, not bytes
    CHECK(found->code_point == c.cp);
    CHECK(found->invisible);
    CHECK(isInvisibleOrBidi(c.cp));
    CHECK(hasControlCharacter(s));
  }
}

TEST_CASE("firstForbiddenCharacter: controls, line feeds where allowed, and what is ordinary text", "[unit]") {
  auto tab = firstForbiddenCharacter("a\tb", true);
  REQUIRE(tab);
  CHECK(tab->code_point == 0x09);
  CHECK_FALSE(tab->invisible);
  CHECK_FALSE(firstForbiddenCharacter("第一行\n第二行", true));
  CHECK(firstForbiddenCharacter("第一行\n第二行", false)->index == 3);
  CHECK(firstForbiddenCharacter("a\r\nb", true)->code_point == 0x0D);
  CHECK(firstForbiddenCharacter("\xC2\x9F", false)->code_point == 0x9F);
  for (const char* ok : {"许继电气（许昌）有限公司", "TCL科技·5G-应用&检测", "走访，企业反映融资难；需要贷款！“急”……",
                         "\xF0\x9F\x98\x80 emoji are visible", "\xE2\x9D\xA4\xEF\xB8\x8F (a variation selector)",
                         "\xC2\xA0no-break and\xE3\x80\x80ideographic spaces", "\xEE\x80\x80 private use (rare 生僻字 fonts)",
                         "\xF0\xA0\x80\x8B extension B", "مرحبا Arabic letters without marks", ""}) {
    INFO(ok);
    CHECK_FALSE(firstForbiddenCharacter(ok, false));
  }
  CHECK_FALSE(firstForbiddenCharacter("\xFF\xFE", false));  // malformed bytes are isValidUtf8's to refuse
}

TEST_CASE("decode, encode and codePointName", "[unit]") {
  for (char32_t c : {char32_t{0x41}, char32_t{0xAD}, char32_t{0x8BB8}, char32_t{0x202E}, char32_t{0x1F600}, char32_t{0x10FFFF}}) {
    auto utf8 = encode(c);
    CHECK(isValidUtf8(utf8));
    CHECK(decode(utf8) == c);
  }
  CHECK(codePointName(0x202E) == "U+202E");
  CHECK(codePointName(0x07) == "U+0007");
  CHECK(codePointName(0xE0041) == "U+E0041");
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
