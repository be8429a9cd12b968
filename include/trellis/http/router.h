// One readable route table (after Orthanc's OrthancRestResources.cpp). Each route declares the
// action it performs, which the access policy decides on; a route without one is refused when
// the table is built, so the server cannot start with an unprotected route.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/http/request.h"

namespace trellis::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;     // GET, POST, PUT, PATCH, DELETE
  std::string pattern;    // "/api/v1/enterprises/{uscc}"; a {name} matches one non-empty segment
  std::string action;     // "enterprise.read", "public", …: what the policy is asked about
  Handler handler;
  // Upload routes (POST /api/v1/imports): when spool_dir is set the body is not read into
  // Request::body under the server's max_body_bytes but streamed into a file in spool_dir
  // (Request::body_file, removed after the answer unless the handler moved it) under this
  // route's own max_body_bytes; the access policy runs before any body byte is read.
  std::string spool_dir;
  std::uint64_t max_body_bytes = 0;
};

struct RouteMatch {
  const Route* route = nullptr;      // null: see path_known
  bool path_known = false;           // the path matched some route, but not with this method
  std::vector<std::string> params;
  std::vector<std::string> allowed_methods;
};

class Router {
 public:
  // Throws std::invalid_argument for a route without an action or a duplicate method+pattern.
  void add(Route route);
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  // Each route's pattern split once at add(), so matching allocates nothing per route.
  std::vector<std::vector<std::string>> segments_;
};

// Splits "/a/b/" into {"a","b"}.
std::vector<std::string_view> pathSegments(std::string_view path);

}  // namespace trellis::http
