// Parsing untrusted JSON request bodies: the one parser every route's body goes through.
// nlohmann parses deep nesting iteratively, but copying or dumping a deeply nested value recurses
// and crashes (RELIABILITY.md §2.4 item 4), so the depth is limited while parsing, before any
// value exists; so are the other things the default parser gets wrong for untrusted input: a
// number out of range (out_of_range.406 → was a 500) and a repeated key (was last-wins).
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::io {

// Throws Error bad_request "invalid_json" (syntax, invalid UTF-8), "json_too_deep" (more than
// max_depth nested containers) or "duplicate_key" (a key twice in one object, field = its path),
// and Error invalid "number_out_of_range" (field = its path, e.g. "problems[0].deadline") for a
// number that is not finite as a double (1e309) or an integer above INT64_MAX.
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
