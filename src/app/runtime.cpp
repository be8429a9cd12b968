#include "trellis/app/runtime.h"

#include <filesystem>

#include "trellis/http/access_gate.h"
#include "trellis/io/catalog_config.h"
#include "trellis/io/graph_config.h"
#include "trellis/io/liaison_config.h"
#include "trellis/rules/plan_config.h"
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
  o.dirty_connections = s.fail_on_dirty_connection ? store::DirtyConnectionPolicy::fail
                                                   : store::DirtyConnectionPolicy::repair;
  return o;
}

auth::PasswordPolicy passwordPolicy(const Settings& s) {
  auth::PasswordPolicy p;
  p.min_length = s.password_min_length;
  p.min_character_classes = s.password_min_classes;
  p.deny_list = auth::loadDenyList(s.config_dir + "/common_passwords.txt");
  return p;
}

std::vector<std::string> regionCodes(const domain::Catalog& c) {
  std::vector<std::string> out;
  for (const auto& r : c.allRegions()) out.push_back(r.code);
  return out;
}

std::vector<std::string> stageIds(const rules::Ladder& l) {
  std::vector<std::string> out;
  for (const auto& s : l.config().stages) out.push_back(s.id);
  return out;
}

service::ImportSettings importSettings(const Settings& s) {
  service::ImportSettings o;
  o.store_dir = s.import_dir;
  if (o.store_dir.empty()) {
    std::filesystem::path db(s.db_path);
    o.store_dir = (db.has_parent_path() ? db.parent_path() / "imports" : std::filesystem::path("imports")).string();
  }
  o.limits.max_file_bytes = s.max_import_bytes;
  o.limits.max_rows = s.max_import_rows;
  return o;
}

}  // namespace

Runtime::Runtime(const Settings& settings, const Clock& clock)
    : settings_(settings),
      clock_(clock),
      db_(databaseOptions(settings)),
      catalog_(io::loadCatalog(settings.config_dir + "/regions.json", settings.config_dir + "/industries.json")),
      audit_(db_, clock_),
      context_{db_, clock_, audit_, settings.max_page_size, settings.utc_offset_minutes, settings.max_export_rows},
      password_policy_(passwordPolicy(settings)),
      hasher_(settings.max_concurrent_hashes, std::chrono::milliseconds(5000)),
      sessions_(db_, hasher_, settings.sessions, clock_),
      ladder_(rules::loadLadderConfig(settings.config_dir + "/ladder.json")),
      enterprises_(context_, catalog_, ladder_),
      users_(context_, catalog_, hasher_, password_policy_, sessions_),
      audit_queries_(db_),
      liaison_config_(io::loadLiaisonConfig(settings.config_dir + "/liaison.json",
                                            settings.config_dir + "/problem_categories.json")),
      liaison_(context_, liaison_config_),
      problems_(context_, liaison_config_),
      follow_up_(context_, catalog_, liaison_config_),
      ladder_service_(context_, ladder_),
      pools_(context_, ladder_),
      plan_(rules::loadPlan(settings.config_dir + "/plan.json", regionCodes(catalog_), stageIds(ladder_))),
      targets_(rules::loadTargets(settings.config_dir + "/targets.json", plan_, regionCodes(catalog_))),
      reports_(context_, catalog_, plan_, targets_, ladder_, liaison_config_),
      graph_(context_, io::loadGraphConfig(settings.config_dir + "/graph.json")),
      import_mapping_(io::loadImportMapping(settings.config_dir + "/import.json")),
      enterprise_import_(context_.db, catalog_, import_mapping_, enterprises_),
      designation_import_(context_.db, import_mapping_, ladder_service_),
      indicator_import_(context_.db, import_mapping_, ladder_service_),
      pool_member_import_(context_.db, import_mapping_, pools_),
      contact_import_(context_.db, import_mapping_, liaison_),
      liaison_assignment_import_(context_.db, import_mapping_, liaison_),
      target_import_(context_.db, import_mapping_, reports_),
      graph_node_import_(context_.db, catalog_, import_mapping_, graph_),
      imports_(context_,
               {&enterprise_import_, &designation_import_, &indicator_import_, &pool_member_import_, &contact_import_,
                &liaison_assignment_import_, &target_import_, &graph_node_import_},
               importSettings(settings)),
      exports_(context_, {enterprises_, pools_, problems_, liaison_, graph_, audit_queries_, ladder_service_, catalog_, liaison_config_}) {
  rules::checkGraphMetrics(plan_, graph_.config(), settings.config_dir + "/plan.json");
  db_.write([&](store::Connection& c) { store::RegionRepository::upsertAll(c, catalog_.allRegions()); });
  graph_.loadEngine();
}

http::Router Runtime::buildRouter() {
  api_ = std::make_unique<http::ApiServices>(http::ApiServices{enterprises_, catalog_, sessions_, users_,
                                                               audit_queries_, db_.schemaVersion(), kTrellisVersion,
                                                               settings_.secure_cookie, liaison_, problems_,
                                                               follow_up_, liaison_config_, ladder_service_, pools_,
                                                               [this] { return db_.dirtyConnections(); },
                                                               reports_, imports_, settings_.max_import_bytes, graph_,
                                                               exports_});
  return http::buildApiRouter(*api_);
}

http::AccessPolicy Runtime::accessPolicy() {
  return http::makeAccessGate(sessions_, audit_, http::GateOptions{settings_.trusted_proxies, settings_.secure_cookie});
}

}  // namespace trellis::app
