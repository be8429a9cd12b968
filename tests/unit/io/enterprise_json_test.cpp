#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "trellis/io/enterprise_json.h"

using trellis::Date;
using trellis::domain::Enterprise;

namespace {

Enterprise sample() {
  Enterprise e;
  e.uscc = "91411002MA4ABCDE3Y";
  e.name = "许昌\"引号\"\\反斜杠电气有限公司";
  e.aliases = {"许继", "别名\t制表"};
  e.region_code = "411002";
  e.industry = "power_equipment";
  e.founded_on = Date(2012, 2, 29);
  e.address = "魏都区\n第二行";
  e.legal_representative = "王伟";
  e.contact_phone = "13812345678";
  e.tags = {"专精特新"};
  e.created_at = "2026-11-27T00:00:00Z";
  e.updated_at = "2026-11-27T01:00:00Z";
  e.version = 7;
  return e;
}

}  // namespace

TEST_CASE("the direct enterprise writer produces the same bytes as the JSON tree", "[unit][io]") {
  Enterprise e = sample();
  SECTION("every field set, escapes included") {
    for (bool mask : {false, true}) CHECK(trellis::io::enterpriseJsonText(e, mask) == trellis::io::enterpriseToJson(e, mask).dump());
  }
  SECTION("empty lists, no founding date, archived, override, a control character") {
    e.aliases.clear();
    e.tags.clear();
    e.founded_on.reset();
    e.archived = true;
    e.uscc_checksum_override = true;
    e.address = std::string("a\x01z");
    e.contact_phone.clear();
    for (bool mask : {false, true}) CHECK(trellis::io::enterpriseJsonText(e, mask) == trellis::io::enterpriseToJson(e, mask).dump());
  }
  SECTION("the text parses back to the enterprise's values") {
    auto j = nlohmann::json::parse(trellis::io::enterpriseJsonText(e, true));
    CHECK(j.at("name") == e.name);
    CHECK(j.at("contact_phone") == "138****5678");
    CHECK(j.at("contact_phone_masked") == true);
    CHECK(j.at("founded_on") == "2012-02-29");
  }
}
