// The route table of /api/v1: every route with its method, pattern, action and thin handler
// (parse, call the service, serialize).
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "trellis/domain/catalog.h"
#include "trellis/http/router.h"
#include "trellis/auth/session_manager.h"
#include "trellis/service/audit_queries.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/service/follow_up_service.h"
#include "trellis/service/import_batches.h"
#include "trellis/service/graph_service.h"
#include "trellis/service/ladder_service.h"
#include "trellis/service/pool_service.h"
#include "trellis/service/liaison_service.h"
#include "trellis/service/list_exports.h"
#include "trellis/service/problem_service.h"
#include "trellis/service/report_service.h"
#include "trellis/service/user_service.h"

namespace trellis::http {

struct ApiServices {
  service::EnterpriseService& enterprises;
  const domain::Catalog& catalog;
  auth::SessionManager& sessions;
  service::UserService& users;
  service::AuditQueries& audit;
  std::int64_t schema_version;
  std::string version;  // the trellis release
  bool secure_cookie;   // add "Secure" to the session cookie (behind TLS)
  // One-to-one liaison (addLiaisonRoutes).
  service::LiaisonService& liaison;
  service::ProblemService& problems;
  service::FollowUpService& follow_up;
  const domain::LiaisonConfig& liaison_config;
  // The cultivation ladder and reserve pools (addLadderRoutes).
  service::LadderService& ladder;
  service::PoolService& pools;
  // Database connections handed back with a busy statement or an open transaction since start
  // (reset and counted; store::Database::dirtyConnections), shown by GET /api/v1/health.
  std::function<std::int64_t()> dirty_connections;
  // Progress against the plan (addReportRoutes).
  service::ReportService& reports;
  // Import batches (addImportRoutes): uploads are streamed to disk, up to max_import_bytes.
  service::ImportBatches& imports;
  std::uint64_t max_import_bytes;
  // The innovation graph (addGraphRoutes).
  service::GraphService& graph;
  // Every list as CSV/XLSX (?format=csv|xlsx).
  service::ListExports& exports;
};

// Adds the registry routes (health, regions, industries, enterprises) to router.
void addRegistryRoutes(Router& router, ApiServices& services);
// Adds sign-in, the caller's own account, user administration and the audit trail.
void addAccessRoutes(Router& router, ApiServices& services);
// Adds liaison assignments, the contact log, problems, the follow-up queue and metrics.
void addLiaisonRoutes(Router& router, ApiServices& services);
// Adds designations, ladder position, indicators, evaluation, pools, pipeline and roadmaps.
void addLadderRoutes(Router& router, ApiServices& services);
// Adds the plan, its reports and drill-downs, task status updates and target splits.
void addReportRoutes(Router& router, ApiServices& services);
// Adds the import batches: upload and dry run, read, history, commit, revert, error download.
void addImportRoutes(Router& router, ApiServices& services);
// Adds the innovation graph: nodes, links and the graph queries under /api/v1/graph.
void addGraphRoutes(Router& router, ApiServices& services);
// Every route of /api/v1. Throws std::invalid_argument when a route's action is unknown to the
// access policy, so the service refuses to start with an unprotected route.
Router buildApiRouter(ApiServices& services);

// Reads a version from If-Match ("3", W/"3" or 3); nullopt when absent; Error bad_request when
// it is not a version this server issued.
std::optional<std::int64_t> ifMatchVersion(const Request& request);
// The ETag that carries a version: "3", quotes included (what ifMatchVersion reads back).
std::string etagOf(std::int64_t version);

}  // namespace trellis::http
