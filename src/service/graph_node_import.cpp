#include "trellis/service/graph_node_import.h"

#include <algorithm>
#include <set>

#include "trellis/core/error.h"
#include "trellis/io/graph_json.h"
#include "trellis/store/graph_repository.h"

namespace trellis::service {
namespace {

using domain::GraphNode;
using domain::NodeId;
using store::GraphRepository;

// A row naming its node by kind + name + region may match at most this many (2 already refuses).
constexpr int kNameMatches = 2;

NodeId nodeIdOf(const store::ImportChangeRecord& ch) {
  try {
    return std::stoll(ch.record_key);
  } catch (const std::exception&) {
    throw Error(errc::internal, "an import change has a malformed graph node key " + ch.record_key);
  }
}

// GN5: what a revert puts back — the stored columns an update changes.
std::string snapshotOf(const store::GraphNodeRow& row) {
  return nlohmann::json{{"name", row.node.name}, {"region", row.node.region_code}, {"fields", row.fields_json}}.dump();
}

}  // namespace

GraphNodeImport::GraphNodeImport(store::Database& db, const domain::Catalog& catalog, const io::ImportMapping& mapping,
                                 GraphService& graph)
    : KindImporter(db, mapping, "graph_nodes", "graph.write"), catalog_(catalog), graph_(graph) {}

ImportReport GraphNodeImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                   const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openSheet(path, options);
  std::set<std::string> seen;
  // GN2: the API answers these 403 / 404; in a file they are the row's refusal like any other.
  auto refuse = [&](ImportRowOutcome& out, const Error& err) {
    if (err.kind() == ErrorKind::forbidden || err.kind() == ErrorKind::not_found)
      out.errors.push_back({sheet.headerOf(err.field()), err.code(), chineseMessage(err)});
    else refuseRow(out, sheet, err);
  };
  return scanRows(sheet, [&](ImportRowOutcome& out, const nlohmann::json& body) {
    ImportRowPlan plan;
    if (!out.errors.empty()) return plan;
    // GN1: kind and region by code or Chinese name, then the API's own parse and checks.
    std::string kind = importText(body, "kind"), region = importText(body, "region");
    for (const auto& def : graph_.config().node_kinds)
      if (def.name_zh == kind) kind = domain::nodeKindName(def.kind);
    auto parsed_kind = domain::parseNodeKind(kind);
    if (!parsed_kind) {
      out.errors.push_back({sheet.headerOf("kind"), std::string(errc::unknown_node_kind.name),
                            "资源类型应为创新平台、创新创业人才（团队）、科技项目或合作机构"});
      return plan;
    }
    if (*parsed_kind == domain::NodeKind::enterprise) {
      refuse(out, Error(errc::enterprise_node_automatic, "an enterprise's node follows the register", "kind"));
      return plan;
    }
    for (const auto& r : catalog_.regions)
      if (r.name == region) region = r.code;
    if (!catalog_.findRegion(region) || region == catalog_.city.code) {
      refuse(out, Error(errc::unknown_region, "no region \"" + region + "\"", "region"));
      return plan;
    }
    nlohmann::json api_body = body;
    api_body.erase("id");
    api_body["kind"] = kind;
    api_body["region"] = region;
    // GN3: the stored node the row names, if any.
    std::optional<store::GraphNodeRow> found;
    if (body.contains("id")) {
      found = GraphRepository::findNode(c, body.at("id").get<std::int64_t>());
      bool changeable = found && !found->removed_at && found->node.kind != domain::NodeKind::enterprise &&
                        (caller.cityWide() || found->node.region_code == caller.region_scope);
      if (!changeable) {  // GN2: absent, removed, an enterprise's or another region's: all alike
        refuse(out, Error(errc::graph_node_not_found, "no such graph node (or not in your scope)", "id"));
        return plan;
      }
      if (found->node.kind != *parsed_kind) {
        refuse(out, Error(errc::node_kind_immutable, "a node's kind never changes", "kind"));
        return plan;
      }
    }
    GraphNode n;
    try {
      n = graph_.checkNodeFor(caller, io::parseGraphNodeDraft(api_body, std::nullopt).node, found ? found->node.id : 0);
    } catch (const Error& err) {
      refuse(out, err);
      return plan;
    }
    if (!found) {
      auto named = GraphRepository::nodesNamed(c, kind, n.name, n.region_code, kNameMatches);
      if (named.size() > 1) {
        out.errors.push_back({sheet.headerOf("name"), std::string(errc::name_ambiguous.name),
                              "本县区有多个同类型同名资源，请填写节点编号"});
        return plan;
      }
      if (!named.empty()) {
        found = std::move(named.front());
        n.id = found->node.id;
      }
    }
    std::string key = found ? "id:" + std::to_string(found->node.id) : kind + "|" + n.name + "|" + n.region_code;
    if (!firstInFile(seen, key, out, sheet, found && body.contains("id") ? "id" : "name", "同一资源在本文件中重复出现"))
      return plan;
    if (found) {
      out.base_version = plan.stored_version = found->version;
      nlohmann::json before = io::graphNodeToJson(graph_.decoded(*found)), after = io::graphNodeToJson(n);
      for (const auto& [field, value] : after.items())
        if (before.value(field, nlohmann::json()) != value) out.diffs.push_back({field, before.value(field, nlohmann::json()), value});
      if (out.diffs.empty()) {
        out.status = "unchanged";
        return plan;
      }
    }
    out.status = found ? "updated" : "new";
    plan.write = [this, &caller, n, found, row = out.row](store::Connection& wc) {  // GN4
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "graph_node";
      store::GraphNodeRow written = found ? graph_.updateNodeOn(wc, caller, *found, n) : graph_.createNodeOn(wc, caller, n);
      ch.record_key = std::to_string(written.node.id);
      if (found) {
        ch.previous_version = found->version;
        ch.previous_snapshot = snapshotOf(*found);
      }
      ch.new_version = written.version;
      return ch;
    };
    return plan;
  }, visit);
}

std::vector<std::string> GraphNodeImport::choicesFor(const std::string& key) const {
  std::vector<std::string> out;
  const domain::GraphConfig& config = graph_.config();
  auto addEach = [&out](const std::vector<std::string>& values) {
    for (const auto& v : values)
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& def : config.node_kinds) {
    if (key == "kind" && def.kind != domain::NodeKind::enterprise) out.push_back(def.name_zh);
    if (key == "sub_kind") addEach(def.sub_kinds);
    if (key == "level") addEach(def.levels);
    if (key == "build_mode") addEach(def.build_modes);
    if (key == "status") addEach(def.statuses);
    if (key == "programme")
      for (const auto& p : def.programmes) addEach({p.code});
  }
  if (key == "region")
    for (const auto& r : catalog_.regions) out.push_back(r.name);
  return out;
}

std::string GraphNodeImport::enterpriseOf(const store::ImportChangeRecord&) const { return ""; }

std::optional<std::int64_t> GraphNodeImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  auto now = GraphRepository::findNode(c, nodeIdOf(ch));
  if (!now || now->removed_at) return 0;
  if (now->version != ch.new_version) return now->version;
  return std::nullopt;
}

RevertedChange GraphNodeImport::revert(store::Connection& c, const Caller& caller, std::int64_t,
                                       const store::ImportChangeRecord& ch) const {
  auto found = GraphRepository::findNode(c, nodeIdOf(ch));  // movedSince: as the commit left it
  if (!found || found->removed_at) throw Error(errc::internal, "graph node " + ch.record_key + " vanished during its revert");
  if (!ch.previous_snapshot) {  // GN5: created by the batch
    graph_.removeNodeOn(c, caller, *found);
    return {found->version + 1, true};
  }
  auto before = nlohmann::json::parse(*ch.previous_snapshot);
  GraphNode n;
  n.id = found->node.id;
  n.kind = found->node.kind;
  n.name = before.at("name").get<std::string>();
  n.region_code = before.at("region").get<std::string>();
  io::graphNodeFieldsFromText(before.at("fields").get<std::string>(), n);
  return {graph_.updateNodeOn(c, caller, *found, n).version, false};
}

void GraphNodeImport::afterCommit(const std::vector<store::ImportChangeRecord>& changes) const {
  std::vector<NodeId> ids;
  ids.reserve(changes.size());
  for (const auto& ch : changes) ids.push_back(nodeIdOf(ch));
  if (!ids.empty()) graph_.refreshNodes(ids);
}

}  // namespace trellis::service
