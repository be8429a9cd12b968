// io::JsonWriter writes exactly the bytes nlohmann's dump() gives for the same document as
// Response::json dumps it (compact, UTF-8 kept, invalid UTF-8 replaced), so the graph routes that
// use it answer as they did with a DOM.
#include "trellis/io/json_writer.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace trellis::io {
namespace {

std::string dumped(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string written(const std::string& text) {
  JsonWriter w;
  w.string(text);
  return w.take();
}

}  // namespace

TEST_CASE("json writer: strings escape as dump() escapes them, bad UTF-8 included", "[unit][io]") {
  const std::vector<std::string> texts = {
      "",
      "许昌市电力装备工程技术研究中心",
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01\x1f end"),
      std::string("nul \0 inside", 12),
      "del \x7f kept",
      "4-byte 𠀀 and €",
      "\xc3",                    // truncated 2-byte sequence
      "\xe4\xb8",                // truncated 3-byte sequence
      "a\xff" "b",               // never valid
      "\xc0\xaf",                // overlong '/'
      "\xed\xa0\x80",            // an encoded surrogate
      "\xf4\x90\x80\x80",        // beyond U+10FFFF
      "ok \xe8\xae\xb8 then \x80 stray",
  };
  for (const auto& t : texts) {
    INFO("text bytes: " << t.size());
    CHECK(written(t) == dumped(nlohmann::json(t)));
  }
}

TEST_CASE("json writer: a document equals the DOM's dump when keys are given sorted", "[unit][io]") {
  nlohmann::json dom = {{"as_of", "2024-01-01"},
                        {"center", 17},
                        {"links", nlohmann::json::array({{{"from", 1}, {"id", 9}, {"valid_until", nullptr}}})},
                        {"nodes", nlohmann::json::array({{{"id", -3}, {"name", "许昌学院"}, {"ok", true}},
                                                         nlohmann::json::object()})},
                        {"score", 0.1},
                        {"truncated", false}};
  JsonWriter w;
  w.beginObject().key("as_of").string("2024-01-01").key("center").integer(17);
  w.key("links").beginArray().beginObject().key("from").integer(1).key("id").integer(9).key("valid_until").null();
  w.endObject().endArray();
  w.key("nodes").beginArray();
  w.beginObject().key("id").integer(-3).key("name").string("许昌学院").key("ok").boolean(true).endObject();
  w.beginObject().endObject();
  w.endArray();
  w.key("score").value(0.1).key("truncated").boolean(false).endObject();
  CHECK(w.text() == dumped(dom));

  JsonWriter empty;
  empty.beginArray().endArray();
  CHECK(empty.take() == "[]");
  JsonWriter nulls;
  nulls.beginArray().stringOrNull("").stringOrNull("x").endArray();
  CHECK(nulls.take() == R"([null,"x"])");
}

}  // namespace trellis::io
