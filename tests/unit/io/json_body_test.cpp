// The one parser of request bodies (io/json_body.h, cases J1–J5): numbers out of range, repeated
// keys and depth are refused while parsing, each naming the field by its path.
#include "trellis/io/json_body.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "trellis/core/error.h"

namespace trellis::io {
namespace {

Error errorOf(const std::string& body) {
  try {
    parseJsonBody(body, 32);
  } catch (const Error& e) {
    return e;
  }
  FAIL("parseJsonBody accepted " << body);
  return Error(errc::internal, "unreachable");
}

}  // namespace

TEST_CASE("a password of 1e309 is number_out_of_range naming password, not nlohmann's out_of_range.406 (a 500)",
          "[unit][io]") {
  auto e = errorOf(R"({"login":"x","password":1e309})");
  CHECK(e.kind() == ErrorKind::invalid);
  CHECK(e.code() == "number_out_of_range");
  CHECK(e.field() == "password");
  CHECK(std::string(e.what()).find("1e309") != std::string::npos);
}

TEST_CASE("J3/J4 every number no field can hold is number_out_of_range, named by its path", "[unit][io]") {
  struct Case {
    const char* what;
    std::string body;
    const char* field;
  };
  std::string digits400(400, '9');
  for (const auto& c : std::vector<Case>{
           {"top-level member", R"({"revenue":1e309})", "revenue"},
           {"negative overflow", R"({"revenue":-1e309})", "revenue"},
           {"exponent 400", R"({"revenue":2.5E+400})", "revenue"},
           {"400-digit integer", R"({"revenue":)" + digits400 + "}", "revenue"},
           {"400-digit negative integer", R"({"revenue":-)" + digits400 + "}", "revenue"},
           {"above INT64_MAX (get<int64_t> would wrap to -1)", R"({"version":18446744073709551615})", "version"},
           {"INT64_MAX + 1", R"({"version":9223372036854775808})", "version"},
           {"nested object", R"({"a":{"b":{"c":1e309}}})", "a.b.c"},
           {"array element", R"({"aliases":["x",1e309]})", "aliases[1]"},
           {"object in an array", R"({"problems":[{"description":"d"},{"deadline":1e309}]})", "problems[1].deadline"},
           {"after a closed sibling container", R"({"a":[[1],[2,3]],"b":[{},1e309]})", "b[1]"},
           {"the whole body", "1e309", ""},
           {"in an unknown field (refused before the field check)", R"({"zzz":1e999})", "zzz"},
       }) {
    INFO(c.what);
    auto e = errorOf(c.body);
    CHECK(e.kind() == ErrorKind::invalid);
    CHECK(e.code() == "number_out_of_range");
    CHECK(e.field() == c.field);
  }
}

TEST_CASE("J3/J4 the largest numbers that fit are parsed unchanged", "[unit][io]") {
  auto v = parseJsonBody(
      R"({"max":9223372036854775807,"min":-9223372036854775808,"big":1.7976931348623157e308,"tiny":1e-400})", 32);
  CHECK(v["max"].get<std::int64_t>() == std::numeric_limits<std::int64_t>::max());
  CHECK(v["min"].get<std::int64_t>() == std::numeric_limits<std::int64_t>::min());
  CHECK(v["big"].is_number_float());
  CHECK(v["tiny"].get<double>() == 0.0);  // underflow is a finite zero, not an error
}

TEST_CASE("J2 a repeated key is duplicate_key naming it, at any depth (was last-wins)", "[unit][io]") {
  struct Case {
    const char* what;
    std::string body;
    const char* field;
  };
  for (const auto& c : std::vector<Case>{
           {"region twice", R"({"region":"411002","name":"x","region":"411082"})", "region"},
           {"same value twice", R"({"a":1,"a":1})", "a"},
           {"nested", R"({"a":{"b":1,"b":2}})", "a.b"},
           {"in an array element", R"({"problems":[{"category":"x","category":"y"}]})", "problems[0].category"},
           {"container values", R"({"x":{},"x":[]})", "x"},
           {"escaped spelling of the same key", R"({"region":1,"regio\u006e":2})", "region"},
       }) {
    INFO(c.what);
    auto e = errorOf(c.body);
    CHECK(e.kind() == ErrorKind::bad_request);
    CHECK(e.code() == "duplicate_key");
    CHECK(e.field() == c.field);
  }
}

TEST_CASE("J2/J3 an error names a long key by its first 64 bytes, cut between characters", "[unit][io]") {
  std::string key(70, 'k');
  CHECK(errorOf(R"({")" + key + R"(":1,")" + key + R"(":2})").field() == std::string(64, 'k') + "…");
  std::string wide;  // 30 × 3-byte 许: byte 64 falls inside the 22nd character
  for (int i = 0; i < 30; ++i) wide += "许";
  auto e = errorOf(R"({")" + wide + R"(":1e309})");
  CHECK(e.field().size() == 21 * 3 + std::string("…").size());
  CHECK(e.field().substr(0, 63) == wide.substr(0, 63));
}

TEST_CASE("J2 the same key in different objects is not a duplicate", "[unit][io]") {
  auto v = parseJsonBody(R"({"a":{"id":1},"b":{"id":2},"items":[{"id":3},{"id":4}],"id":5})", 32);
  CHECK(v["a"]["id"] == 1);
  CHECK(v["items"][1]["id"] == 4);
  CHECK(v["id"] == 5);
}

TEST_CASE("J1 depth: 32 nested containers parse, 33 are json_too_deep", "[unit][io]") {
  CHECK(parseJsonBody(std::string(32, '[') + std::string(32, ']'), 32).is_array());
  CHECK(parseJsonBody(std::string(31, '[') + "1" + std::string(31, ']'), 32).is_array());
  CHECK(errorOf(std::string(33, '[') + std::string(33, ']')).code() == "json_too_deep");
  CHECK(errorOf(std::string(100000, '[')).code() == "json_too_deep");
}

TEST_CASE("J5 syntax errors and invalid UTF-8 stay invalid_json", "[unit][io]") {
  for (const std::string body : {"{", R"({"a":})", R"({"a":1} x)", "\"\xFF\"", R"({"a":01})", "", "  "}) {
    INFO(body);
    auto e = errorOf(body);
    CHECK(e.kind() == ErrorKind::bad_request);
    CHECK(e.code() == "invalid_json");
  }
}

TEST_CASE("the builder gives the same value as nlohmann's own parser for valid bodies", "[unit][io]") {
  for (const std::string body : {R"({"name":"许继电气","aliases":["许继","XJ"],"n":-3,"u":42,"f":1.5,"t":true,"z":null})",
                                 R"([1,[2,[3,{"a":[]}]],{},"\u8bb8\ud83d\ude00"])", R"("just a string")", "0",
                                 R"({"deep":{"er":{"est":[{"k":[null,false]}]}}})"}) {
    INFO(body);
    CHECK(parseJsonBody(body, 32) == nlohmann::json::parse(body));
  }
}

}  // namespace trellis::io
