#include "trellis/domain/graph_config.h"

#include <algorithm>

#include "trellis/core/error.h"

namespace trellis::domain {
namespace {

bool listed(const std::vector<std::string>& values, const std::string& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

void requireListed(const std::vector<std::string>& values, const std::string& v, const char* field,
                   const ErrorCode& code, const NodeKindDef& def) {
  if (listed(values, v)) return;
  throw Error(code, std::string(field) + " \"" + v + "\" is not one config/graph.json lists for " + def.name_zh, field);
}

}  // namespace

const NodeKindDef& GraphConfig::nodeKind(NodeKind kind) const {
  for (const NodeKindDef& d : node_kinds)
    if (d.kind == kind) return d;
  throw Error(errc::internal, std::string("graph config has no node kind ") + nodeKindName(kind));
}

const LinkKindDef* GraphConfig::findLinkKind(std::string_view code) const {
  for (const LinkKindDef& d : link_kinds)
    if (d.code == code) return &d;
  return nullptr;
}

bool GraphConfig::allowsLink(std::string_view link_kind, NodeKind from, NodeKind to) const {
  const LinkKindDef* d = findLinkKind(link_kind);
  if (!d) return false;
  return std::find(d->joins.begin(), d->joins.end(), std::make_pair(from, to)) != d->joins.end();
}

void GraphConfig::checkNode(const GraphNode& n) const {
  const NodeKindDef& def = nodeKind(n.kind);
  if (n.name.empty()) throw Error(errc::required, "a node needs a name", "name");
  if (n.region_code.empty()) throw Error(errc::required, "a node needs a responsible region", "region_code");
  switch (n.kind) {
    case NodeKind::enterprise:
      if (!n.enterprise_id) throw Error(errc::required, "an enterprise node names its enterprise", "enterprise_id");
      break;
    case NodeKind::platform:
      requireListed(def.sub_kinds, n.sub_kind, "sub_kind", errc::unknown_sub_kind, def);
      requireListed(def.levels, n.level, "level", errc::unknown_level, def);
      if (!n.build_mode.empty()) requireListed(def.build_modes, n.build_mode, "build_mode", errc::unknown_build_mode, def);
      requireListed(def.statuses, n.status, "status", errc::unknown_status, def);
      if (n.approved_on && n.ended_on && !(*n.approved_on < *n.ended_on))
        throw Error(errc::node_dates, "ended_on must be after approved_on", "ended_on");
      break;
    case NodeKind::talent_team: {
      std::vector<std::string> codes;
      for (const ProgrammeDef& p : def.programmes) codes.push_back(p.code);
      requireListed(codes, n.programme, "programme", errc::unknown_programme, def);
      requireListed(def.statuses, n.status, "status", errc::unknown_status, def);
      if (n.year_recognised && (*n.year_recognised < 1990 || *n.year_recognised > 2100))
        throw Error(errc::out_of_range, "year_recognised must be 1990..2100", "year_recognised");
      break;
    }
    case NodeKind::project: {
      const ProgrammeDef* prog = nullptr;
      for (const ProgrammeDef& p : def.programmes)
        if (p.code == n.programme) prog = &p;
      if (!prog)
        throw Error(errc::unknown_programme, "programme \"" + n.programme + "\" is not one config/graph.json lists for " + def.name_zh, "programme");
      if (prog->tiers.empty() ? !n.tier.empty() : !listed(prog->tiers, n.tier))
        throw Error(errc::unknown_tier, "tier \"" + n.tier + "\" is not a tier of " + n.programme, "tier");
      requireListed(def.statuses, n.status, "status", errc::unknown_status, def);
      if (n.budget_yuan < 0) throw Error(errc::out_of_range, "budget_yuan must not be negative", "budget_yuan");
      if (n.starts_on && n.ends_on && *n.ends_on < *n.starts_on)
        throw Error(errc::node_dates, "ends_on must not be before starts_on", "ends_on");
      break;
    }
    case NodeKind::institution:
      requireListed(def.sub_kinds, n.sub_kind, "sub_kind", errc::unknown_sub_kind, def);
      break;
  }
}

void GraphConfig::checkLink(const GraphLink& link, NodeKind from_kind, NodeKind to_kind) const {
  if (!findLinkKind(link.kind))
    throw Error(errc::unknown_link_kind, "link kind \"" + link.kind + "\" is not in config/graph.json", "kind");
  if (!allowsLink(link.kind, from_kind, to_kind))
    throw Error(errc::link_kinds_forbidden, "a " + link.kind + " link may not join " + nodeKindName(from_kind) + " → " + nodeKindName(to_kind), "kind");
  if (link.from == link.to) throw Error(errc::self_link, "a link joins two different nodes", "to");
  if (link.valid_until && !(link.valid_from < *link.valid_until))
    throw Error(errc::link_dates, "valid_until must be after valid_from", "valid_until");
}

}  // namespace trellis::domain
