// The request and response as handlers see them: parsed once by the server, no Poco streams.
#pragma once
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trellis/service/caller.h"

namespace trellis::http {

struct Request {
  std::string method;
  std::string path;                              // decoded path, no query
  std::map<std::string, std::string> query;      // decoded; a repeated name is refused (400)
  std::vector<std::string> path_params;          // the {…} parts of the matched route, in order
  std::string body;                              // fully read and size-checked by the body guard
  std::string request_id;
  std::string client_address;
  service::Caller caller;                        // who is asking (auth fills it)
  std::string session_token_hash;                // the caller's session, when signed in
  std::string csrf_token;                        // …and its CSRF token
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  int max_json_depth = 32;

  // A header's value, empty when absent.
  std::string header(const std::string& name) const;
  // The body as a JSON value; Error bad_request for syntax, depth, or a non-JSON content type.
  nlohmann::json json() const;
  // A query parameter, nullopt when absent.
  std::optional<std::string> param(const std::string& name) const;
  // Throws Error invalid "unknown_parameter" for any query parameter not in `allowed`.
  void allowParams(const std::vector<std::string>& allowed) const;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, const nlohmann::json& value);
  static Response noContent();
  Response& with(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace trellis::http
