// Server settings: config/trellis.properties, overridable on the command line. Read once at
// start and passed down; nothing below app/ reads configuration (STYLE.md, LevelDB options.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "trellis/auth/password.h"
#include "trellis/auth/session_manager.h"
#include "trellis/http/server.h"

namespace trellis::app {

struct Settings {
  std::string config_path = "config/trellis.properties";
  std::string config_dir = "config";      // regions.json, industries.json, ladder.json, …
  std::string db_path = "data/trellis.db";
  std::string web_root = "src/web";
  int busy_timeout_ms = 5000;
  // A connection handed back with a busy statement or open transaction: reset and counted
  // (false), or also answered 500 (true: test harnesses, so such a defect fails a test).
  bool fail_on_dirty_connection = false;
  int max_page_size = 500;
  int max_export_rows = 200000;  // rows one CSV/XLSX export (a list or a drill-down) may hold
  int utc_offset_minutes = 480;           // dates such as "today" are China Standard Time
  http::ServerOptions server;
  auth::SessionSettings sessions;
  int password_min_length = 12;
  int password_min_classes = 3;
  int max_concurrent_hashes = 2;
  bool secure_cookie = false;             // set true when served over TLS (behind nginx)
  // Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (nginx in front); none by default.
  std::vector<std::string> trusted_proxies;
  // Imports (issue 12): uploaded files are kept in import_dir ('' = "imports" beside the
  // database file); an upload may be max_import_bytes long (its own limit, not max_body_bytes)
  // and hold max_import_rows data rows.
  std::string import_dir;
  std::uint64_t max_import_bytes = 50ull << 20;
  std::int64_t max_import_rows = 1'000'000;
};

// Loads the properties file (keys documented in README and config/trellis.properties); relative
// paths in it are taken relative to the directory above config/ (the checkout or install root).
// Throws Error invalid naming the key for a bad value.
Settings loadSettings(const std::string& config_path);

}  // namespace trellis::app
