// Parsing untrusted JSON request bodies. nlohmann parses deep nesting iteratively, but copying or
// dumping a deeply nested value recurses and crashes (RELIABILITY.md §2.4 item 4), so the depth is
// limited while parsing, before any value exists.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::io {

// Throws Error bad_request "invalid_json" (syntax, invalid UTF-8) or "json_too_deep".
nlohmann::json parseJsonBody(std::string_view body, int max_depth);

// Throws Error invalid "unknown_field" naming the first member of `object` not in `allowed`;
// Error bad_request "not_an_object" when the body is not a JSON object.
void requireKnownFields(const nlohmann::json& object, const std::vector<std::string>& allowed);

// Typed field readers: Error invalid "wrong_type" naming the field when the type is wrong.
std::string stringField(const nlohmann::json& object, const char* field);
bool boolField(const nlohmann::json& object, const char* field);
std::int64_t intField(const nlohmann::json& object, const char* field);
std::vector<std::string> stringArrayField(const nlohmann::json& object, const char* field, size_t max_items);

}  // namespace trellis::io
