#include "trellis/service/graph_service.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "trellis/core/error.h"
#include "trellis/core/uscc.h"
#include "trellis/domain/pool.h"
#include "trellis/io/cursor.h"
#include "trellis/service/text_field.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service {
namespace {

using domain::GraphLink;
using domain::GraphNode;
using domain::NodeId;
using domain::NodeKind;
using store::GraphRepository;

constexpr std::size_t kMaxName = 200, kMaxText = 1000;  // code points

// GS2: one error for absent and hidden, naming no key: the engine's own.
using graph::linkNotFound;
using graph::nodeNotFound;

AuditObject nodeObject(NodeId id, const std::string& region) { return {"graph_node", std::to_string(id), region}; }
AuditObject linkObject(domain::LinkId id, const std::string& region) { return {"graph_link", std::to_string(id), region}; }

// GraphConfig::checkNode names the stored member; the wire calls it "region".
Error onTheWire(const Error& e) {
  if (e.field() == "region_code") return Error(e.errorCode(), e.what(), "region");
  return e;
}

void checkLength(const std::string& text, const char* field, std::size_t max) {
  if (text.size() > max)
    throw Error(errc::too_long, std::string(field) + " is at most " + std::to_string(max) + " bytes", field);
}

// Free text: valid UTF-8, no control or invisible characters, bounded (service/text_field).
void checkTexts(const GraphNode& n) {
  checkTextField(n.name, "name", kMaxName, false);
  const std::pair<const std::string*, const char*> texts[] = {{&n.approving_body, "approving_body"}, {&n.leader, "leader"},
                                                              {&n.field, "field"},                   {&n.country, "country"},
                                                              {&n.industry, "industry"}};
  for (const auto& [text, field] : texts) checkTextField(*text, field, kMaxName, false);
}

nlohmann::json linkJson(const GraphLink& l) {
  return {{"kind", l.kind},
          {"from", l.from},
          {"to", l.to},
          {"valid_from", l.valid_from.toString()},
          {"valid_until", l.valid_until ? nlohmann::json(l.valid_until->toString()) : nlohmann::json(nullptr)},
          {"note", l.note}};
}

std::optional<std::int64_t> versionOf(std::optional<std::int64_t> if_match, std::optional<std::int64_t> body) {
  if (if_match && body && *if_match != *body)
    throw Error(errc::version_mismatch, "If-Match and the body's version disagree", "version");
  return if_match ? if_match : body;
}

Error stale(std::int64_t sent, std::int64_t current) {
  return Error(errc::stale_version, "the node changed since version " + std::to_string(sent) + "; reload (current version " +
                             std::to_string(current) + ") and try again", "version")
      .withDetails(nlohmann::json{{"current_version", current}}.dump());
}

}  // namespace

GraphService::GraphService(const Context& ctx, domain::GraphConfig config) : ctx_(ctx), engine_(std::move(config)) {}


GraphNode GraphService::decoded(const store::GraphNodeRow& row) const {
  GraphNode n = row.node;
  if (n.kind != NodeKind::enterprise) io::graphNodeFieldsFromText(row.fields_json, n);
  else n.uscc = row.uscc;
  return n;
}

void GraphService::loadEngine() {
  std::lock_guard<std::mutex> lock(write_mutex_);
  reload();
}

void GraphService::reload() {
  std::vector<store::GraphNodeRow> rows;
  std::vector<GraphLink> links;
  store::GraphChangeMarks marks;
  ctx_.db.read([&](store::Connection& c) {
    rows = GraphRepository::liveNodes(c);
    links = GraphRepository::liveLinks(c);
    marks = GraphRepository::changeMarks(c);
  });
  std::vector<GraphNode> nodes;
  nodes.reserve(rows.size());
  for (const auto& r : rows) nodes.push_back(decoded(r));
  engine_.load(std::move(nodes), std::move(links));
  known_ = marks;
}

// GS6: what the database holds beyond the engine — enterprises registered and enterprises whose
// copied facts changed since the last call, and the nodes and links another process wrote (the
// demo data loaded into a served database) — reaches the engine before a query reads it. The
// common case (nothing new) costs one indexed read of the three marks.
void GraphService::sync() {
  store::GraphChangeMarks marks;
  ctx_.db.readAutocommit([&](store::Connection& c) { marks = GraphRepository::changeMarks(c); });
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (marks.max_node_id <= known_.max_node_id && marks.max_link_id <= known_.max_link_id &&
      marks.enterprise_change <= known_.enterprise_change)
    return;
  std::vector<store::GraphNodeRow> added, changed;
  std::vector<GraphLink> links;
  ctx_.db.read([&](store::Connection& c) {
    marks = GraphRepository::changeMarks(c);
    if (marks.max_node_id > known_.max_node_id) added = GraphRepository::liveNodes(c, known_.max_node_id);
    if (marks.max_link_id > known_.max_link_id) links = GraphRepository::liveLinks(c, known_.max_link_id);
    if (marks.enterprise_change > known_.enterprise_change)
      changed = GraphRepository::enterpriseNodesChangedAfter(c, known_.enterprise_change);
  });
  try {
    for (const auto& r : added) engine_.putNode(decoded(r));
    for (const auto& r : changed) engine_.putNode(decoded(r));
    for (const auto& l : links) engine_.putLink(l);  // the service's own are there already: replaced by themselves
  } catch (const Error& e) {
    std::cerr << "graph: engine refused a node or link from the database (" << e.what() << "); reloading\n";
    reload();
    return;
  }
  known_ = marks;
}

graph::Visibility GraphService::visibilityFor(const Caller& caller, const Date& on) {
  if (caller.cityWide()) return graph::Visibility::all();
  if (!caller.assignedOnly()) return graph::Visibility::regions(caller.visibleRegions());
  // A liaison officer: its assigned enterprises, and what is linked to them that day.
  std::vector<NodeId> mine;
  ctx_.db.read([&](store::Connection& c) { mine = GraphRepository::assignedEnterpriseNodes(c, caller.user_id); });
  std::unordered_set<NodeId> ids(mine.begin(), mine.end());
  auto all = engine_.view(on, graph::Visibility::all());
  for (NodeId id : mine) {
    if (!all.node(id)) continue;
    for (const auto& l : all.linksOf(id)) {
      NodeId other = l.from == id ? l.to : l.from;
      auto n = all.node(other);
      if (n && n->kind != NodeKind::enterprise) ids.insert(other);
    }
  }
  return graph::Visibility::nodes(std::move(ids));
}

graph::GraphView GraphService::view(const Caller& caller, std::optional<Date> as_of) {
  sync();
  Date on = as_of.value_or(ctx_.today());
  return engine_.view(on, visibilityFor(caller, on));
}

std::optional<NodeId> GraphService::lookup(std::string_view ref) {
  constexpr std::string_view kEnterprise = "enterprise:";
  std::optional<NodeId> id;
  if (ref.substr(0, kEnterprise.size()) == kEnterprise) {
    std::string code;
    try {
      code = uscc::parse(ref.substr(kEnterprise.size())).code;
    } catch (const Error&) {
      return std::nullopt;  // a malformed key looks like an absent one
    }
    ctx_.db.readAutocommit([&](store::Connection& c) {
      if (auto e = store::EnterpriseRepository::findByUscc(c, code)) id = GraphRepository::enterpriseNode(c, e->id);
    });
    return id;
  }
  if (ref.empty() || ref.size() > 15) return std::nullopt;
  NodeId n = 0;
  for (char ch : ref) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  return n;
}

NodeId GraphService::resolve(const graph::GraphView& view, std::string_view ref) {
  auto id = lookup(ref);
  if (!id || !view.node(*id)) throw nodeNotFound();
  return *id;
}

void GraphService::refuseRead(const Caller& caller, const char* action, const AuditObject& asked_for, bool exists) {
  ctx_.audit.recordRefusal(caller, action, asked_for, exists ? "denied" : "invalid", exists ? "out of scope" : "absent");
}

bool GraphService::mayWrite(const Caller& caller, const graph::NodeSummary& node) const {
  return caller.cityWide() || node.region_code == caller.region_scope;
}

GraphNodeView GraphService::viewOf(const Caller& caller, store::GraphNodeRow row) const {
  GraphNodeView v;
  v.writable = row.node.kind != NodeKind::enterprise && (caller.cityWide() || row.node.region_code == caller.region_scope);
  row.node = decoded(row);
  v.row = std::move(row);
  return v;
}

// GS2: a hidden node and an absent one are both recorded (one write each), as enterprise reads
// are (service/scope.h), so neither answers faster and every probe is on the record.
GraphNodeView GraphService::node(const Caller& caller, std::string_view ref, std::optional<Date> as_of) {
  auto v = view(caller, as_of);
  auto id = lookup(ref);
  std::optional<store::GraphNodeRow> row;
  if (id && v.node(*id)) ctx_.db.readAutocommit([&](store::Connection& c) { row = GraphRepository::findNode(c, *id); });
  if (!row) {
    bool exists = id && engine_.view(v.asOf(), graph::Visibility::all()).node(*id);
    refuseRead(caller, "graph.node.read", nodeObject(exists ? *id : 0, ""), exists);
    throw nodeNotFound();
  }
  return viewOf(caller, std::move(*row));
}

GraphNodeList GraphService::nodes(const Caller& caller, const GraphNodeQuery& q) {
  if (!q.kind.empty() && !domain::parseNodeKind(q.kind))
    throw Error(errc::unknown_node_kind, "kind must be enterprise, platform, talent_team, project or institution", "kind");
  const std::int64_t limit = ctx_.pageLimit(q.limit);
  checkLength(q.q, "q", kMaxText);
  store::GraphNodeFilter f;
  f.kind = q.kind;
  f.region = q.region;
  f.q = q.q;
  if (!q.cursor.empty()) f.after_id = io::decodeCursor(q.cursor);
  f.limit = 500;
  auto v = view(caller, q.as_of);
  GraphNodeList out;
  // Visibility is the engine's (GS1): rows are read in batches and kept when the view shows them;
  // a page scans at most kMaxScan rows and then ends early, with a cursor to go on.
  constexpr int kMaxScan = 20000;
  int scanned = 0;
  std::int64_t last_id = f.after_id;
  bool more = true;
  while (more && static_cast<std::int64_t>(out.items.size()) <= limit && scanned < kMaxScan) {
    std::vector<store::GraphNodeRow> rows;
    ctx_.db.read([&](store::Connection& c) { rows = GraphRepository::listNodes(c, f); });
    more = static_cast<int>(rows.size()) == f.limit;
    for (auto& r : rows) {
      ++scanned;
      const NodeId rid = r.node.id;
      if (v.node(rid)) {
        if (static_cast<std::int64_t>(out.items.size()) == limit) {  // one more exists: page ends before it
          out.next_cursor = io::encodeCursor(last_id);
          return out;
        }
        out.items.push_back(viewOf(caller, std::move(r)));
      }
      last_id = rid;
      f.after_id = last_id;
    }
  }
  if (more) out.next_cursor = io::encodeCursor(last_id);
  return out;
}

// A node as a write would store it (with id), once its texts, config/graph.json's rules and the
// caller's region allow it: create and update refuse alike, naming the wire's fields.
GraphNode GraphService::checkedNode(const Caller& caller, GraphNode n, NodeId id, const char* region_message) const {
  n.id = id;
  checkTexts(n);
  try {
    config().checkNode(n);
  } catch (const Error& e) {
    throw onTheWire(e);
  }
  if (!caller.canSeeRegion(n.region_code)) throw Error(errc::node_region_out_of_scope, region_message, "region");
  return n;
}

GraphNode GraphService::checkNodeFor(const Caller& caller, GraphNode n, NodeId id) const {
  return checkedNode(caller, std::move(n), id, id == 0 ? "you may add graph nodes only in your own region"
                                                       : "you may move graph nodes only within your own region");
}

store::GraphNodeRow GraphService::createNodeOn(store::Connection& c, const Caller& caller, const GraphNode& n) {
  store::GraphNodeRow row;
  row.node = n;
  row.fields_json = io::graphNodeFieldsToText(n);
  row.created_by = caller.user;
  row.created_at = row.updated_at = ctx_.now();
  if (!GraphRepository::regionExists(c, n.region_code))
    throw Error(errc::unknown_region, "no region \"" + n.region_code + "\"", "region");
  row.node.id = GraphRepository::insertNode(c, row);
  ctx_.audit.record(c, caller, "graph.node.create", nodeObject(row.node.id, n.region_code),
                    AuditTrail::diff(nlohmann::json::object(), io::graphNodeToJson(n)));
  return row;
}

store::GraphNodeRow GraphService::updateNodeOn(store::Connection& c, const Caller& caller,
                                               const store::GraphNodeRow& found, const GraphNode& n) {
  if (!GraphRepository::regionExists(c, n.region_code))
    throw Error(errc::unknown_region, "no region \"" + n.region_code + "\"", "region");
  GraphNode before = decoded(found);
  store::GraphNodeRow row = found;
  auto before_json = io::graphNodeToJson(before), after_json = io::graphNodeToJson(n);
  if (before_json == after_json) {  // nothing changes: nothing written
    row.node = before;
    return row;
  }
  row.node = n;
  row.fields_json = io::graphNodeFieldsToText(n);
  row.version = found.version + 1;
  row.updated_at = ctx_.now();
  if (!GraphRepository::updateNode(c, row, found.version)) throw stale(found.version, found.version + 1);
  ctx_.audit.record(c, caller, "graph.node.update", nodeObject(n.id, n.region_code),
                    AuditTrail::diff(before_json, after_json));
  return row;
}

void GraphService::removeNodeOn(store::Connection& c, const Caller& caller, const store::GraphNodeRow& found) {
  if (!GraphRepository::removeNode(c, found.node.id, found.version, ctx_.now()))
    throw stale(found.version, found.version + 1);
  ctx_.audit.record(c, caller, "graph.node.remove", nodeObject(found.node.id, found.node.region_code),
                    nlohmann::json{{"removed", {false, true}}}.dump());
}

void GraphService::tellEngine(const GraphNode& node, bool removed) {
  try {
    if (removed) engine_.removeNode(node.id);
    else engine_.putNode(node);
  } catch (const Error& e) {
    std::cerr << "graph: engine refused committed node " << node.id << " (" << e.what() << "); reloading\n";
    reload();
  }
}

void GraphService::refreshNodes(const std::vector<NodeId>& ids) {
  std::lock_guard<std::mutex> lock(write_mutex_);
  std::vector<std::pair<NodeId, std::optional<store::GraphNodeRow>>> rows;
  ctx_.db.read([&](store::Connection& c) {
    for (NodeId id : ids) rows.emplace_back(id, GraphRepository::findNode(c, id));
  });
  auto all = engine_.view(ctx_.today(), graph::Visibility::all());
  for (const auto& [id, row] : rows) {
    if (row && !row->removed_at) {
      tellEngine(decoded(*row), false);
    } else if (all.node(id)) {  // the engine forgets only what it holds
      GraphNode gone;
      gone.id = id;
      tellEngine(gone, true);
    }
  }
}

GraphNodeView GraphService::createNode(const Caller& caller, const io::GraphNodeDraft& draft) {
  GraphNode n = checkNodeFor(caller, draft.node, 0);
  store::GraphNodeRow row;
  std::lock_guard<std::mutex> lock(write_mutex_);
  ctx_.db.write([&](store::Connection& c) { row = createNodeOn(c, caller, n); });
  tellEngine(row.node, false);
  return viewOf(caller, row);
}

// The node a write names, when the caller may change it: absent or hidden (audited as a refusal,
// then not_found), an enterprise's node (it follows the register), or read-only are refused.
graph::NodeSummary GraphService::nodeToChange(const Caller& caller, std::string_view ref, const char* action,
                                              const char* enterprise_message) {
  auto v = view(caller, std::nullopt);
  NodeId id = 0;
  try {
    id = resolve(v, ref);
  } catch (const Error&) {
    ctx_.audit.recordRefusal(caller, action, nodeObject(0, ""), "invalid", "absent or out of scope");
    throw;
  }
  auto summary = *v.node(id);
  if (summary.kind == NodeKind::enterprise) throw Error(errc::enterprise_node_automatic, enterprise_message, "kind");
  if (!mayWrite(caller, summary))
    throw Error(errc::node_read_only, "this node belongs to another region: you may only read it", "id");
  return summary;
}

GraphNodeView GraphService::updateNode(const Caller& caller, std::string_view ref, const nlohmann::json& body,
                                       std::optional<std::int64_t> if_match) {
  auto summary = nodeToChange(caller, ref, "graph.node.update",
                              "an enterprise's node follows the register: change the enterprise instead");
  NodeId id = summary.id;
  auto draft = io::parseGraphNodeDraft(body, summary.kind);
  auto version = versionOf(if_match, draft.version);
  if (!version)
    throw Error(errc::version_required, 
                "send the version you read, in If-Match or as \"version\", so changes are never silently overwritten", 
                "version");
  GraphNode n = checkNodeFor(caller, draft.node, id);
  store::GraphNodeRow row;
  std::lock_guard<std::mutex> lock(write_mutex_);
  ctx_.db.write([&](store::Connection& c) {
    auto found = GraphRepository::findNode(c, id);
    if (!found || found->removed_at) throw nodeNotFound();
    if (found->version != *version) throw stale(*version, found->version);
    row = updateNodeOn(c, caller, *found, n);
  });
  tellEngine(row.node, false);
  return viewOf(caller, row);
}

void GraphService::removeNode(const Caller& caller, std::string_view ref, std::optional<std::int64_t> if_match) {
  auto summary = nodeToChange(caller, ref, "graph.node.remove", "an enterprise's node is removed with the enterprise only");
  NodeId id = summary.id;
  std::lock_guard<std::mutex> lock(write_mutex_);
  ctx_.db.write([&](store::Connection& c) {
    auto found = GraphRepository::findNode(c, id);
    if (!found || found->removed_at) throw nodeNotFound();
    if (if_match && *if_match != found->version) throw stale(*if_match, found->version);
    removeNodeOn(c, caller, *found);
  });
  GraphNode gone;
  gone.id = id;
  tellEngine(gone, true);
}

std::vector<GraphLinkView> GraphService::linksOf(const Caller& caller, std::string_view ref, std::optional<Date> as_of) {
  auto v = view(caller, as_of);
  NodeId id = resolve(v, ref);
  auto links = v.linksOf(id);
  std::vector<GraphLinkView> out;
  ctx_.db.read([&](store::Connection& c) {
    for (const auto& l : links)
      if (auto row = GraphRepository::findLink(c, l.id)) out.push_back({std::move(*row)});
  });
  return out;
}

GraphLinkView GraphService::link(const Caller& caller, domain::LinkId id) {
  auto v = view(caller, std::nullopt);
  std::optional<store::GraphLinkRow> row;
  ctx_.db.readAutocommit([&](store::Connection& c) { row = GraphRepository::findLink(c, id); });
  if (!row || !v.node(row->link.from) || !v.node(row->link.to)) {  // GS2, recorded as node() does
    refuseRead(caller, "graph.link.read", linkObject(row ? id : 0, ""), row.has_value());
    throw linkNotFound();
  }
  return {std::move(*row)};
}

GraphLinkView GraphService::createLink(const Caller& caller, const io::GraphLinkDraft& draft) {
  checkTextField(draft.note, "note", kMaxText, false, true);
  auto v = view(caller, std::nullopt);
  NodeId from = 0, to = 0;
  try {
    from = resolve(v, draft.from);
    to = resolve(v, draft.to);
  } catch (const Error&) {
    ctx_.audit.recordRefusal(caller, "graph.link.create", linkObject(0, ""), "invalid", "an end is absent or out of scope");
    throw;
  }
  auto from_node = *v.node(from), to_node = *v.node(to);
  GraphLink l;
  l.kind = draft.kind;
  l.from = from;
  l.to = to;
  l.valid_from = draft.valid_from.value_or(ctx_.today());
  l.valid_until = draft.valid_until;
  l.note = draft.note;
  l.recorded_by = caller.user;
  config().checkLink(l, from_node.kind, to_node.kind);
  const graph::NodeSummary* own = mayWrite(caller, from_node) ? &from_node : mayWrite(caller, to_node) ? &to_node : nullptr;
  if (!own)
    throw Error(errc::link_read_only, 
                "neither end is yours: you may link only nodes or enterprises of your own region", "from");
  GraphLinkView out;
  std::lock_guard<std::mutex> lock(write_mutex_);
  ctx_.db.write([&](store::Connection& c) {
    if (GraphRepository::overlaps(c, l))
      throw Error(errc::duplicate_link, "a " + l.kind + " link between these nodes is already valid then", "kind");
    l.id = GraphRepository::insertLink(c, l, ctx_.now());
    ctx_.audit.record(c, caller, "graph.link.create", linkObject(l.id, own->region_code),
                  AuditTrail::diff(nlohmann::json::object(), linkJson(l)));
    out.row = *GraphRepository::findLink(c, l.id);
  });
  try {
    engine_.putLink(l);
  } catch (const Error& e) {
    std::cerr << "graph: engine refused committed link " << l.id << " (" << e.what() << "); reloading\n";
    reload();
  }
  return out;
}

GraphLinkView GraphService::endLink(const Caller& caller, domain::LinkId id, const io::GraphLinkEnd& end) {
  auto v = view(caller, std::nullopt);
  std::optional<store::GraphLinkRow> row;
  ctx_.db.readAutocommit([&](store::Connection& c) { row = GraphRepository::findLink(c, id); });
  std::optional<graph::NodeSummary> from_node, to_node;
  if (row) {
    from_node = v.node(row->link.from);
    to_node = v.node(row->link.to);
  }
  if (!from_node || !to_node) {
    ctx_.audit.recordRefusal(caller, "graph.link.end", linkObject(id, ""), "invalid", "absent or out of scope");
    throw linkNotFound();
  }
  const graph::NodeSummary* own = mayWrite(caller, *from_node) ? &*from_node : mayWrite(caller, *to_node) ? &*to_node : nullptr;
  if (!own)
    throw Error(errc::link_read_only, 
                "neither end is yours: you may end only links of your own region's nodes or enterprises", "id");
  Date on = end.on.value_or(ctx_.today());
  if (row->link.valid_until)
    throw Error(errc::link_ended, "the link ended on " + row->link.valid_until->toString(), "on");
  if (!(row->link.valid_from < on))
    throw Error(errc::link_dates, "a link ends after the day it started (" + row->link.valid_from.toString() + ")", "on");
  GraphLinkView out;
  std::lock_guard<std::mutex> lock(write_mutex_);
  ctx_.db.write([&](store::Connection& c) {
    if (!GraphRepository::endLink(c, id, on, caller.user, ctx_.now()))
      throw Error(errc::link_ended, "the link has ended already", "on");
    ctx_.audit.record(c, caller, "graph.link.end", linkObject(id, own->region_code),
                  nlohmann::json{{"valid_until", {nullptr, on.toString()}}}.dump());
    out.row = *GraphRepository::findLink(c, id);
  });
  try {
    engine_.endLink(id, on);
  } catch (const Error& e) {
    std::cerr << "graph: engine refused ending link " << id << " (" << e.what() << "); reloading\n";
    reload();
  }
  return out;
}

std::vector<NodeId> GraphService::visibleNodeIds(const graph::GraphView& view) {
  std::vector<store::GraphNodeRow> rows;
  ctx_.db.read([&](store::Connection& c) { rows = GraphRepository::liveNodes(c); });
  std::vector<NodeId> out;
  for (const auto& r : rows)
    if (view.node(r.node.id)) out.push_back(r.node.id);
  return out;
}

IsolatedResult GraphService::isolated(const Caller& caller, const std::string& pool, std::optional<Date> as_of) {
  if (!pool.empty() && !domain::findPool(pool))
    throw Error(errc::unknown_pool, "no reserve pool \"" + pool + "\"", "pool");
  auto v = view(caller, as_of);
  std::vector<std::int64_t> members;
  ctx_.db.read([&](store::Connection& c) { members = GraphRepository::poolMembersOn(c, pool, v.asOf()); });
  IsolatedResult out;
  out.as_of = v.asOf();
  out.pool = pool;
  for (auto eid : members)
    if (v.enterpriseNode(eid)) ++out.members;
  for (auto eid : v.isolated(members))
    if (auto nid = v.enterpriseNode(eid))
      if (auto n = v.node(*nid)) out.isolated.push_back(*n);
  return out;
}

}  // namespace trellis::service
