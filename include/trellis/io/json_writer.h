// JSON written straight into one string, for answers large enough that building a nlohmann DOM
// first costs more than the query (a k = 2 neighbourhood: up to 2,000 nodes and their links,
// README "The graph engine"). The bytes are exactly those nlohmann::json::dump() gives for the
// same document (Response::json: compact, UTF-8 kept, invalid UTF-8 replaced by U+FFFD), so a
// route may switch to it without its answer changing; keys are written in the order given, so a
// caller that wants dump()'s order gives them sorted.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::io {

class JsonWriter {
 public:
  explicit JsonWriter(std::size_t reserve = 0) { out_.reserve(reserve); }

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  // The next member's name (inside an object).
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  // A string, or null when empty (the API's "absent" for optional texts).
  JsonWriter& stringOrNull(std::string_view text);
  JsonWriter& integer(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // A value built elsewhere (e.g. a double, which dump() formats), written as dump() writes it.
  JsonWriter& value(const nlohmann::json& value);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();                          // the comma before a value or member, when needed
  std::string out_;
  std::vector<bool> first_;                 // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace trellis::io
