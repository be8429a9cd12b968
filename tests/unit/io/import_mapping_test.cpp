#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "io_fixture.h"
#include "trellis/io/import_mapping.h"

using namespace trellis::io;

namespace {

const ImportMapping& shipped() {
  static const ImportMapping m = loadImportMapping(std::string(TRELLIS_SOURCE_DIR) + "/config/import.json");
  return m;
}

nlohmann::json minimal() {
  return nlohmann::json::parse(R"({
    "money_units": {"元": 1, "万元": 10000},
    "kinds": {"enterprises": {"label_zh": "企业", "match_keys": ["uscc"], "fields": [
      {"key": "uscc", "type": "text", "headers": ["统一社会信用代码", "信用代码"]},
      {"key": "revenue", "type": "money", "unit": "元", "headers": ["营业收入"]}
    ]}}
  })");
}

std::string configError(const nlohmann::json& j) {
  try {
    parseImportMapping(j, "import.json");
  } catch (const trellis::Error& e) {
    CHECK(e.code() == "config_invalid");
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the shipped config/import.json has every import kind of issue 12", "[unit][io]") {
  for (const char* k : {"enterprises", "indicators", "designations", "pool_members", "liaison_assignments", "contacts", "graph_nodes",
                        "graph_links", "targets"}) {
    CAPTURE(k);
    const ImportKind* kind = shipped().findKind(k);
    REQUIRE(kind);
    CHECK(!kind->fields.empty());
    CHECK(!kind->label_zh.empty());
  }
  CHECK(shipped().money_units.at("万元") == 10000);
  CHECK(shipped().money_units.at("亿元") == 100000000);
  const ImportKind& ent = *shipped().findKind("enterprises");
  CHECK(ent.findField("uscc")->headers.front() == "统一社会信用代码");
  CHECK(ent.findField("name")->required);
}

TEST_CASE("header synonyms, full-width forms and units map to canonical fields", "[unit][io]") {
  const ImportKind& ent = *shipped().findKind("enterprises");
  auto m = matchHeader(shipped(), ent, {"序号", "社会信用代码", " 单位名称 ", "县（市、区）", "成立日期*", "备用", ""});
  CHECK(m.ok());
  REQUIRE(m.forField("uscc"));
  CHECK(m.forField("uscc")->column == 1);
  CHECK(m.forField("name")->column == 2);
  CHECK(m.forField("region")->column == 3);  // parentheses that are not a unit stay part of the name
  CHECK(m.forField("founded_on")->column == 4);
  CHECK(m.ignored == std::vector<size_t>{0, 5, 6});

  const ImportKind& ind = *shipped().findKind("indicators");
  SECTION("money units in the header: 万元, (元), （亿元）, none") {
    auto u = matchHeader(shipped(), ind, {"信用代码", "年度", "营业收入（万元）", "研发费用总额(元)", "资产总额（亿元）", "负债总额"});
    CHECK(u.ok());
    CHECK(u.forField("revenue")->scale == 10000);
    CHECK(u.forField("revenue")->unit == "万元");
    CHECK(u.forField("rd_expense_total")->scale == 1);
    CHECK(u.forField("total_assets")->scale == 100000000);
    CHECK(u.forField("total_liabilities")->scale == 1);  // the field's default unit
  }
  SECTION("an unknown unit on a money field, a money unit on a count") {
    auto u = matchHeader(shipped(), ind, {"信用代码", "年度", "营业收入（千元）", "职工总数（万元）", "科技人员数（人）"});
    REQUIRE(u.problems.size() == 2);
    CHECK(u.problems[0].code == "unknown_unit");
    CHECK(u.problems[0].column == 3);
    CHECK(u.problems[1].code == "unknown_unit");
    CHECK(u.problems[1].field == "employees");
    CHECK(u.forField("st_staff"));  // a note like （人） on a count is accepted
  }
  SECTION("two columns for one field, a required field missing") {
    auto u = matchHeader(shipped(), ent, {"统一社会信用代码", "信用代码", "所属县区"});
    REQUIRE(u.problems.size() == 2);
    CHECK(u.problems[0].code == "duplicate_column");
    CHECK(u.problems[0].column == 2);
    CHECK(u.problems[1].code == "missing_required");
    CHECK(u.problems[1].field == "name");
    CHECK_FALSE(u.ok());
  }
  SECTION("a saved mapping overrides the config, and can ignore a column") {
    auto u = matchHeader(shipped(), ent, {"代码", "企业", "所属县区", "企业名称"}, {{"代码", "uscc"}, {"企业", "name"}, {"企业名称", ""}});
    CHECK(u.ok());
    CHECK(u.forField("uscc")->column == 0);
    CHECK(u.forField("name")->column == 1);
    CHECK(u.ignored == std::vector<size_t>{3});
  }
}

TEST_CASE("normaliseHeader folds what spreadsheets vary", "[unit][io]") {
  CHECK(normaliseHeader("营业收入（万元）") == "营业收入(万元)");
  CHECK(normaliseHeader(" 企业\n名称 *") == "企业名称");
  CHECK(normaliseHeader("*企业名称") == "企业名称");
  CHECK(normaliseHeader("\xE3\x80\x80ＵＳＣＣ") == "uscc");
  CHECK(normaliseHeader("县（市、区）") == "县(市、区)");
}

TEST_CASE("a bad import config is refused naming its JSON path", "[unit][io]") {
  auto j = minimal();
  CHECK(configError(j).empty());
  SECTION("missing member") {
    j["kinds"]["enterprises"]["fields"][1].erase("headers");
    CHECK(configError(j) == "import.json: kinds.enterprises.fields[1].headers is missing");
  }
  SECTION("unknown type") {
    j["kinds"]["enterprises"]["fields"][0]["type"] = "float";
    CHECK(configError(j).find("kinds.enterprises.fields[0].type") != std::string::npos);
  }
  SECTION("empty header") {
    j["kinds"]["enterprises"]["fields"][0]["headers"][1] = "";
    CHECK(configError(j).find("kinds.enterprises.fields[0].headers[1] must be a non-empty string") != std::string::npos);
  }
  SECTION("a synonym used twice in a kind, after normalisation") {
    j["kinds"]["enterprises"]["fields"][1]["headers"].push_back("信用 代码");
    CHECK(configError(j).find("kinds.enterprises.fields[1].headers[1]") != std::string::npos);
  }
  SECTION("duplicate field key") {
    j["kinds"]["enterprises"]["fields"][1]["key"] = "uscc";
    CHECK(configError(j).find("fields[1].key duplicates") != std::string::npos);
  }
  SECTION("a unit that is not a power of ten, or not listed") {
    j["money_units"]["千元"] = 1500;
    CHECK(configError(j).find("money_units.千元 must be a positive power of ten") != std::string::npos);
    j["money_units"]["千元"] = 1000;
    j["kinds"]["enterprises"]["fields"][1]["unit"] = "美元";
    CHECK(configError(j).find("fields[1].unit '美元' is not in money_units") != std::string::npos);
  }
  SECTION("a money field without a default unit, a unit on text") {
    j["kinds"]["enterprises"]["fields"][1].erase("unit");
    CHECK(configError(j).find("fields[1].unit is missing") != std::string::npos);
    j = minimal();
    j["kinds"]["enterprises"]["fields"][0]["unit"] = "元";
    CHECK(configError(j).find("fields[0].unit is only for money fields") != std::string::npos);
  }
  SECTION("a match key that is not a field") {
    j["kinds"]["enterprises"]["match_keys"] = {"code"};
    CHECK(configError(j).find("match_keys[0] 'code' is not a field") != std::string::npos);
  }
  SECTION("the file itself missing") {
    CHECK(trellis::io::test::errorCode([] { loadImportMapping("/nonexistent/import.json"); }) == "config_missing");
  }
}
