#include "trellis/app/runtime.h"

#include <filesystem>

#include "trellis/io/catalog_config.h"
#include "trellis/store/region_repository.h"

namespace trellis::app {

const char* const kTrellisVersion = "0.1.0";

namespace {

store::DatabaseOptions databaseOptions(const Settings& s) {
  std::filesystem::path p(s.db_path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  store::DatabaseOptions o;
  o.path = s.db_path;
  o.busy_timeout_ms = s.busy_timeout_ms;
  o.reader_pool_size = s.server.max_threads;
  return o;
}

}  // namespace

Runtime::Runtime(const Settings& settings, const Clock& clock)
    : settings_(settings),
      clock_(clock),
      db_(databaseOptions(settings)),
      catalog_(io::loadCatalog(settings.config_dir + "/regions.json", settings.config_dir + "/industries.json")),
      enterprises_(db_, catalog_, clock_, settings.max_page_size, settings.utc_offset_minutes) {
  db_.write([&](store::Connection& c) { store::RegionRepository::upsertAll(c, catalog_.allRegions()); });
}

http::Router Runtime::buildRouter() {
  api_ = std::make_unique<http::ApiServices>(
      http::ApiServices{enterprises_, catalog_, db_.schemaVersion(), kTrellisVersion});
  http::Router router;
  http::addRegistryRoutes(router, *api_);
  return router;
}

http::AccessPolicy Runtime::accessPolicy() {
  // Until users and sessions exist every caller acts city-wide as the bureau.
  return [](http::Request& request, const http::Route&) {
    request.caller.user = "anonymous";
    request.caller.role = "bureau";
    request.caller.request_id = request.request_id;
    request.caller.client_address = request.client_address;
  };
}

}  // namespace trellis::app
