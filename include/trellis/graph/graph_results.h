// What graph queries take and return: our ids and config codes only, never a vertex descriptor.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/graph_node.h"

namespace trellis::graph {

using domain::LinkId;
using domain::NodeId;
using domain::NodeKind;

// A node as queries return it (the repository holds the rest of its fields).
struct NodeSummary {
  NodeId id = 0;
  NodeKind kind = NodeKind::platform;
  std::string name;
  std::string region_code;
  std::string sub_kind;                   // platform/institution category; project/team programme
  std::string level;                      // platform level; project tier
  std::optional<std::int64_t> enterprise_id;
  std::string uscc;                       // an enterprise's USCC; empty for other kinds
};

struct LinkSummary {
  LinkId id = 0;
  std::string kind;
  NodeId from = 0;
  NodeId to = 0;
  Date valid_from;
  std::optional<Date> valid_until;
};

// Neighbourhood: breadth first from center to depth, over links whose kind is in link_kinds and
// nodes whose kind is in node_kinds (empty = any; the center is always included).
struct NeighbourhoodRequest {
  NodeId center = 0;
  int depth = 1;                          // 1..limits.max_depth, else Error invalid "depth"
  std::vector<NodeKind> node_kinds;
  std::vector<std::string> link_kinds;    // unknown code: Error invalid "link_kinds"
  int max_nodes = 0;                      // 0 = limits.max_neighbourhood_nodes; larger is refused
};

struct NeighbourhoodNode {
  NodeSummary node;
  int depth = 0;                          // hops from the center
};

struct NeighbourhoodResult {
  std::vector<NeighbourhoodNode> nodes;   // center first, then by depth, then by id
  std::vector<LinkSummary> links;         // every valid visible link among the returned nodes
  bool truncated = false;                 // more nodes were reachable than max_nodes
};

// Shortest path (fewest links, undirected, bidirectional breadth first). Among equally short
// paths: through the meeting node with the smallest id, then the smallest-id predecessor on
// each side — the same answer whatever the storage order.
struct PathResult {
  std::vector<NodeSummary> nodes;         // from … to
  std::vector<LinkSummary> links;         // links[i] joins nodes[i] and nodes[i + 1]
};

struct ComponentSummary {
  std::int64_t size = 0;
  NodeId representative = 0;              // its smallest node id
  std::array<std::int64_t, domain::kNodeKindCount> by_kind{};  // indexed by NodeKind
};

struct ComponentsResult {
  std::int64_t node_count = 0;            // visible nodes
  std::int64_t component_count = 0;
  std::vector<ComponentSummary> components;  // largest first (ties: smaller representative), ≤ limit
  std::int64_t isolated_nodes = 0;        // components of size 1
};

enum class Measure { degree, pagerank, betweenness };
const char* measureName(Measure m);

struct CentralityRequest {
  Measure measure = Measure::degree;
  std::optional<NodeKind> kind;           // report only nodes of this kind (computed over all)
  int limit = 50;                         // top N, ≤ limits.max_list
  int sample = 0;                         // betweenness sources; 0 = default; ≥ node count = exact
};

struct CentralityEntry {
  NodeSummary node;
  double score = 0;
};

struct CentralityResult {
  Measure measure = Measure::degree;
  std::vector<CentralityEntry> top;       // best first; ties by smaller id
  std::int64_t node_count = 0;            // visible nodes the measure ran over
  int sources = 0;                        // betweenness: sources used (== node_count: exact)
  std::uint64_t seed = 0;                 // betweenness: seed of the sample
  int iterations = 0;                     // pagerank: iterations run
};

// Enterprises sharing platforms with one enterprise.
struct SharingEntry {
  NodeSummary enterprise;
  std::vector<NodeId> platforms;          // the shared platforms, ascending
};

// "Partners who could help": candidate c reached center → z → c where z is a visible enterprise
// of the center's industry chain and c a node of analytics.partner_kinds not already linked to the
// center. Score: Adamic–Adar, Σ over such z of 1 / ln(degree(z)).
struct PartnerEntry {
  NodeSummary candidate;
  double score = 0;
  int via_count = 0;                      // how many same-chain enterprises lead to it
  PathResult path;                        // the explaining path center → z → candidate, z the
                                          // strongest contributor (smallest degree, then id)
};

struct PartnersResult {
  std::string industry;                   // the center's industry chain
  std::string measure = "adamic_adar";
  std::vector<PartnerEntry> partners;     // best first; ties by smaller id
};

// Counts for the plan (tasks 10–33), over visible nodes.
struct PlanCountsRequest {
  Date as_of;                             // "valid as of": in force that day
  int from_year = 0;                      // "new per year": years from_year..to_year
  int to_year = 0;                        //   (0 and 0: the as_of year only)
};

struct PlanCounts {
  // (platform sub_kind, level, region) → platforms in force on as_of (approved_on <= as_of, not
  // ended, status in valid_statuses).
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> platforms_valid;
  // (year, sub_kind, level, region) → platforms approved or filed in that year.
  std::map<std::tuple<int, std::string, std::string, std::string>, std::int64_t> platforms_new;
  // (programme, region) → talent teams recognised by as_of and not ended; (year, programme) → new.
  std::map<std::pair<std::string, std::string>, std::int64_t> talent_teams_valid;
  std::map<std::pair<int, std::string>, std::int64_t> talent_teams_new;
  // (level, region) → platforms of an rd_institution sub-kind in force on as_of.
  std::map<std::pair<std::string, std::string>, std::int64_t> rd_institutions_valid;
  // (year, programme, tier) → projects starting that year; tier empty when the programme has none.
  std::map<std::tuple<int, std::string, std::string>, std::int64_t> projects_new;
  std::map<int, std::int64_t> tech_transfer_projects_new;   // year → count
  std::map<int, std::int64_t> sino_german_projects_new;     // year → count
};

enum class ExportFormat { graphml, dot };

// Whole visible graph (no center) or a neighbourhood; refused (Error invalid "export_too_large",
// kind payload_too_large is not used: the request itself names too much) above max_export_nodes.
struct ExportRequest {
  ExportFormat format = ExportFormat::graphml;
  std::optional<NeighbourhoodRequest> around;
};

}  // namespace trellis::graph
