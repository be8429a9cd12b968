// The composition root: builds the database, reference data and services once, in order, and
// hands them to the HTTP server or a CLI command.
#pragma once
#include <memory>

#include "trellis/app/settings.h"
#include "trellis/auth/password.h"
#include "trellis/auth/session_manager.h"
#include "trellis/core/clock.h"
#include "trellis/domain/catalog.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/server.h"
#include "trellis/service/audit_queries.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/context.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/service/follow_up_service.h"
#include "trellis/service/designation_import.h"
#include "trellis/service/contact_import.h"
#include "trellis/service/liaison_assignment_import.h"
#include "trellis/service/target_import.h"
#include "trellis/service/indicator_import.h"
#include "trellis/service/pool_member_import.h"
#include "trellis/service/enterprise_import.h"
#include "trellis/service/import_batches.h"
#include "trellis/service/graph_node_import.h"
#include "trellis/service/graph_service.h"
#include "trellis/service/list_exports.h"
#include "trellis/rules/ladder.h"
#include "trellis/service/ladder_service.h"
#include "trellis/service/liaison_service.h"
#include "trellis/service/pool_service.h"
#include "trellis/service/problem_service.h"
#include "trellis/service/report_service.h"
#include "trellis/service/user_service.h"
#include "trellis/store/database.h"

namespace trellis::app {

extern const char* const kTrellisVersion;

class Runtime {
 public:
  // Opens the database (migrating it), loads config/ and syncs regions. Throws Error with a
  // message that names the file or key at fault.
  Runtime(const Settings& settings, const Clock& clock);

  const Settings& settings() const { return settings_; }
  const Clock& clock() const { return clock_; }
  store::Database& db() { return db_; }
  const domain::Catalog& catalog() const { return catalog_; }
  service::EnterpriseService& enterprises() { return enterprises_; }
  service::UserService& users() { return users_; }
  service::AuditQueries& auditQueries() { return audit_queries_; }
  auth::SessionManager& sessions() { return sessions_; }
  const domain::LiaisonConfig& liaisonConfig() const { return liaison_config_; }
  service::LiaisonService& liaison() { return liaison_; }
  service::ProblemService& problems() { return problems_; }
  service::FollowUpService& followUp() { return follow_up_; }
  const rules::Ladder& ladder() const { return ladder_; }
  service::LadderService& ladderService() { return ladder_service_; }
  service::PoolService& pools() { return pools_; }
  const service::AuditTrail& auditTrail() const { return audit_; }
  const service::Context& context() const { return context_; }
  const domain::Plan& plan() const { return plan_; }
  const domain::TargetBook& targets() const { return targets_; }
  service::ReportService& reports() { return reports_; }
  service::ImportBatches& imports() { return imports_; }
  service::GraphService& graph() { return graph_; }
  service::ListExports& exports() { return exports_; }

  // The full /api/v1 route table (throws std::invalid_argument for a route the policy does
  // not know) and the gate that runs before each route.
  http::Router buildRouter();
  http::AccessPolicy accessPolicy();

 private:
  Settings settings_;
  const Clock& clock_;
  store::Database db_;
  domain::Catalog catalog_;
  service::AuditTrail audit_;
  service::Context context_;  // what every service is built on
  auth::PasswordPolicy password_policy_;
  auth::PasswordHasher hasher_;
  auth::SessionManager sessions_;
  rules::Ladder ladder_;  // config/ladder.json, checked at start (LC1–LC7)
  service::EnterpriseService enterprises_;
  service::UserService users_;
  service::AuditQueries audit_queries_;
  domain::LiaisonConfig liaison_config_;
  service::LiaisonService liaison_;
  service::ProblemService problems_;
  service::FollowUpService follow_up_;
  service::LadderService ladder_service_;
  service::PoolService pools_;
  domain::Plan plan_;            // config/plan.json, checked at start (PC1–PC4)
  domain::TargetBook targets_;   // config/targets.json (TC1–TC3)
  service::ReportService reports_;
  // Before the importers: the graph node import writes through it.
  service::GraphService graph_;  // config/graph.json (GC1–GC6); engine loaded at start
  io::ImportMapping import_mapping_;  // config/import.json
  service::EnterpriseImport enterprise_import_;
  service::DesignationImport designation_import_;
  service::IndicatorImport indicator_import_;
  service::PoolMemberImport pool_member_import_;
  service::ContactImport contact_import_;
  service::LiaisonAssignmentImport liaison_assignment_import_;
  service::TargetImport target_import_;
  service::GraphNodeImport graph_node_import_;
  service::ImportBatches imports_;
  service::ListExports exports_;  // every list as CSV/XLSX, for the routes and `trellis export`
  std::unique_ptr<http::ApiServices> api_;
};

}  // namespace trellis::app
