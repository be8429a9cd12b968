// The request and response as handlers see them: parsed once by the server, no Poco streams.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/core/error_codes.h"
#include "trellis/service/caller.h"

namespace trellis::http {

struct Request {
  std::string method;
  std::string path;                              // decoded path, no query
  std::map<std::string, std::string> query;      // decoded; a repeated name is refused (400)
  std::vector<std::string> path_params;          // the {…} parts of the matched route, in order
  std::string body;                              // fully read and size-checked by the body guard
  std::string body_file;                         // upload routes: the body, streamed to this file
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

  // Typed query parameters: every route reads them through these, so one name means one syntax
  // everywhere. Each refusal is Error invalid (422) naming the parameter.
  // Text as sent; "" when absent.
  std::string textParam(const std::string& name) const;
  // textParam, but absent or empty is "required".
  std::string requiredParam(const std::string& name) const;
  // A comma-separated list (a,b,c; empty items skipped): more than max_items is "too_many".
  std::vector<std::string> listParam(const std::string& name, std::size_t max_items) const;
  // Exactly "true", "1", "false" or "0" (nothing else, not "TRUE", not ""); nullopt when absent;
  // "not_a_boolean" otherwise.
  std::optional<bool> boolParam(const std::string& name) const;
  // boolParam, false when absent.
  bool flagParam(const std::string& name) const { return boolParam(name).value_or(false); }
  // Decimal digits only (no sign, no spaces), at most 9 of them: "not_a_number"; then
  // min..max inclusive: "out_of_range". nullopt when absent.
  std::optional<std::int64_t> intParam(const std::string& name, std::int64_t min = 0,
                                       std::int64_t max = 999'999'999) const;
  // YYYY-MM-DD, a real calendar date: "invalid_date". nullopt when absent.
  std::optional<Date> dateParam(const std::string& name) const;
  // A year: exactly four decimal digits, "invalid_year". nullopt when absent.
  std::optional<int> yearParam(const std::string& name) const;
  // The index-th {…} part of the path as a year (four digits), else "invalid_year" naming `field`.
  int yearPathParam(std::size_t index, const std::string& field) const;

  // The index-th {…} part of the path as a row id: 1..15 decimal digits, else Error not_found
  // naming `what` — a malformed id looks exactly like an absent one.
  std::int64_t idPathParam(std::size_t index, const ErrorCode& absent) const;
};

// A response body spooled to a file (an export): sent in chunks after the head, so a 200k-row
// sheet never sits in memory; the file is removed when the last Response holding it goes.
struct BodyFile {
  explicit BodyFile(std::string p) : path(std::move(p)) {}
  ~BodyFile();
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;
  std::string path;
};

struct Response {
  int status = 200;
  std::string body;
  std::shared_ptr<BodyFile> file;  // when set, the body is this file's bytes (body is ignored)
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
