// The innovation graph's wire format (issue 10): strict JSON in (unknown fields and fields that do
// not belong to the node's kind are refused with 422 naming them), JSON out. Types and dates are
// checked here; values against config/graph.json by GraphConfig::checkNode in the service.
// Also the stored form of a node's kind-specific fields (graph_node.fields).
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/graph_config.h"
#include "trellis/domain/graph_node.h"

namespace trellis::io {

// The kind-specific members a node of this kind may carry (README "The innovation graph").
const std::vector<std::string>& graphNodeFieldNames(domain::NodeKind kind);

// POST /graph/nodes and PUT /graph/nodes/{id}: {"kind", "name", "region", <kind's fields>…,
// "version" (PUT)}. A PUT replaces every editable member: what it leaves out becomes empty.
struct GraphNodeDraft {
  std::optional<std::string> kind;        // required on POST; on PUT, when sent, must be the node's
  domain::GraphNode node;                 // name, region_code and the kind's fields as sent
  std::optional<std::int64_t> version;
};
// kind_hint: the stored node's kind on PUT (the body's "kind" may be left out); nullopt on POST.
GraphNodeDraft parseGraphNodeDraft(const nlohmann::json& body, std::optional<domain::NodeKind> kind_hint);

// POST /graph/links: {"kind", "from", "to", "valid_from"?, "valid_until"?, "note"?}. from / to
// are node references: a node id (number or digits) or "enterprise:<USCC>".
struct GraphLinkDraft {
  std::string kind;
  std::string from, to;
  std::optional<Date> valid_from;         // none: today
  std::optional<Date> valid_until;
  std::string note;
};
GraphLinkDraft parseGraphLinkDraft(const nlohmann::json& body);

// POST /graph/links/{id}/end: {"on"?: date (none: today), "note"?}.
struct GraphLinkEnd {
  std::optional<Date> on;
};
GraphLinkEnd parseGraphLinkEnd(const nlohmann::json& body);

// POST /graph/centrality/jobs: {"kind"?: node kind to rank (null: every kind), "limit"?: top N,
// "as_of"?: date (none: today)}. Unknown kind: unknown_node_kind "kind".
struct CentralityJobDraft {
  std::optional<domain::NodeKind> kind;
  std::optional<std::int64_t> limit;
  std::optional<Date> as_of;
};
CentralityJobDraft parseCentralityJobDraft(const nlohmann::json& body);

// graph_node.fields: the kind's own members, empty ones left out.
std::string graphNodeFieldsToText(const domain::GraphNode& node);
// Fills node's kind-specific members from stored text (written by graphNodeFieldsToText).
void graphNodeFieldsFromText(const std::string& text, domain::GraphNode& node);
// {"kind", "name", "region", <kind's fields>…}: every member of the kind, null when empty.
nlohmann::json graphNodeToJson(const domain::GraphNode& node);
// Node kinds with their allowed values, link kinds with their joins and the limits, for forms.
nlohmann::json graphConfigToJson(const domain::GraphConfig& config);

}  // namespace trellis::io
