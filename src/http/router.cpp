#include "trellis/http/router.h"

#include <stdexcept>

namespace trellis::http {

std::vector<std::string_view> pathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::add(Route route) {
  if (route.action.empty()) throw std::invalid_argument("route " + route.method + " " + route.pattern + " declares no action");
  for (const auto& r : routes_)
    if (r.method == route.method && r.pattern == route.pattern)
      throw std::invalid_argument("route " + route.method + " " + route.pattern + " is declared twice");
  std::vector<std::string> segs;
  for (auto seg : pathSegments(route.pattern)) segs.emplace_back(seg);
  segments_.push_back(std::move(segs));
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  auto segs = pathSegments(path);
  for (size_t r = 0; r < routes_.size(); ++r) {
    const auto& pat = segments_[r];
    if (pat.size() != segs.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < pat.size() && ok; ++i) ok = pat[i].front() == '{' || pat[i] == segs[i];
    if (!ok) continue;
    m.path_known = true;
    m.allowed_methods.push_back(routes_[r].method);
    if (routes_[r].method == method && !m.route) {
      m.route = &routes_[r];
      for (size_t i = 0; i < pat.size(); ++i)
        if (pat[i].front() == '{') m.params.emplace_back(segs[i]);
    }
  }
  return m;
}

}  // namespace trellis::http
