#include "trellis/io/graph_json.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/io/json_body.h"

namespace trellis::io {
namespace {

using domain::GraphNode;
using domain::NodeKind;

bool present(const nlohmann::json& o, const char* key) { return o.contains(key) && !o.at(key).is_null(); }

std::optional<Date> dateField(const nlohmann::json& o, const char* key) {
  if (!present(o, key)) return std::nullopt;
  std::string text = stringField(o, key);
  auto d = Date::parse(text);
  if (!d) throw Error(errc::invalid_date, std::string(key) + " must be a date YYYY-MM-DD", key);
  return d;
}

std::string textOr(const nlohmann::json& o, const char* key) { return present(o, key) ? stringField(o, key) : ""; }

nlohmann::json orNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }
nlohmann::json orNull(const std::optional<Date>& d) { return d ? nlohmann::json(d->toString()) : nlohmann::json(nullptr); }

// Reads the kind's own members from o into n (names as graphNodeFieldNames lists them).
void readFields(const nlohmann::json& o, GraphNode& n) {
  for (const auto& f : graphNodeFieldNames(n.kind)) {
    const char* k = f.c_str();
    if (f == "approved_on") n.approved_on = dateField(o, k);
    else if (f == "ended_on") n.ended_on = dateField(o, k);
    else if (f == "starts_on") n.starts_on = dateField(o, k);
    else if (f == "ends_on") n.ends_on = dateField(o, k);
    else if (f == "year_recognised") {
      if (present(o, k)) {
        std::int64_t y = intField(o, k);
        if (y < 1900 || y > 2100) throw Error(errc::out_of_range, "year_recognised must be 1900..2100", f);
        n.year_recognised = static_cast<int>(y);
      }
    } else if (f == "budget_yuan") {
      if (present(o, k)) {
        n.budget_yuan = intField(o, k);
        if (n.budget_yuan < 0) throw Error(errc::out_of_range, "budget_yuan is an amount in yuan, not negative", f);
      }
    } else if (f == "sub_kind") n.sub_kind = textOr(o, k);
    else if (f == "level") n.level = textOr(o, k);
    else if (f == "build_mode") n.build_mode = textOr(o, k);
    else if (f == "approving_body") n.approving_body = textOr(o, k);
    else if (f == "status") n.status = textOr(o, k);
    else if (f == "programme") n.programme = textOr(o, k);
    else if (f == "tier") n.tier = textOr(o, k);
    else if (f == "leader") n.leader = textOr(o, k);
    else if (f == "field") n.field = textOr(o, k);
    else if (f == "country") n.country = textOr(o, k);
    else if (f == "industry") n.industry = textOr(o, k);
  }
}

void writeFields(const GraphNode& n, nlohmann::json& o, bool with_nulls) {
  auto put = [&](const std::string& key, nlohmann::json v) {
    if (with_nulls || !v.is_null()) o[key] = std::move(v);
  };
  for (const auto& f : graphNodeFieldNames(n.kind)) {
    if (f == "approved_on") put(f, orNull(n.approved_on));
    else if (f == "ended_on") put(f, orNull(n.ended_on));
    else if (f == "starts_on") put(f, orNull(n.starts_on));
    else if (f == "ends_on") put(f, orNull(n.ends_on));
    else if (f == "year_recognised") put(f, n.year_recognised ? nlohmann::json(*n.year_recognised) : nlohmann::json(nullptr));
    else if (f == "budget_yuan") put(f, n.budget_yuan);
    else if (f == "sub_kind") put(f, orNull(n.sub_kind));
    else if (f == "level") put(f, orNull(n.level));
    else if (f == "build_mode") put(f, orNull(n.build_mode));
    else if (f == "approving_body") put(f, orNull(n.approving_body));
    else if (f == "status") put(f, orNull(n.status));
    else if (f == "programme") put(f, orNull(n.programme));
    else if (f == "tier") put(f, orNull(n.tier));
    else if (f == "leader") put(f, orNull(n.leader));
    else if (f == "field") put(f, orNull(n.field));
    else if (f == "country") put(f, orNull(n.country));
    else if (f == "industry") put(f, orNull(n.industry));
  }
}

std::vector<std::string> kindNames(const std::vector<NodeKind>& kinds) {
  std::vector<std::string> out;
  for (auto k : kinds) out.push_back(domain::nodeKindName(k));
  return out;
}

}  // namespace

const std::vector<std::string>& graphNodeFieldNames(NodeKind kind) {
  static const std::vector<std::string> platform = {"sub_kind", "level",  "build_mode", "approved_on",
                                                    "approving_body", "status", "ended_on", "industry"};
  static const std::vector<std::string> team = {"programme", "leader", "field", "year_recognised",
                                                "status", "ended_on", "industry"};
  static const std::vector<std::string> project = {"programme", "tier", "budget_yuan", "starts_on",
                                                   "ends_on", "status", "industry"};
  static const std::vector<std::string> institution = {"sub_kind", "country", "industry"};
  static const std::vector<std::string> none;
  switch (kind) {
    case NodeKind::platform: return platform;
    case NodeKind::talent_team: return team;
    case NodeKind::project: return project;
    case NodeKind::institution: return institution;
    case NodeKind::enterprise: return none;
  }
  return none;
}

GraphNodeDraft parseGraphNodeDraft(const nlohmann::json& body, std::optional<NodeKind> kind_hint) {
  if (!body.is_object()) throw Error(errc::not_an_object, "the body must be a JSON object");
  GraphNodeDraft d;
  if (present(body, "kind")) d.kind = stringField(body, "kind");
  std::optional<NodeKind> kind = kind_hint;
  if (d.kind) {
    auto k = domain::parseNodeKind(*d.kind);
    if (!k) throw Error(errc::unknown_node_kind, "kind must be platform, talent_team, project or institution", "kind");
    if (kind_hint && *k != *kind_hint)
      throw Error(errc::node_kind_immutable, "a node's kind never changes (it is " +
                                                     std::string(domain::nodeKindName(*kind_hint)) + ")", "kind");
    kind = k;
  }
  if (!kind) throw Error(errc::required, "kind is required (platform, talent_team, project or institution)", "kind");
  if (*kind == NodeKind::enterprise)
    throw Error(errc::enterprise_node_automatic, "an enterprise's node exists for every registered enterprise; register the enterprise instead", "kind");
  std::vector<std::string> allowed = {"kind", "name", "region", "version"};
  for (const auto& f : graphNodeFieldNames(*kind)) allowed.push_back(f);
  requireKnownFields(body, allowed);
  d.node.kind = *kind;
  d.node.name = textOr(body, "name");
  d.node.region_code = textOr(body, "region");
  if (present(body, "version")) d.version = intField(body, "version");
  readFields(body, d.node);
  return d;
}

GraphLinkDraft parseGraphLinkDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"kind", "from", "to", "valid_from", "valid_until", "note"});
  GraphLinkDraft d;
  for (const char* k : {"kind", "from", "to"})
    if (!present(body, k)) throw Error(errc::required, std::string(k) + " is required", k);
  d.kind = stringField(body, "kind");
  for (const char* k : {"from", "to"}) {
    const auto& v = body.at(k);
    std::string ref;
    if (v.is_number_integer()) ref = std::to_string(v.get<std::int64_t>());
    else if (v.is_string()) ref = v.get<std::string>();
    else throw Error(errc::wrong_type, std::string(k) + " must be a node id or \"enterprise:<USCC>\"", k);
    (std::string(k) == "from" ? d.from : d.to) = ref;
  }
  d.valid_from = dateField(body, "valid_from");
  d.valid_until = dateField(body, "valid_until");
  d.note = textOr(body, "note");
  return d;
}

GraphLinkEnd parseGraphLinkEnd(const nlohmann::json& body) {
  requireKnownFields(body, {"on"});
  GraphLinkEnd e;
  e.on = dateField(body, "on");
  return e;
}

CentralityJobDraft parseCentralityJobDraft(const nlohmann::json& body) {
  if (!body.is_object()) throw Error(errc::not_an_object, "the body must be a JSON object");
  requireKnownFields(body, {"kind", "limit", "as_of"});
  CentralityJobDraft d;
  if (present(body, "kind")) {
    std::string k = stringField(body, "kind");
    d.kind = domain::parseNodeKind(k);
    if (!d.kind) throw Error(errc::unknown_node_kind, "unknown node kind \"" + k + "\"", "kind");
  }
  if (present(body, "limit")) d.limit = intField(body, "limit");
  d.as_of = dateField(body, "as_of");
  return d;
}

std::string graphNodeFieldsToText(const GraphNode& node) {
  nlohmann::json o = nlohmann::json::object();
  writeFields(node, o, false);
  return o.dump();
}

void graphNodeFieldsFromText(const std::string& text, GraphNode& node) {
  auto o = nlohmann::json::parse(text, nullptr, false);
  if (!o.is_object()) throw Error(errc::internal, "graph_node " + std::to_string(node.id) + ": fields is not a JSON object");
  readFields(o, node);
}

nlohmann::json graphNodeToJson(const GraphNode& node) {
  nlohmann::json o = {{"kind", domain::nodeKindName(node.kind)}, {"name", node.name}, {"region", node.region_code}};
  writeFields(node, o, true);
  return o;
}

nlohmann::json graphConfigToJson(const domain::GraphConfig& config) {
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& k : config.node_kinds) {
    nlohmann::json programmes = nlohmann::json::array();
    for (const auto& p : k.programmes) programmes.push_back({{"code", p.code}, {"tiers", p.tiers}});
    kinds[domain::nodeKindName(k.kind)] = {{"name_zh", k.name_zh},         {"sub_kinds", k.sub_kinds},
                                           {"levels", k.levels},           {"build_modes", k.build_modes},
                                           {"statuses", k.statuses},       {"valid_statuses", k.valid_statuses},
                                           {"programmes", programmes},     {"fields", graphNodeFieldNames(k.kind)}};
  }
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : config.link_kinds) {
    nlohmann::json joins = nlohmann::json::array();
    for (const auto& [from, to] : l.joins) joins.push_back({domain::nodeKindName(from), domain::nodeKindName(to)});
    links.push_back({{"code", l.code}, {"name_zh", l.name_zh}, {"joins", joins}});
  }
  const auto& lim = config.limits;
  return {{"node_kinds", kinds},
          {"link_kinds", links},
          {"limits",
           {{"max_depth", lim.max_depth},
            {"max_neighbourhood_nodes", lim.max_neighbourhood_nodes},
            {"max_path_length", lim.max_path_length},
            {"max_list", lim.max_list},
            {"default_betweenness_sample", lim.default_betweenness_sample},
            {"max_betweenness_sample", lim.max_betweenness_sample},
            {"max_export_nodes", lim.max_export_nodes},
            {"max_exact_betweenness_nodes", lim.max_exact_betweenness_nodes}}},
          {"isolation_kinds", kindNames(config.analytics.isolation_kinds)},
          {"partner_kinds", kindNames(config.analytics.partner_kinds)}};
}

}  // namespace trellis::io
