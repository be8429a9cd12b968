// The graph_node and graph_link tables (sql/008_graph.sql): what the graph engine is loaded from
// at start and what the graph service writes, each change in its caller's transaction. A node's
// kind-specific fields travel as one JSON object text (io/graph_json encodes and decodes it); an
// enterprise's node reads its name, region and industry from the enterprise row.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/graph_node.h"

namespace trellis::store {

class Connection;

struct GraphNodeRow {
  domain::GraphNode node;       // id, kind, name, region_code; enterprise: enterprise_id, industry
  std::string fields_json = "{}";  // the kind's own fields (not for enterprises)
  std::string uscc;             // enterprise nodes: the enterprise's code
  std::string created_by, created_at, updated_at;
  std::int64_t version = 1;
  std::optional<std::string> removed_at;
};

struct GraphLinkRow {
  domain::GraphLink link;
  std::string recorded_at;
  std::optional<std::string> ended_by, ended_at;
  std::int64_t version = 1;
};

struct GraphNodeFilter {
  std::string kind;             // exact; empty = any
  std::string region;           // exact responsible region (enterprise: its region); empty = any
  std::string q;                // substring of the name (ASCII case-insensitive); empty = any
  std::int64_t after_id = 0;
  int limit = 50;               // rows returned at most
};

// How far the database has gone: the newest node and link ids and the newest enterprise change
// the graph copies (sql/011_graph_enterprise_changes.sql). All only ever grow.
struct GraphChangeMarks {
  std::int64_t max_node_id = 0;
  std::int64_t max_link_id = 0;
  std::int64_t enterprise_change = 0;
};

class GraphRepository {
 public:
  // Every node not removed, ascending id; every link whose two ends are not removed (ids above
  // after_id).
  static std::vector<GraphNodeRow> liveNodes(Connection& c, std::int64_t after_id = 0);
  static std::vector<domain::GraphLink> liveLinks(Connection& c, domain::LinkId after_id = 0);
  // The live nodes of these kinds (not enterprises: theirs is the register's data), ascending id.
  static std::vector<GraphNodeRow> liveNodesOfKinds(Connection& c, const std::vector<domain::NodeKind>& kinds);
  static std::optional<GraphNodeRow> findNode(Connection& c, domain::NodeId id);
  static std::optional<domain::NodeId> enterpriseNode(Connection& c, std::int64_t enterprise_id);
  // Live nodes in ascending id after f.after_id matching f, at most f.limit.
  static std::vector<GraphNodeRow> listNodes(Connection& c, const GraphNodeFilter& f);
  // Live nodes of kind in region named exactly name (not enterprises), at most limit (the graph
  // node import's key when a row has no 节点编号).
  static std::vector<GraphNodeRow> nodesNamed(Connection& c, const std::string& kind, const std::string& name,
                                              const std::string& region, int limit);
  static GraphChangeMarks changeMarks(Connection& c);
  // The nodes of the enterprises whose name, region, industry or archived flag changed after
  // change mark after_seq, in the order of their latest change.
  static std::vector<GraphNodeRow> enterpriseNodesChangedAfter(Connection& c, std::int64_t after_seq);

  // Inserts a non-enterprise node (id ignored, version 1); returns its id.
  static domain::NodeId insertNode(Connection& c, const GraphNodeRow& row);
  // name, region, fields, updated_at, version where id and version match and not removed.
  static bool updateNode(Connection& c, const GraphNodeRow& row, std::int64_t expected_version);
  static bool removeNode(Connection& c, domain::NodeId id, std::int64_t expected_version, const std::string& at);

  static domain::LinkId insertLink(Connection& c, const domain::GraphLink& link, const std::string& at);
  static std::optional<GraphLinkRow> findLink(Connection& c, domain::LinkId id);
  // Sets valid_until once; false when the link is unknown or already ended.
  static bool endLink(Connection& c, domain::LinkId id, const Date& until, const std::string& by,
                      const std::string& at);

  // Enterprises (row ids, ascending) with a reserve-pool membership open on `on`; pool empty = any.
  static std::vector<std::int64_t> poolMembersOn(Connection& c, const std::string& pool, const Date& on);
  // True when a link of l's kind from l.from to l.to is valid on some day l is (the engine's E4).
  static bool overlaps(Connection& c, const domain::GraphLink& l);
  static bool regionExists(Connection& c, const std::string& code);
  // The nodes of the enterprises this liaison officer is actively assigned (ascending).
  static std::vector<domain::NodeId> assignedEnterpriseNodes(Connection& c, std::int64_t officer_id);
};

}  // namespace trellis::store
