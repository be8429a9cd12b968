// Private to the rules layer: a cursor over nlohmann::json that knows its JSON path, so every
// complaint of the ladder loader names where it is (ladder_config.h LC1). Not a public header:
// nlohmann stays out of include/.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/rules/band.h"

namespace trellis::rules::detail {

class ConfigReader {
 public:
  // code: the Error code of every complaint (ladder_config, plan_config, targets_config).
  ConfigReader(const nlohmann::json& node, std::string path, const std::string& source,
               const ErrorCode& code = errc::ladder_config)
      : node_(node), path_(std::move(path)), source_(source), code_(&code) {}

  const nlohmann::json& node() const { return node_; }
  const std::string& path() const { return path_; }
  bool has(const char* key) const { return node_.is_object() && node_.contains(key); }

  // Throws Error(code, path) with "<source>: <path>: <why>".
  [[noreturn]] void fail(const std::string& why) const;
  [[noreturn]] void failAt(const std::string& sub_path, const std::string& why) const;

  ConfigReader child(const char* key) const;          // required object member (any type)
  std::vector<ConfigReader> items(const char* key) const;  // required array member
  std::vector<ConfigReader> items() const;            // this node as an array
  std::string str(const char* key) const;
  std::string strOr(const char* key, std::string fallback) const;
  std::int64_t integer(const char* key) const;
  std::optional<std::int64_t> optInteger(const char* key) const;
  double number(const char* key) const;
  bool boolOr(const char* key, bool fallback) const;
  std::vector<std::string> strings(const char* key) const;  // required array of strings
  std::vector<std::string> stringsOr(const char* key) const;  // missing → empty
  // A band table: [{"min","max","min_inclusive","max_inclusive", value_key, "flag_at_bound"}];
  // value_key holds a number or a [min, max] pair. LC5 checked here.
  BandTable bands(const char* key, const char* value_key) const;

 private:
  const nlohmann::json& member(const char* key) const;

  const nlohmann::json& node_;
  std::string path_;
  const std::string& source_;
  const ErrorCode* code_;
};

}  // namespace trellis::rules::detail
