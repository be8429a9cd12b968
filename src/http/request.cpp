#include "trellis/http/request.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

#include "trellis/core/error.h"
#include "trellis/http/request_head.h"
#include "trellis/io/json_body.h"

namespace trellis::http {

BodyFile::~BodyFile() {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}


std::string Request::header(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

nlohmann::json Request::json() const {
  std::string type = header("Content-Type");
  // "application/json" with optional parameters (charset=utf-8); anything else is refused (415).
  auto semi = type.find(';');
  std::string media = type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json")
    throw Error(errc::unsupported_media_type, "send the body as application/json", "Content-Type");
  if (body.empty()) throw Error(errc::empty_body, "the request needs a JSON body");
  return io::parseJsonBody(body, max_json_depth);
}

std::optional<std::string> Request::param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

void Request::allowParams(const std::vector<std::string>& allowed) const {
  for (const auto& [name, value] : query) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (!known) throw Error(errc::unknown_parameter, "unknown query parameter '" + name + "'", name);
  }
}

std::string Request::textParam(const std::string& name) const { return param(name).value_or(""); }

std::string Request::requiredParam(const std::string& name) const {
  std::string v = textParam(name);
  if (v.empty()) throw Error(errc::required, name + " is required", name);
  return v;
}

std::vector<std::string> Request::listParam(const std::string& name, std::size_t max_items) const {
  std::vector<std::string> out;
  const std::string all = textParam(name);
  std::string_view text = all;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    if (!item.empty()) {
      if (out.size() == max_items)
        throw Error(errc::too_many, name + " lists at most " + std::to_string(max_items) + " items", name);
      out.emplace_back(item);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<bool> Request::boolParam(const std::string& name) const {
  auto v = param(name);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw Error(errc::not_a_boolean, name + " must be true or false", name);
}

namespace {
bool allDigits(const std::string& v, std::size_t max_len) {
  return !v.empty() && v.size() <= max_len && v.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

std::optional<std::int64_t> Request::intParam(const std::string& name, std::int64_t min, std::int64_t max) const {
  auto v = param(name);
  if (!v) return std::nullopt;
  if (!allDigits(*v, 9)) throw Error(errc::not_a_number, name + " must be a whole number", name);
  std::int64_t n = std::stoll(*v);
  if (n < min || n > max)
    throw Error(errc::out_of_range, name + " must be " + std::to_string(min) + ".." + std::to_string(max), name);
  return n;
}

std::optional<Date> Request::dateParam(const std::string& name) const {
  auto v = param(name);
  if (!v) return std::nullopt;
  auto d = Date::parse(*v);
  if (!d) throw Error(errc::invalid_date, name + " must be a date YYYY-MM-DD", name);
  return d;
}

namespace {
int yearOf(const std::string& v, const std::string& field) {
  if (!allDigits(v, 4) || v.size() != 4) throw Error(errc::invalid_year, field + " must be a year YYYY, e.g. 2024", field);
  return std::stoi(v);
}
}  // namespace

std::optional<int> Request::yearParam(const std::string& name) const {
  auto v = param(name);
  if (!v) return std::nullopt;
  return yearOf(*v, name);
}

int Request::yearPathParam(std::size_t index, const std::string& field) const {
  return yearOf(path_params.at(index), field);
}

std::int64_t Request::idPathParam(std::size_t index, const ErrorCode& absent) const {
  const std::string& v = path_params.at(index);
  if (!allDigits(v, 15)) throw Error(absent, "no such id '" + v + "'");
  return std::stoll(v);
}

Response Response::json(int status, const nlohmann::json& value) {
  Response r;
  r.status = status;
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::noContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace trellis::http
