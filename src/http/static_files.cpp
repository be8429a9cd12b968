#include "trellis/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "trellis/core/error.h"
#include "trellis/http/router.h"

namespace trellis::http {
namespace {

constexpr std::size_t kMaxStaticFile = 4 << 20;

std::string contentTypeFor(const std::string& ext) {
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".geojson") return "application/geo+json";  // the dashboard's county map
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "";
}

}  // namespace

Response serveStatic(const std::string& web_root, const Request& request) {
  std::string rel;
  for (auto seg : pathSegments(request.path)) {
    if (seg.empty() || seg.front() == '.' || seg.find('\0') != std::string_view::npos || seg.find('\\') != std::string_view::npos)
      throw Error(errc::path_not_found, "no such file");
    rel.append("/").append(seg);
  }
  if (rel.empty()) rel = "/index.html";
  std::filesystem::path file = std::filesystem::path(web_root) / rel.substr(1);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw Error(errc::path_not_found, "no such file");
  std::string type = contentTypeFor(file.extension().string());
  auto size = std::filesystem::file_size(file, ec);
  if (type.empty() || ec || size > kMaxStaticFile) throw Error(errc::path_not_found, "no such file");
  auto mtime = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  std::string etag = "\"";
  etag.append(std::to_string(size)).append("-").append(std::to_string(mtime)).append("\"");

  Response r;
  r.content_type = type;
  r.with("Cache-Control", "no-cache").with("ETag", etag);
  r.with("Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
         "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  if (request.header("If-None-Match") == etag) {
    r.status = 304;
    return r;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  r.body = buf.str();
  return r;
}

}  // namespace trellis::http
