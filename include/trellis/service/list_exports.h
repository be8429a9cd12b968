// Every list as a spreadsheet (issue 12 "Export"): the rows a list route would page through,
// written to a TableSink (io/ turns it into CSV or XLSX) with the caller's scope and phone
// masking exactly as the list has them. The HTTP routes (?format=csv|xlsx) and `trellis export`
// both call this, so a list and its export never disagree. An export holds at most the Context's
// max_export_rows rows: more is Error export_too_large (field "format") and the partly written
// file is dropped. Every export that is written is audited (list.export, object list/<kind>, with
// the row count and the filters): a list of enterprises and phone numbers leaving the system is on
// the record.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "trellis/domain/catalog.h"
#include "trellis/domain/liaison.h"
#include "trellis/domain/table.h"
#include "trellis/service/audit_queries.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/service/graph_service.h"
#include "trellis/service/ladder_service.h"
#include "trellis/service/liaison_service.h"
#include "trellis/service/pool_service.h"
#include "trellis/service/problem_service.h"

namespace trellis::service {

struct ListExportServices {
  EnterpriseService& enterprises;
  PoolService& pools;
  ProblemService& problems;
  LiaisonService& liaison;
  GraphService& graph;
  const AuditQueries& audit;
  const LadderService& ladder;
  const domain::Catalog& catalog;
  const domain::LiaisonConfig& liaison_config;
};

class ListExports {
 public:
  ListExports(const Context& ctx, const ListExportServices& services) : ctx_(ctx), s_(services) {}

  // Each returns the number of rows written.
  std::int64_t enterprises(const Caller& caller, ListQuery query, domain::TableSink& sink);
  std::int64_t poolMembers(const Caller& caller, const std::string& pool, MemberQuery query, domain::TableSink& sink);
  // The milestones of a pool due before query.due_before, overdue ones included (到期节点).
  std::int64_t milestones(const Caller& caller, const std::string& pool, DueQuery query, domain::TableSink& sink);
  std::int64_t problems(const Caller& caller, ProblemQuery query, domain::TableSink& sink);
  std::int64_t contacts(const Caller& caller, ContactLogQuery query, domain::TableSink& sink);
  std::int64_t graphNodes(const Caller& caller, GraphNodeQuery query, domain::TableSink& sink);
  // The route's action (audit.read) decides who may; the rows are the reader's view (phones masked).
  std::int64_t audit(const Caller& caller, store::AuditFilter filter, domain::TableSink& sink);

 private:
  // Counts one more row; Error export_too_large once there are more than the Context allows.
  void count(std::int64_t& written, const char* what) const;
  // The audit row of a written export: kind, rows and the filters that chose them.
  void recordExport(const Caller& caller, const std::string& kind, const std::string& region, std::int64_t rows,
                    const nlohmann::json& filters) const;

  const Context& ctx_;
  ListExportServices s_;
};

}  // namespace trellis::service
