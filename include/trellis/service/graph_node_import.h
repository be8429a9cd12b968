// The graph node import (issue 12; README "Import and export files"): innovation platforms,
// talent teams, projects and partner institutions as rows, checked by exactly what POST and PUT
// /api/v1/graph/nodes check (GraphService::checkNodeFor) and allowed to the roles that route
// allows (graph.write).
//
// GN1 the 资源类型 cell is a node kind code (platform, talent_team, project, institution) or its
//     Chinese name of config/graph.json (创新平台 …); an enterprise's node follows the register
//     (enterprise_node_automatic), another word is unknown_node_kind. The region is a region code
//     or name (unknown_region); the other cells are the API's fields (a cell of a field another
//     kind has is refused unknown_field, as the API refuses it), checked against config/graph.json.
// GN2 scope: a county adds and changes only nodes of its own region (node_region_out_of_scope in
//     the region column); a 节点编号 naming a node it may not change answers graph_node_not_found,
//     exactly as an absent one.
// GN3 upsert key: the 节点编号 column when the row fills it (that node, whose kind must be the
//     row's: node_kind_immutable); else kind + exact name + region among the live nodes — one
//     match is that node, none a new node, more than one name_ambiguous (fill 节点编号). new /
//     updated (field diffs of the API's node JSON) / unchanged; the same node twice in one file
//     refuses the later row (duplicate_in_file).
// GN4 the commit writes through GraphService::createNodeOn / updateNodeOn (audited
//     graph.node.create / graph.node.update as the API's writes are); once the transaction has
//     committed, the engine takes every node written (afterCommit → GraphService::refreshNodes),
//     so the graph API shows them at once.
// GN5 revert: a node the batch created is removed (graph.node.remove), an updated one gets its
//     name, region and fields back (graph.node.update); a node whose version is no longer the one
//     the batch wrote (or that was removed) is changed_since_import. The engine is told after the
//     revert commits, as after the commit.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/catalog.h"
#include "trellis/io/import_mapping.h"
#include "trellis/service/graph_service.h"
#include "trellis/service/kind_importer.h"
#include "trellis/store/database.h"

namespace trellis::service {

class GraphNodeImport : public KindImporter {
 public:
  GraphNodeImport(store::Database& db, const domain::Catalog& catalog, const io::ImportMapping& mapping,
                  GraphService& graph);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;
  std::string enterpriseOf(const store::ImportChangeRecord& change) const override;
  void afterCommit(const std::vector<store::ImportChangeRecord>& changes) const override;

 protected:
  std::vector<std::string> choicesFor(const std::string& key) const override;

 private:
  const domain::Catalog& catalog_;
  GraphService& graph_;
};

}  // namespace trellis::service
