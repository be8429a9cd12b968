#include "trellis/io/json_body.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "trellis/core/error.h"

namespace trellis::io {
namespace {

// Builds the value from nlohmann's SAX events, refusing while it parses — before any value with
// the defect exists — what the default DOM parser would crash on, fail on with an exception
// other than parse_error, or silently resolve:
//   J1 nesting deeper than max_depth containers                 → 400 json_too_deep
//   J2 a key repeated in one object (nlohmann keeps the last)   → 400 duplicate_key naming it
//   J3 a number no double holds (1e309; out_of_range.406)       → 422 number_out_of_range
//   J4 an integer above INT64_MAX (get<int64_t> would wrap it)  → 422 number_out_of_range
//   J5 any other syntax error, invalid UTF-8 in a string        → 400 invalid_json
// Fields are named by their path: "region", "problems[2].description".
class BodyBuilder {
 public:
  using json = nlohmann::json;

  explicit BodyBuilder(int max_depth) : max_depth_(static_cast<std::size_t>(max_depth)) {}

  json take() { return std::move(root_); }

  bool null() { return add(nullptr); }
  bool boolean(bool v) { return add(v); }
  bool number_integer(json::number_integer_t v) { return add(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
      outOfRange(std::to_string(v));  // J4
    return add(v);
  }
  bool number_float(json::number_float_t v, const json::string_t&) { return add(v); }
  bool string(json::string_t& v) { return add(std::move(v)); }
  bool binary(json::binary_t& v) { return add(std::move(v)); }

  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    Frame& top = frames_.back();
    top.key = k;
    if (top.value->contains(k)) {  // J2
      std::string field = path();
      throw Error(errc::duplicate_key, "the key '" + field + "' appears more than once in the body", field);
    }
    top.slot = &(*top.value)[k];
    return true;
  }

  bool parse_error(std::size_t, const std::string& token, const json::exception& ex) {
    if (ex.id == 406) outOfRange(token);  // J3
    throw Error(errc::invalid_json, std::string("body is not valid JSON: ") + ex.what());  // J5
  }

 private:
  struct Frame {
    json* value;
    std::string key;             // objects: the member being parsed
    json* slot = nullptr;        // objects: where that member's value goes
    std::size_t next_index = 0;  // arrays: the element being parsed
  };

  [[noreturn]] void outOfRange(const std::string& token) {
    std::string field = path();
    throw Error(errc::number_out_of_range, (field.empty() ? std::string("the body") : field) + " is a number out of range (" +
                             token.substr(0, 40) + "); numbers must be 64-bit integers", field);
  }

  // A key as an error names it: at most kMaxKeyBytes, cut between characters, so that an error
  // never echoes a megabyte-long key.
  static std::string shown(const std::string& key) {
    constexpr std::size_t kMaxKeyBytes = 64;
    if (key.size() <= kMaxKeyBytes) return key;
    std::size_t cut = kMaxKeyBytes;
    while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;
    return key.substr(0, cut) + "…";
  }

  std::string path() const {
    std::string out;
    for (const auto& f : frames_) {
      if (f.value->is_object()) {
        if (!out.empty()) out += '.';
        out += shown(f.key);
      } else {
        out += '[' + std::to_string(f.next_index) + ']';
      }
    }
    return out;
  }

  // Places a value where the parser is: the root, the next array element or the current member.
  template <class V>
  json* place(V&& v) {
    if (frames_.empty()) {
      root_ = json(std::forward<V>(v));
      return &root_;
    }
    Frame& top = frames_.back();
    if (top.value->is_array()) {
      top.value->emplace_back(std::forward<V>(v));
      return &top.value->back();
    }
    *top.slot = json(std::forward<V>(v));
    return top.slot;
  }

  template <class V>
  bool add(V&& v) {
    place(std::forward<V>(v));
    if (!frames_.empty()) ++frames_.back().next_index;
    return true;
  }

  bool open(json::value_t type) {
    if (frames_.size() >= max_depth_)  // J1
      throw Error(errc::json_too_deep, "JSON nesting is deeper than " + std::to_string(max_depth_) + " levels");
    json* value = place(type);
    frames_.push_back(Frame{value, {}, nullptr, 0});
    return true;
  }

  bool close() {
    frames_.pop_back();
    if (!frames_.empty()) ++frames_.back().next_index;
    return true;
  }

  std::size_t max_depth_;
  json root_;
  // The open containers, outermost first. An open container's address is stable: only the
  // innermost one grows.
  std::vector<Frame> frames_;
};

}  // namespace

nlohmann::json parseJsonBody(std::string_view body, int max_depth) {
  BodyBuilder builder(max_depth);
  nlohmann::json::sax_parse(body.begin(), body.end(), &builder);
  return builder.take();
}

void requireKnownFields(const nlohmann::json& object, const std::vector<std::string>& allowed) {
  if (!object.is_object()) throw Error(errc::not_an_object, "the body must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (!known) throw Error(errc::unknown_field, "unknown field '" + key + "'", key);
  }
}

std::string stringField(const nlohmann::json& o, const char* field) {
  const auto& v = o.at(field);
  if (!v.is_string()) throw Error(errc::wrong_type, std::string(field) + " must be a string", field);
  return v.get<std::string>();
}

bool boolField(const nlohmann::json& o, const char* field) {
  const auto& v = o.at(field);
  if (!v.is_boolean()) throw Error(errc::wrong_type, std::string(field) + " must be true or false", field);
  return v.get<bool>();
}

std::int64_t intField(const nlohmann::json& o, const char* field) {
  const auto& v = o.at(field);
  if (!v.is_number_integer()) throw Error(errc::wrong_type, std::string(field) + " must be an integer", field);
  return v.get<std::int64_t>();
}

std::vector<std::string> stringArrayField(const nlohmann::json& o, const char* field, size_t max_items) {
  const auto& v = o.at(field);
  if (!v.is_array()) throw Error(errc::wrong_type, std::string(field) + " must be an array of strings", field);
  if (v.size() > max_items)
    throw Error(errc::too_many, std::string(field) + " has more than " + std::to_string(max_items) + " items", field);
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) throw Error(errc::wrong_type, std::string(field) + " must be an array of strings", field);
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace trellis::io
