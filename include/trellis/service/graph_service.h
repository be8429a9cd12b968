// The innovation graph's use cases (issue 10): node CRUD and link create/end, each written with
// its audit row in one transaction and forwarded to the GraphEngine after the commit (so a query
// made after the answer sees it: read-your-writes), and the caller's view for every query.
//
// Design note — scope (tests cite these labels):
//   GS1 visible     a city-wide caller sees every node; a county (or viewer) caller sees the nodes
//                   of its region and, read-only, the nodes linked that day to an enterprise of its
//                   region (graph::Visibility::regions); a liaison officer sees its assigned
//                   enterprises and the nodes linked to them that day. Every query runs on the
//                   caller's view (graph::GraphView), so nothing outside it is returned, counted
//                   or routed through.
//   GS2 hidden = absent  a node or link outside the view answers not_found exactly like an
//                   absent one (same code, same message, no key), and a by-id read of either is
//                   recorded as a refusal (one write each, as for enterprises: equal time).
//   GS3 writable    a caller changes only nodes of its own region (city-wide: all); a node it sees
//                   read-only answers forbidden "node_read_only". A link may be made or ended when
//                   both ends are visible and at least one is the caller's own (an enterprise of its
//                   region or a node it may change); otherwise forbidden "link_read_only".
//   GS4 checked first  kind, fields (GraphConfig::checkNode), link kinds between node kinds
//                   (GraphConfig::checkLink) and a duplicate valid link are refused before anything
//                   is written (422 / 409), nothing changes.
//   GS5 one order   writes and the engine updates that follow them run under one mutex, so the
//                   engine applies changes in commit order; if the engine ever refuses a committed
//                   change it is reloaded from the database.
//   GS7 exact jobs  exact betweenness runs as a background job (graph::BetweennessJob) over the
//                   starting caller's view as of its date. At most one job runs per server (a
//                   further start answers conflict "centrality_job_running"), the visible graph may
//                   hold at most limits.max_exact_betweenness_nodes nodes, and the last kKeptJobs
//                   jobs are kept (in memory: a restart forgets them). A job is its starter's: for
//                   any other user its id answers exactly like an absent one (GS2, recorded as a
//                   refusal). Starting one is on the audit trail.
//   GS6 register followed  every registered enterprise has a node (sql/008 trigger) that carries
//                   its name, region, industry and archived flag (an archived enterprise's node is in
//                   no view, its links kept for a restore). Whatever path registers or changes an
//                   enterprise (PATCH, archive, restore, import commit or revert, demo data, CLI),
//                   the next graph call sees it: sql/010 notes each change in its transaction and
//                   every view() first applies the notes and registrations the engine lacks.
// A node reference is its id or "enterprise:<USCC>".
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/graph_config.h"
#include "trellis/graph/betweenness_job.h"
#include "trellis/graph/graph_engine.h"
#include "trellis/io/graph_json.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/database.h"
#include "trellis/store/graph_repository.h"

namespace trellis::service {

struct GraphNodeView {
  store::GraphNodeRow row;
  bool writable = false;                  // GS3, for this caller
};

struct GraphNodeQuery {
  std::string kind, region, q, cursor;
  std::optional<std::int64_t> limit;      // default 50, at most max_page_size
  std::optional<Date> as_of;
};

struct GraphNodeList {
  std::vector<GraphNodeView> items;
  std::string next_cursor;
};

struct GraphLinkView {
  store::GraphLinkRow row;
};

// A background exact-betweenness job as its starter sees it (GS7).
struct CentralityJobState {
  std::int64_t id = 0;
  graph::BetweennessJob::Status status = graph::BetweennessJob::Status::running;
  std::int64_t sources_done = 0, sources_total = 0;
  Date as_of;
  std::optional<domain::NodeKind> kind;
  int limit = 0;
  std::string started_at;
  std::optional<graph::CentralityResult> result;   // when done
  std::string failure;                             // when failed
};

struct IsolatedResult {
  Date as_of;                             // the day asked for, or today
  std::string pool;                       // empty: any reserve pool
  std::int64_t members = 0;               // visible members open on as_of
  std::vector<graph::NodeSummary> isolated;
};

class GraphService {
 public:
  GraphService(const Context& ctx, domain::GraphConfig config);

  // Loads every node and link from the database into the engine (start-up).
  void loadEngine();
  graph::GraphEngine& engine() { return engine_; }
  const domain::GraphConfig& config() const { return engine_.config(); }

  // GS1: the caller's view as of a day (default today).
  graph::GraphView view(const Caller& caller, std::optional<Date> as_of);
  // A node reference in this view; Error not_found (GS2) when unknown, malformed or hidden.
  domain::NodeId resolve(const graph::GraphView& view, std::string_view ref);

  // Every node id the view shows, ascending (the JSON export of the whole visible graph).
  std::vector<domain::NodeId> visibleNodeIds(const graph::GraphView& view);

  GraphNodeView node(const Caller& caller, std::string_view ref, std::optional<Date> as_of);
  GraphNodeList nodes(const Caller& caller, const GraphNodeQuery& query);
  GraphNodeView createNode(const Caller& caller, const io::GraphNodeDraft& draft);
  GraphNodeView updateNode(const Caller& caller, std::string_view ref, const nlohmann::json& body,
                           std::optional<std::int64_t> if_match);
  void removeNode(const Caller& caller, std::string_view ref, std::optional<std::int64_t> if_match);

  // Links at a node valid on as_of, visible to the caller, with their notes.
  std::vector<GraphLinkView> linksOf(const Caller& caller, std::string_view ref, std::optional<Date> as_of);
  GraphLinkView link(const Caller& caller, domain::LinkId id);
  GraphLinkView createLink(const Caller& caller, const io::GraphLinkDraft& draft);
  GraphLinkView endLink(const Caller& caller, domain::LinkId id, const io::GraphLinkEnd& end);

  // Reserve-pool members (open on as_of; pool empty = any pool) with no platform, team or project
  // link that day, over the caller's view. Error invalid "pool" for an unknown pool.
  IsolatedResult isolated(const Caller& caller, const std::string& pool, std::optional<Date> as_of);

  // GS7. Starts a job (invalid "limit" / exact_betweenness_too_large; conflict
  // centrality_job_running), or reads one of the caller's (centrality_job_not_found otherwise).
  CentralityJobState startCentralityJob(const Caller& caller, const io::CentralityJobDraft& draft);
  CentralityJobState centralityJob(const Caller& caller, std::string_view id);
  static constexpr std::size_t kKeptJobs = 16;

  // The parts of POST / PUT / DELETE /graph/nodes that run on a caller's transaction, for the
  // graph node import (service/graph_node_import.h) as for the routes: the routes call them and
  // then tell the engine; an import calls refreshNodes once its transaction has committed (GS5).
  // checkNodeFor: GS4's field checks and the caller's region (node_region_out_of_scope), the node
  // as it would be stored with id.
  domain::GraphNode checkNodeFor(const Caller& caller, domain::GraphNode node, domain::NodeId id) const;
  // Inserts n (unknown_region when its region is not in the table), audited graph.node.create.
  store::GraphNodeRow createNodeOn(store::Connection& c, const Caller& caller, const domain::GraphNode& n);
  // Writes n over found (the row read on c) as version found.version + 1, audited
  // graph.node.update with the diff; nothing is written when n equals found's node. stale_version
  // when the row moved meanwhile.
  store::GraphNodeRow updateNodeOn(store::Connection& c, const Caller& caller, const store::GraphNodeRow& found,
                                   const domain::GraphNode& n);
  // Removes found (read on c), audited graph.node.remove; stale_version when it moved meanwhile.
  void removeNodeOn(store::Connection& c, const Caller& caller, const store::GraphNodeRow& found);
  // After a commit that wrote these nodes elsewhere: the engine takes each as the database now
  // holds it (removed ones leave it). Under the write mutex, so it keeps commit order (GS5).
  void refreshNodes(const std::vector<domain::NodeId>& ids);
  // A stored row as the node it holds (its kind's fields decoded).
  domain::GraphNode decoded(const store::GraphNodeRow& row) const;

 private:
  void sync();                            // GS6
  void reload();                          // GS5
  // The node a reference names, visible or not; nullopt when malformed or naming nothing.
  std::optional<domain::NodeId> lookup(std::string_view ref);
  // GS2: the refusal a hidden (exists) or absent by-id read leaves on the audit trail.
  void refuseRead(const Caller& caller, const char* action, const AuditObject& asked_for, bool exists);
  graph::Visibility visibilityFor(const Caller& caller, const Date& on);
  bool mayWrite(const Caller& caller, const graph::NodeSummary& node) const;
  domain::GraphNode checkedNode(const Caller& caller, domain::GraphNode node, domain::NodeId id,
                                const char* region_message) const;
  graph::NodeSummary nodeToChange(const Caller& caller, std::string_view ref, const char* action,
                                  const char* enterprise_message);
  GraphNodeView viewOf(const Caller& caller, store::GraphNodeRow row) const;
  // The engine takes the committed node (or forgets the removed one); reloads when it refuses (GS5).
  void tellEngine(const domain::GraphNode& node, bool removed);

  struct Job {
    std::int64_t owner = 0;               // the starter's user id
    Date as_of;
    std::optional<domain::NodeKind> kind;
    int limit = 0;
    std::string started_at;
    std::shared_ptr<graph::BetweennessJob> job;
  };
  CentralityJobState stateOf(std::int64_t id, const Job& job) const;

  const Context& ctx_;
  graph::GraphEngine engine_;
  std::mutex write_mutex_;                // GS5
  store::GraphChangeMarks known_;         // GS6: what the engine holds; under write_mutex_
  // Declared last so that running jobs are cancelled and joined first when the service ends.
  std::mutex jobs_mutex_;                 // GS7: guards jobs_ and next_job_id_
  std::map<std::int64_t, Job> jobs_;
  std::int64_t next_job_id_ = 1;
};

}  // namespace trellis::service
