#include "trellis/io/json_body.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"

namespace trellis::io {
namespace {

struct TooDeep {};

}  // namespace

nlohmann::json parseJsonBody(std::string_view body, int max_depth) {
  try {
    nlohmann::json::parser_callback_t limit = [max_depth](int depth, nlohmann::json::parse_event_t,
                                                          nlohmann::json&) {
      if (depth >= max_depth) throw TooDeep{};  // depth counts from 0 at the outermost value
      return true;
    };
    return nlohmann::json::parse(body.begin(), body.end(), limit);
  } catch (const TooDeep&) {
    throw Error::badRequest("json_too_deep",
                            "JSON nesting is deeper than " + std::to_string(max_depth) + " levels");
  } catch (const nlohmann::json::parse_error& e) {
    throw Error::badRequest("invalid_json", std::string("body is not valid JSON: ") + e.what());
  }
}

void requireKnownFields(const nlohmann::json& object, const std::vector<std::string>& allowed) {
  if (!object.is_object()) throw Error::badRequest("not_an_object", "the body must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (!known) throw Error::invalid(key, "unknown_field", "unknown field '" + key + "'");
  }
}

std::string stringField(const nlohmann::json& o, const char* field) {
  const auto& v = o.at(field);
  if (!v.is_string()) throw Error::invalid(field, "wrong_type", std::string(field) + " must be a string");
  return v.get<std::string>();
}

bool boolField(const nlohmann::json& o, const char* field) {
  const auto& v = o.at(field);
  if (!v.is_boolean()) throw Error::invalid(field, "wrong_type", std::string(field) + " must be true or false");
  return v.get<bool>();
}

std::int64_t intField(const nlohmann::json& o, const char* field) {
  const auto& v = o.at(field);
  if (!v.is_number_integer()) throw Error::invalid(field, "wrong_type", std::string(field) + " must be an integer");
  return v.get<std::int64_t>();
}

std::vector<std::string> stringArrayField(const nlohmann::json& o, const char* field, size_t max_items) {
  const auto& v = o.at(field);
  if (!v.is_array()) throw Error::invalid(field, "wrong_type", std::string(field) + " must be an array of strings");
  if (v.size() > max_items)
    throw Error::invalid(field, "too_many", std::string(field) + " has more than " + std::to_string(max_items) + " items");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) throw Error::invalid(field, "wrong_type", std::string(field) + " must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace trellis::io
