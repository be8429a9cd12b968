// The header signature of a saved mapping and the checks of a client's mapping
// (service/import_preview.h), on the shipped config/import.json.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/io/import_mapping.h"
#include "trellis/service/import_preview.h"

using namespace trellis;

namespace {

const io::ImportKind& enterprises() {
  static const io::ImportMapping m = io::loadImportMapping(std::string(TRELLIS_SOURCE_DIR) + "/config/import.json");
  return *m.findKind("enterprises");
}

const std::vector<std::string> kHeader = {"统一社会信用代码", "单位全称", "所属县区", "办公地址"};

std::pair<std::string, std::string> refusal(const std::string& mapping_json, std::size_t max_columns = 1000) {
  try {
    service::parseHeaderMapping(nlohmann::json::parse(mapping_json), kHeader, enterprises(), max_columns);
  } catch (const Error& e) {
    return {e.code(), e.field()};
  }
  return {"", ""};
}

}  // namespace

TEST_CASE("import preview: the header signature ignores spacing, full-width forms and the required mark", "[unit][service]") {
  std::string plain = service::headerSignature({"统一社会信用代码", "单位全称", "ABC"});
  CHECK(plain.size() == 64);
  CHECK(service::headerSignature({" 统一社会信用代码* ", "单位\n全称", "ＡＢＣ"}) == plain);
  CHECK(service::headerSignature({"统一社会信用代码", "单位全称"}) != plain);
  CHECK(service::headerSignature({"单位全称", "统一社会信用代码", "ABC"}) != plain);  // order counts
  // The separator keeps cells apart: "ab","c" is not "a","bc".
  CHECK(service::headerSignature({"ab", "c"}) != service::headerSignature({"a", "bc"}));
}

TEST_CASE("import preview: a client's mapping is checked against the header and the kind's fields", "[unit][service]") {
  auto ok = service::parseHeaderMapping(nlohmann::json::parse(R"({"单位全称":"name"," 办公地址 ":null})"), kHeader,
                                        enterprises(), 1000);
  REQUIRE(ok.size() == 2);
  CHECK(ok.at("单位全称") == "name");
  CHECK(ok.at("办公地址").empty());  // kept as the file writes the header; null = ignore
  CHECK(refusal(R"(["name"])") == std::pair<std::string, std::string>{"wrong_type", "mapping"});
  CHECK(refusal(R"({"单位全称":1})") == std::pair<std::string, std::string>{"wrong_type", "mapping"});
  CHECK(refusal(R"({"电话":"contact_phone"})") == std::pair<std::string, std::string>{"unknown_column", "mapping"});
  CHECK(refusal(R"({"单位全称":"nickname"})") == std::pair<std::string, std::string>{"unknown_field", "mapping"});
  CHECK(refusal(R"({"单位全称":"name","办公地址":"address"})", 1) == std::pair<std::string, std::string>{"too_many", "mapping"});
}
