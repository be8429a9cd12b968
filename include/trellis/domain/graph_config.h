// config/graph.json as plain structs (issue 10): the node kinds with their allowed values, the
// link kinds with the node kinds each may join, the engine's limits and the analytics' settings.
// Read once at start by io::loadGraphConfig and passed down; nothing here reads a file.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trellis/domain/graph_node.h"

namespace trellis::domain {

// A project programme; tiers non-empty for the province's 十百千 (十 引领 / 百 示范 / 千 应用).
struct ProgrammeDef {
  std::string code;                       // the stored value, e.g. "省十百千"
  std::vector<std::string> tiers;
};

struct NodeKindDef {
  NodeKind kind = NodeKind::platform;
  std::string name_zh;                    // 创新平台
  std::vector<std::string> sub_kinds;     // platform / institution categories
  std::vector<std::string> levels;        // platform: 国家级 / 省级 / 市级
  std::vector<std::string> build_modes;   // platform
  std::vector<std::string> statuses;      // platform / talent team / project
  std::vector<std::string> valid_statuses;  // statuses under which a node counts as in force
  std::vector<ProgrammeDef> programmes;   // talent team / project
};

struct LinkKindDef {
  std::string code;                       // "hosts"
  std::string name_zh;                    // 依托建设
  // Allowed (from kind, to kind) pairs; a link of this kind between other kinds is refused.
  std::vector<std::pair<NodeKind, NodeKind>> joins;
};

struct GraphLimits {
  int max_depth = 3;                      // neighbourhood depth k <= this
  int max_neighbourhood_nodes = 2000;     // beyond: truncated
  int max_path_length = 12;               // shortest path: longer counts as "no path"
  int max_list = 500;                     // ranked lists (centrality, partners, sharing, components)
  int default_betweenness_sample = 200;   // sources when the caller names none
  int max_betweenness_sample = 2000;
  int max_export_nodes = 20000;           // GraphML / DOT export
  int max_exact_betweenness_nodes = 20000; // a background exact-betweenness job: O(nodes × links)
  int overlay_fold_threshold = 2048;      // changes in the overlay before a background fold
};

struct GraphAnalytics {
  double pagerank_damping = 0.85;
  double pagerank_tolerance = 1e-10;      // stop when the L1 change per iteration is below this
  int pagerank_max_iterations = 100;
  std::uint64_t betweenness_seed = 20221231;  // sample of sources: deterministic
  std::vector<NodeKind> isolation_kinds;  // reserve member "isolated": no link to any of these
  std::vector<NodeKind> partner_kinds;    // "partners who could help": these kinds are candidates
  std::vector<std::string> rd_institution_sub_kinds;  // platform sub-kinds counted as 新型研发机构
  std::vector<std::string> tech_transfer_programmes;  // project programmes counted as 成果转移转化
  std::vector<std::string> sino_german_programmes;    // project programmes counted as 中德(欧)合作
};

struct GraphConfig {
  std::string source;                     // where it was read from, for messages
  std::vector<NodeKindDef> node_kinds;    // every NodeKind exactly once
  std::vector<LinkKindDef> link_kinds;
  GraphLimits limits;
  GraphAnalytics analytics;

  const NodeKindDef& nodeKind(NodeKind kind) const;
  const LinkKindDef* findLinkKind(std::string_view code) const;
  bool allowsLink(std::string_view link_kind, NodeKind from, NodeKind to) const;

  // Throws Error invalid naming the field ("sub_kind", "level", "build_mode", "status",
  // "programme", "tier", "name", "budget_yuan", "ends_on", "enterprise_id") when a node's value is
  // not one config lists, a required value is missing, or dates are out of order.
  void checkNode(const GraphNode& node) const;
  // Throws Error invalid: field "kind" code "unknown_link_kind" / "link_kinds_forbidden" (this
  // kind may not join these node kinds), field "valid_until" code "link_dates" (not after
  // valid_from), field "to" code "self_link".
  void checkLink(const GraphLink& link, NodeKind from_kind, NodeKind to_kind) const;
};

}  // namespace trellis::domain
