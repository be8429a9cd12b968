#include "trellis/app/settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <filesystem>

#include "trellis/core/error.h"

namespace trellis::app {
namespace {

int intSetting(Poco::Util::AbstractConfiguration& c, const std::string& key, int fallback, int lo, int hi) {
  int v = 0;
  try {
    v = c.getInt(key, fallback);
  } catch (const Poco::SyntaxException&) {
    throw Error(errc::config_invalid, "setting " + key + " must be a whole number", key);
  }
  if (v < lo || v > hi)
    throw Error(errc::config_invalid, "setting " + key + " must be " + std::to_string(lo) + ".." + std::to_string(hi), key);
  return v;
}

// A comma-separated list of IP addresses (IPv4 dotted or IPv6 hex with colons); empty when unset.
std::vector<std::string> addressList(Poco::Util::AbstractConfiguration& c, const std::string& key) {
  std::vector<std::string> out;
  std::string all = c.getString(key, "");
  std::size_t pos = 0;
  while (pos <= all.size()) {
    std::size_t end = all.find(',', pos);
    if (end == std::string::npos) end = all.size();
    std::string item = all.substr(pos, end - pos);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) {
      bool ok = item.size() <= 45 && item.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
      if (!ok) throw Error(errc::config_invalid, "setting " + key + " must list IP addresses, got '" + item + "'", key);
      out.push_back(item);
    }
    pos = end + 1;
  }
  return out;
}

std::string resolve(const std::filesystem::path& root, const std::string& p) {
  if (p.empty()) return p;
  std::filesystem::path path(p);
  return path.is_absolute() ? p : (root / path).lexically_normal().string();
}

}  // namespace

Settings loadSettings(const std::string& config_path) {
  Settings s;
  s.config_path = config_path;
  if (!std::filesystem::exists(config_path))
    throw Error(errc::config_missing, "config file " + config_path + " does not exist", "--config");
  Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> c(new Poco::Util::PropertyFileConfiguration(config_path));
  auto root = std::filesystem::absolute(config_path).parent_path().parent_path();
  s.config_dir = resolve(root, c->getString("trellis.config_dir", "config"));
  s.db_path = resolve(root, c->getString("trellis.db.path", "data/trellis.db"));
  s.web_root = resolve(root, c->getString("trellis.web.root", "src/web"));
  s.server.web_root = s.web_root;
  s.busy_timeout_ms = intSetting(*c, "trellis.db.busy_timeout_ms", 5000, 100, 60000);
  s.fail_on_dirty_connection = c->getBool("trellis.db.fail_on_dirty_connection", false);
  s.max_page_size = intSetting(*c, "trellis.api.max_page_size", 500, 1, 500);
  s.max_export_rows = intSetting(*c, "trellis.export.max_rows", 200000, 1, 1000000);
  s.utc_offset_minutes = intSetting(*c, "trellis.utc_offset_minutes", 480, -720, 840);
  auto& o = s.server;
  o.host = c->getString("trellis.http.host", "127.0.0.1");
  o.port = intSetting(*c, "trellis.http.port", 8080, 0, 65535);
  o.min_threads = intSetting(*c, "trellis.http.min_threads", 4, 1, 1024);
  o.max_threads = intSetting(*c, "trellis.http.max_threads", 64, 1, 1024);
  o.max_queued = intSetting(*c, "trellis.http.max_queued", 64, 1, 4096);
  o.receive_timeout_seconds = intSetting(*c, "trellis.http.receive_timeout_s", 10, 1, 300);
  o.header_timeout_seconds = intSetting(*c, "trellis.http.header_timeout_s", 10, 1, 300);
  o.body_timeout_seconds = intSetting(*c, "trellis.http.body_timeout_s", 60, 1, 3600);
  o.busy_header_grace_ms = intSetting(*c, "trellis.http.busy_header_grace_ms", 1000, 100, 60000);
  o.max_connections_per_address = intSetting(*c, "trellis.http.max_connections_per_address", 32, 0, 100000);
  o.max_header_bytes = static_cast<std::size_t>(intSetting(*c, "trellis.http.max_header_bytes", 16384, 1024, 1 << 20));
  {
    std::string exempt = c->getString("trellis.http.connection_cap_exempt", "");
    std::size_t start = 0;
    while (start <= exempt.size()) {
      std::size_t end = std::min(exempt.find(',', start), exempt.size());
      std::string a = exempt.substr(start, end - start);
      a.erase(0, a.find_first_not_of(" \t"));
      a.erase(a.find_last_not_of(" \t") + 1);
      if (!a.empty()) o.connection_cap_exempt.push_back(a);
      start = end + 1;
    }
  }
  o.keep_alive_timeout_seconds = intSetting(*c, "trellis.http.keep_alive_timeout_s", 5, 1, 300);
  o.max_keep_alive_requests = intSetting(*c, "trellis.http.max_keep_alive_requests", 1000, 1, 1000000);
  o.max_body_bytes = static_cast<std::size_t>(intSetting(*c, "trellis.http.max_body_bytes", 1 << 20, 1024, 64 << 20));
  o.max_json_depth = intSetting(*c, "trellis.http.max_json_depth", 32, 2, 256);
  o.access_log = c->getBool("trellis.http.access_log", false);
  auto& ss = s.sessions;
  ss.idle_seconds = intSetting(*c, "trellis.session.idle_timeout_s", 1800, 60, 86400);
  ss.absolute_seconds = intSetting(*c, "trellis.session.absolute_timeout_s", 43200, 300, 7 * 86400);
  auto& th = ss.throttle;
  th.free_failures = intSetting(*c, "trellis.login.max_failures", 5, 1, 100);
  th.first_delay_seconds = intSetting(*c, "trellis.login.first_delay_s", 60, 1, 86400);
  th.max_delay_seconds = intSetting(*c, "trellis.login.lock_s", 900, 1, 86400);
  th.login_max_failures = intSetting(*c, "trellis.login.max_failures_per_login", 100, 1, 100000);
  th.memory_seconds = intSetting(*c, "trellis.login.failure_memory_s", 86400, 60, 30 * 86400);
  th.attempts_per_minute = intSetting(*c, "trellis.login.attempts_per_minute", 20, 1, 10000);
  th.max_tracked = static_cast<std::size_t>(intSetting(*c, "trellis.login.max_tracked", 10000, 100, 1000000));
  if (th.first_delay_seconds > th.max_delay_seconds)
    throw Error(errc::config_invalid, "first_delay_s must not exceed lock_s", "trellis.login.first_delay_s");
  if (th.login_max_failures < th.free_failures)
    throw Error(errc::config_invalid, "max_failures_per_login must be at least max_failures", "trellis.login.max_failures_per_login");
  s.trusted_proxies = addressList(*c, "trellis.http.trusted_proxies");
  s.password_min_length = intSetting(*c, "trellis.password.min_length", 12, 8, 64);
  s.password_min_classes = intSetting(*c, "trellis.password.min_classes", 3, 1, 4);
  s.max_concurrent_hashes = intSetting(*c, "trellis.login.max_concurrent_hashes", 2, 1, 64);
  s.secure_cookie = c->getBool("trellis.session.secure_cookie", false);
  s.import_dir = resolve(root, c->getString("trellis.import.dir", ""));
  s.max_import_bytes = static_cast<std::uint64_t>(intSetting(*c, "trellis.import.max_bytes", 50 << 20, 1024, 1 << 30));
  s.max_import_rows = intSetting(*c, "trellis.import.max_rows", 1'000'000, 1, 10'000'000);
  if (o.min_threads > o.max_threads)
    throw Error(errc::config_invalid, "min_threads must not exceed max_threads", "trellis.http.min_threads");
  return s;
}

}  // namespace trellis::app
