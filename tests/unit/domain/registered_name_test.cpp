// What a registered name may contain (domain/registered_name.h, N1–N5).
#include "trellis/domain/registered_name.h"

#include <catch2/catch.hpp>
#include <string>

namespace trellis::domain {

TEST_CASE("N1-N3 real name shapes are accepted", "[unit]") {
  for (const char* name : {"许继电气股份有限公司", "许昌许继风电科技有限公司（长葛分公司）", "河南(许昌)发制品有限公司",
                           "TCL科技集团股份有限公司", "许昌5G应用科技有限公司", "ＡＢＢ（中国）有限公司", "许昌Ａ＆Ｂ电子有限公司",
                           "阿卜杜·热合曼贸易有限公司", "许昌・中德智能装备有限公司", "许昌中-德合作产业园有限公司",
                           "许昌A&B检验检测有限公司", "二〇二〇许昌科技有限公司", "XJ Electric", "\xF0\xA0\x80\x8B记商行",
                           "\xE4\xB8\xBD\xEF\xA4\x80兼容汉字"}) {
    INFO(name);
    CHECK_FALSE(firstNonNameCharacter(name));
  }
}

TEST_CASE("N4 emoji were stored in registered names: emoji, symbols, other punctuation and invisibles are refused",
          "[unit]") {
  struct Case {
    const char* what;
    std::string name;
    std::size_t index;
  };
  for (const auto& c : std::vector<Case>{
           {"emoji", "许昌\xF0\x9F\x98\x80电气有限公司", 2},
           {"emoji with variation selector", "许昌\xE2\x9D\xA4\xEF\xB8\x8F有限公司", 2},
           {"flag", "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3许昌有限公司", 0},
           {"zero-width space", "许昌\xE2\x80\x8B有限公司", 2},
           {"right-to-left override", "许昌\xE2\x80\xAE有限公司", 2},
           {"Chinese comma", "许昌，有限公司", 2},
           {"full stop", "许昌电气有限公司。", 8},
           {"ASCII punctuation", "许昌电气Co.,Ltd", 6},
           {"registered sign", "许昌电气®", 4},
           {"star", "许昌★电气", 2},
           {"book title marks", "《许昌》电气", 0},
           {"ideographic space", "许昌\xE3\x80\x80电气", 2},
           {"tab", "许昌\t电气", 2},
           {"Hangul", "许昌한국电气", 2},
           {"private use", "许昌\xEE\x80\x80电气", 2},
       }) {
    INFO(c.what);
    auto bad = firstNonNameCharacter(c.name);
    REQUIRE(bad);
    CHECK(*bad == c.index);
  }
}

TEST_CASE("N5 a name holds at least one Chinese ideograph", "[unit]") {
  CHECK(hasChineseIdeograph("TCL科技"));
  CHECK(hasChineseIdeograph("\xF0\xA0\x80\x8B"));  // Extension B
  CHECK(hasChineseIdeograph("〇"));
  CHECK_FALSE(hasChineseIdeograph("XJ Electric"));
  CHECK_FALSE(hasChineseIdeograph("（）·－"));
  CHECK_FALSE(hasChineseIdeograph(""));
}

TEST_CASE("the name character classes at their edges", "[unit]") {
  for (char32_t c : {char32_t{0x4E00}, char32_t{0x9FFF}, char32_t{0x3400}, char32_t{0x4DBF}, char32_t{0x20000},
                     char32_t{0x323AF}, char32_t{0xF900}, char32_t{0xFAFF}, char32_t{'0'}, char32_t{'z'}, char32_t{0xFF10},
                     char32_t{0xFF5A}, char32_t{0xFF08}, char32_t{0xFF09}, char32_t{0x00B7}, char32_t{' '}})
    CHECK(isRegisteredNameCharacter(c));
  for (char32_t c : {char32_t{0x4DC0}, char32_t{0xA000}, char32_t{0x33FF}, char32_t{0x323B0}, char32_t{0xFF0E},
                     char32_t{0xFF5B}, char32_t{'.'}, char32_t{'_'}, char32_t{'\''}, char32_t{0x3001}, char32_t{0x1F600},
                     char32_t{0x200B}, char32_t{0}})
    CHECK_FALSE(isRegisteredNameCharacter(c));
}

}  // namespace trellis::domain
