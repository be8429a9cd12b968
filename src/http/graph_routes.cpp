// The innovation graph's routes (README "The innovation graph"): nodes, links and the queries,
// every read as of a date (as_of, default today) over the caller's visible subgraph only.
// Thin: parse, call the service (and the caller's graph view), serialize.
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "trellis/core/error.h"
#include "list_answer.h"
#include "trellis/http/api_routes.h"
#include "trellis/http/table_download.h"
#include "trellis/io/graph_json.h"
#include "trellis/io/json_writer.h"

namespace trellis::http {
namespace {

using domain::NodeKind;
using graph::GraphView;
using graph::LinkSummary;
using graph::NodeSummary;

nlohmann::json dateOrNull(const std::optional<Date>& d) { return d ? nlohmann::json(d->toString()) : nlohmann::json(nullptr); }
double rounded(double v) { return std::round(v * 1e8) / 1e8; }

// A node summary on the wire; an enterprise's USCC comes with it from the engine (no read).
nlohmann::json nodeJson(const NodeSummary& n) {
  return {{"id", n.id},           {"kind", domain::nodeKindName(n.kind)}, {"name", n.name},
          {"region", n.region_code}, {"sub_kind", orNull(n.sub_kind)},    {"level", orNull(n.level)},
          {"uscc", orNull(n.uscc)}};
}

nlohmann::json linkJson(const LinkSummary& l) {
  return {{"id", l.id},     {"kind", l.kind},   {"from", l.from}, {"to", l.to}, {"valid_from", l.valid_from.toString()},
          {"valid_until", dateOrNull(l.valid_until)}};
}

// The same two, written straight into the answer for the large ones (neighbourhood, export): the
// keys in the order nlohmann's DOM dumps them (sorted), so the bytes are those of nodeJson /
// linkJson. depth: a neighbourhood's node carries its hops from the center.
void writeNode(io::JsonWriter& w, const NodeSummary& n, std::optional<int> depth = std::nullopt) {
  w.beginObject();
  if (depth) w.key("depth").integer(*depth);
  w.key("id").integer(n.id);
  w.key("kind").string(domain::nodeKindName(n.kind));
  w.key("level").stringOrNull(n.level);
  w.key("name").string(n.name);
  w.key("region").string(n.region_code);
  w.key("sub_kind").stringOrNull(n.sub_kind);
  w.key("uscc").stringOrNull(n.uscc);
  w.endObject();
}

void writeLink(io::JsonWriter& w, const LinkSummary& l) {
  w.beginObject();
  w.key("from").integer(l.from);
  w.key("id").integer(l.id);
  w.key("kind").string(l.kind);
  w.key("to").integer(l.to);
  w.key("valid_from").string(l.valid_from.toString());
  w.key("valid_until");
  if (l.valid_until) w.string(l.valid_until->toString());
  else w.null();
  w.endObject();
}

// A JSON answer already serialised (io::JsonWriter), sent as Response::json sends its own.
Response jsonText(int status, std::string body) {
  Response out;
  out.status = status;
  out.body = std::move(body);
  return out;
}

// Room for a typical answer up front (about 40 bytes per node or link as measured on the bench
// graph), so the buffer grows at most a few times.
constexpr std::size_t kBytesPerItem = 48;

nlohmann::json linkRowJson(const store::GraphLinkRow& r) {
  const auto& l = r.link;
  return {{"id", l.id},
          {"kind", l.kind},
          {"from", l.from},
          {"to", l.to},
          {"valid_from", l.valid_from.toString()},
          {"valid_until", dateOrNull(l.valid_until)},
          {"note", l.note},
          {"recorded_by", l.recorded_by},
          {"recorded_at", r.recorded_at},
          {"ended_by", r.ended_by ? nlohmann::json(*r.ended_by) : nlohmann::json(nullptr)},
          {"ended_at", r.ended_at ? nlohmann::json(*r.ended_at) : nlohmann::json(nullptr)}};
}

nlohmann::json nodeViewJson(const service::GraphNodeView& v) {
  const auto& r = v.row;
  nlohmann::json j = io::graphNodeToJson(r.node);
  j["id"] = r.node.id;
  j["uscc"] = orNull(r.uscc);
  if (r.node.kind == NodeKind::enterprise) j["industry"] = orNull(r.node.industry);
  j["version"] = r.version;
  j["created_by"] = r.created_by;
  j["created_at"] = r.created_at;
  j["updated_at"] = r.updated_at;
  j["writable"] = v.writable;
  return j;
}

Response nodeResponse(int status, const service::GraphNodeView& v) {
  return Response::json(status, nodeViewJson(v)).with("ETag", etagOf(v.row.version));
}

// Kind filters list at most this many kinds.
constexpr std::size_t kMaxKinds = 20;

std::vector<NodeKind> nodeKindsParam(const Request& r) {
  std::vector<NodeKind> out;
  for (const auto& k : r.listParam("node_kinds", kMaxKinds)) {
    auto kind = domain::parseNodeKind(k);
    if (!kind) throw Error(errc::unknown_node_kind, "unknown node kind \"" + k + "\"", "node_kinds");
    out.push_back(*kind);
  }
  return out;
}

int intOr(const Request& r, const std::string& name, int fallback, std::int64_t min = 0) {
  auto v = r.intParam(name, min, 1'000'000);
  return v ? static_cast<int>(*v) : fallback;
}

graph::NeighbourhoodRequest neighbourhoodRequest(service::GraphService& g, const GraphView& view, const Request& r) {
  graph::NeighbourhoodRequest q;
  q.center = g.resolve(view, r.requiredParam("node"));
  q.depth = intOr(r, "depth", 1);
  q.node_kinds = nodeKindsParam(r);
  q.link_kinds = r.listParam("link_kinds", kMaxKinds);
  return q;
}

nlohmann::json pathJson(const graph::PathResult& p) {
  nlohmann::json ns = nlohmann::json::array(), ls = nlohmann::json::array();
  for (const auto& n : p.nodes) ns.push_back(nodeJson(n));
  for (const auto& l : p.links) ls.push_back(linkJson(l));
  return {{"length", p.links.size()}, {"nodes", ns}, {"links", ls}};
}

std::optional<Date> asOf(const Request& r) { return r.dateParam("as_of"); }

// The partner and sharing queries: ?enterprise=&limit=&as_of= — the caller's view on the day, the
// enterprise's node in it, and how many answers (default 20).
struct AroundEnterprise {
  GraphView view;
  domain::NodeId center;
  int limit;
};
AroundEnterprise aroundEnterprise(service::GraphService& g, const Request& r) {
  r.allowParams({"enterprise", "limit", "as_of"});
  auto view = g.view(r.caller, asOf(r));
  auto center = g.resolve(view, r.requiredParam("enterprise"));
  return {std::move(view), center, intOr(r, "limit", 20, 1)};
}

nlohmann::json kindOrNull(const std::optional<NodeKind>& k) {
  return k ? nlohmann::json(domain::nodeKindName(*k)) : nlohmann::json(nullptr);
}

// GET /graph/centrality's answer, and a finished job's result.
nlohmann::json centralityJson(const Date& as_of, const std::optional<NodeKind>& kind, const graph::CentralityResult& c) {
  nlohmann::json top = nlohmann::json::array();
  for (const auto& e : c.top) {
    auto j = nodeJson(e.node);
    j["score"] = rounded(e.score);
    top.push_back(j);
  }
  nlohmann::json j = {{"as_of", as_of.toString()},
                      {"measure", graph::measureName(c.measure)},
                      {"kind", kindOrNull(kind)},
                      {"node_count", c.node_count},
                      {"top", top}};
  if (c.measure == graph::Measure::betweenness) {
    j["sources"] = c.sources;
    j["seed"] = c.seed;
    j["exact"] = c.sources >= c.node_count;
  }
  if (c.measure == graph::Measure::pagerank) j["iterations"] = c.iterations;
  return j;
}

const char* jobStatusName(graph::BetweennessJob::Status s) {
  switch (s) {
    case graph::BetweennessJob::Status::running: return "running";
    case graph::BetweennessJob::Status::done: return "done";
    case graph::BetweennessJob::Status::cancelled: return "cancelled";
    case graph::BetweennessJob::Status::failed: return "failed";
  }
  return "failed";
}

nlohmann::json centralityJobJson(const service::CentralityJobState& s) {
  nlohmann::json j = {{"id", s.id},
                      {"status", jobStatusName(s.status)},
                      {"as_of", s.as_of.toString()},
                      {"kind", kindOrNull(s.kind)},
                      {"limit", s.limit},
                      {"sources_done", s.sources_done},
                      {"sources_total", s.sources_total},
                      {"started_at", s.started_at},
                      {"result", s.result ? centralityJson(s.as_of, s.kind, *s.result) : nlohmann::json(nullptr)}};
  if (!s.failure.empty()) j["failure"] = s.failure;
  return j;
}

Response countsResponse(service::GraphService& g, Request& r) {
  r.allowParams({"as_of", "from_year", "to_year"});
  auto view = g.view(r.caller, asOf(r));
  graph::PlanCountsRequest q;
  q.as_of = view.asOf();
  q.from_year = intOr(r, "from_year", 0);
  q.to_year = intOr(r, "to_year", 0);
  auto c = view.counts(q);
  nlohmann::json pv = nlohmann::json::array(), pn = nlohmann::json::array(), tv = nlohmann::json::array(),
                 tn = nlohmann::json::array(), rd = nlohmann::json::array(), pj = nlohmann::json::array(),
                 tt = nlohmann::json::array(), sg = nlohmann::json::array();
  for (const auto& [k, n] : c.platforms_valid)
    pv.push_back({{"sub_kind", std::get<0>(k)}, {"level", std::get<1>(k)}, {"region", std::get<2>(k)}, {"count", n}});
  for (const auto& [k, n] : c.platforms_new)
    pn.push_back({{"year", std::get<0>(k)}, {"sub_kind", std::get<1>(k)}, {"level", std::get<2>(k)},
                  {"region", std::get<3>(k)}, {"count", n}});
  for (const auto& [k, n] : c.talent_teams_valid) tv.push_back({{"programme", k.first}, {"region", k.second}, {"count", n}});
  for (const auto& [k, n] : c.talent_teams_new) tn.push_back({{"year", k.first}, {"programme", k.second}, {"count", n}});
  for (const auto& [k, n] : c.rd_institutions_valid) rd.push_back({{"level", k.first}, {"region", k.second}, {"count", n}});
  for (const auto& [k, n] : c.projects_new)
    pj.push_back({{"year", std::get<0>(k)}, {"programme", std::get<1>(k)}, {"tier", std::get<2>(k)}, {"count", n}});
  for (const auto& [y, n] : c.tech_transfer_projects_new) tt.push_back({{"year", y}, {"count", n}});
  for (const auto& [y, n] : c.sino_german_projects_new) sg.push_back({{"year", y}, {"count", n}});
  return Response::json(200, {{"as_of", q.as_of.toString()},
                              {"platforms_valid", pv},
                              {"platforms_new", pn},
                              {"talent_teams_valid", tv},
                              {"talent_teams_new", tn},
                              {"rd_institutions_valid", rd},
                              {"projects_new", pj},
                              {"tech_transfer_projects_new", tt},
                              {"sino_german_projects_new", sg}});
}

Response exportResponse(service::GraphService& g, Request& r) {
  r.allowParams({"as_of", "format", "node", "depth", "node_kinds", "link_kinds"});
  std::string format = r.textParam("format");
  if (format.empty()) format = "graphml";
  if (format != "graphml" && format != "dot" && format != "json")
    throw Error(errc::unknown_format, "format must be graphml, dot or json", "format");
  auto view = g.view(r.caller, asOf(r));
  std::optional<graph::NeighbourhoodRequest> around;
  if (!r.textParam("node").empty()) around = neighbourhoodRequest(g, view, r);
  if (format != "json") {
    graph::ExportRequest q;
    q.format = format == "dot" ? graph::ExportFormat::dot : graph::ExportFormat::graphml;
    q.around = around;
    Response out;
    out.status = 200;
    out.body = view.exportGraph(q);
    out.content_type = format == "dot" ? "text/vnd.graphviz; charset=utf-8" : "application/graphml+xml; charset=utf-8";
    return out;
  }
  std::vector<NodeSummary> nodes;
  std::vector<LinkSummary> links;
  bool truncated = false;
  if (around) {
    auto nb = view.neighbourhood(*around);
    for (auto& n : nb.nodes) nodes.push_back(n.node);
    links = nb.links;
    truncated = nb.truncated;
  } else {
    auto ids = g.visibleNodeIds(view);
    if (static_cast<int>(ids.size()) > g.config().limits.max_export_nodes)
      throw Error(errc::export_too_large, "the visible graph has " + std::to_string(ids.size()) + " nodes; export at most " +
                               std::to_string(g.config().limits.max_export_nodes) + " (name a node and a depth)", "export_too_large");
    for (auto id : ids) {
      nodes.push_back(*view.node(id));
      auto at = view.linksOf(id);
      if (static_cast<int>(at.size()) >= g.config().limits.max_list) truncated = true;
      for (auto& l : at)
        if (l.from == id) links.push_back(l);
    }
  }
  io::JsonWriter w((nodes.size() + links.size()) * kBytesPerItem);
  w.beginObject().key("as_of").string(view.asOf().toString());
  w.key("links").beginArray();
  for (const auto& l : links) writeLink(w, l);
  w.endArray().key("nodes").beginArray();
  for (const auto& n : nodes) writeNode(w, n);
  w.endArray().key("truncated").boolean(truncated).endObject();
  return jsonText(200, w.take());
}

}  // namespace

void addGraphRoutes(Router& router, ApiServices& s) {
  router.add({"GET", "/api/v1/graph/config", "graph.read", [&g = s.graph](Request&) {
                return Response::json(200, io::graphConfigToJson(g.config()));
              }});

  router.add({"GET", "/api/v1/graph/nodes", "graph.read", [&s, &g = s.graph](Request& r) {
                r.allowParams({"kind", "region", "q", "limit", "cursor", "as_of", "format"});
                TableFormat format = tableFormat(r, false);
                service::GraphNodeQuery q;
                readTextParams(r, {{"kind", &q.kind}, {"region", &q.region}, {"q", &q.q}, {"cursor", &q.cursor}});
                q.limit = r.intParam("limit");
                q.as_of = asOf(r);
                return listAnswer(
                    format,
                    {"graph-nodes", "创新资源", [&](domain::TableSink& sink) { s.exports.graphNodes(r.caller, q, sink); }},
                    [&] { return g.nodes(r.caller, q); }, nodeViewJson);
              }});
  router.add({"POST", "/api/v1/graph/nodes", "graph.write", [&g = s.graph](Request& r) {
                return nodeResponse(201, g.createNode(r.caller, io::parseGraphNodeDraft(r.json(), std::nullopt)));
              }});
  router.add({"GET", "/api/v1/graph/nodes/{id}", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"as_of"});
                return nodeResponse(200, g.node(r.caller, r.path_params[0], asOf(r)));
              }});
  router.add({"PUT", "/api/v1/graph/nodes/{id}", "graph.write", [&g = s.graph](Request& r) {
                auto body = r.json();
                return nodeResponse(200, g.updateNode(r.caller, r.path_params[0], body, ifMatchVersion(r)));
              }});
  router.add({"DELETE", "/api/v1/graph/nodes/{id}", "graph.write", [&g = s.graph](Request& r) {
                g.removeNode(r.caller, r.path_params[0], ifMatchVersion(r));
                return Response::noContent();
              }});

  router.add({"GET", "/api/v1/graph/links", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"node", "as_of"});
                auto links = g.linksOf(r.caller, r.requiredParam("node"), asOf(r));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& l : links) items.push_back(linkRowJson(l.row));
                return Response::json(200, {{"items", items}});
              }});
  router.add({"POST", "/api/v1/graph/links", "graph.write", [&g = s.graph](Request& r) {
                return Response::json(201, linkRowJson(g.createLink(r.caller, io::parseGraphLinkDraft(r.json())).row));
              }});
  router.add({"GET", "/api/v1/graph/links/{id}", "graph.read", [&g = s.graph](Request& r) {
                return Response::json(200, linkRowJson(g.link(r.caller, r.idPathParam(0, errc::graph_link_not_found)).row));
              }});
  router.add({"POST", "/api/v1/graph/links/{id}/end", "graph.write", [&g = s.graph](Request& r) {
                std::int64_t id = r.idPathParam(0, errc::graph_link_not_found);
                auto end = io::parseGraphLinkEnd(r.body.empty() ? nlohmann::json::object() : r.json());
                return Response::json(200, linkRowJson(g.endLink(r.caller, id, end).row));
              }});

  router.add({"GET", "/api/v1/graph/neighbourhood", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"node", "depth", "node_kinds", "link_kinds", "as_of"});
                auto view = g.view(r.caller, asOf(r));
                auto q = neighbourhoodRequest(g, view, r);
                auto nb = view.neighbourhood(q);
                io::JsonWriter w((nb.nodes.size() + nb.links.size()) * kBytesPerItem);
                w.beginObject().key("as_of").string(view.asOf().toString());
                w.key("center").integer(q.center).key("depth").integer(q.depth);
                w.key("links").beginArray();
                for (const auto& l : nb.links) writeLink(w, l);
                w.endArray().key("nodes").beginArray();
                for (const auto& n : nb.nodes) writeNode(w, n.node, n.depth);
                w.endArray().key("truncated").boolean(nb.truncated).endObject();
                return jsonText(200, w.take());
              }});
  router.add({"GET", "/api/v1/graph/path", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"from", "to", "as_of"});
                auto view = g.view(r.caller, asOf(r));
                auto from = g.resolve(view, r.requiredParam("from"));
                auto to = g.resolve(view, r.requiredParam("to"));
                auto p = view.shortestPath(from, to);
                nlohmann::json j = {{"as_of", view.asOf().toString()}, {"from", from}, {"to", to}, {"found", p.has_value()}};
                j["path"] = p ? pathJson(*p) : nlohmann::json(nullptr);
                return Response::json(200, j);
              }});
  router.add({"GET", "/api/v1/graph/components", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"limit", "as_of"});
                auto view = g.view(r.caller, asOf(r));
                auto c = view.components(intOr(r, "limit", 50, 1));
                std::vector<NodeSummary> reps;
                for (const auto& comp : c.components)
                  if (auto n = view.node(comp.representative)) reps.push_back(*n);
                nlohmann::json items = nlohmann::json::array();
                std::size_t i = 0;
                for (const auto& comp : c.components) {
                  nlohmann::json by_kind = nlohmann::json::object();
                  for (int k = 0; k < domain::kNodeKindCount; ++k)
                    by_kind[domain::nodeKindName(static_cast<NodeKind>(k))] = comp.by_kind[k];
                  items.push_back({{"size", comp.size},
                                   {"representative", i < reps.size() ? nodeJson(reps[i]) : nlohmann::json(nullptr)},
                                   {"by_kind", by_kind}});
                  ++i;
                }
                return Response::json(200, {{"as_of", view.asOf().toString()},
                                            {"node_count", c.node_count},
                                            {"component_count", c.component_count},
                                            {"isolated_nodes", c.isolated_nodes},
                                            {"components", items}});
              }});
  router.add({"GET", "/api/v1/graph/centrality", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"measure", "kind", "limit", "sample", "as_of"});
                graph::CentralityRequest q;
                std::string m = r.textParam("measure");
                if (m.empty() || m == "degree") q.measure = graph::Measure::degree;
                else if (m == "pagerank") q.measure = graph::Measure::pagerank;
                else if (m == "betweenness") q.measure = graph::Measure::betweenness;
                else throw Error(errc::unknown_measure, "measure must be degree, pagerank or betweenness", "measure");
                std::string k = r.textParam("kind");
                if (!k.empty()) {
                  q.kind = domain::parseNodeKind(k);
                  if (!q.kind) throw Error(errc::unknown_node_kind, "unknown node kind \"" + k + "\"", "kind");
                }
                q.limit = intOr(r, "limit", 50, 1);
                q.sample = intOr(r, "sample", 0, 1);
                auto view = g.view(r.caller, asOf(r));
                return Response::json(200, centralityJson(view.asOf(), q.kind, view.centrality(q)));
              }});
  router.add({"POST", "/api/v1/graph/centrality/jobs", "graph.centrality_job", [&g = s.graph](Request& r) {
                auto job = g.startCentralityJob(r.caller, io::parseCentralityJobDraft(r.body.empty() ? nlohmann::json::object() : r.json()));
                return Response::json(202, centralityJobJson(job))
                    .with("Location", "/api/v1/graph/centrality/jobs/" + std::to_string(job.id));
              }});
  router.add({"GET", "/api/v1/graph/centrality/jobs/{id}", "graph.centrality_job", [&g = s.graph](Request& r) {
                return Response::json(200, centralityJobJson(g.centralityJob(r.caller, r.path_params[0])));
              }});
  router.add({"GET", "/api/v1/graph/isolated", "graph.read", [&g = s.graph](Request& r) {
                r.allowParams({"pool", "as_of"});
                auto res = g.isolated(r.caller, r.textParam("pool"), asOf(r));
                nlohmann::json items = nlohmann::json::array();
                for (const auto& n : res.isolated) items.push_back(nodeJson(n));
                return Response::json(200, {{"as_of", res.as_of.toString()},
                                            {"pool", orNull(res.pool)},
                                            {"members", res.members},
                                            {"isolated_count", res.isolated.size()},
                                            {"items", items}});
              }});
  router.add({"GET", "/api/v1/graph/partners", "graph.read", [&g = s.graph](Request& r) {
                auto [view, center, limit] = aroundEnterprise(g, r);
                auto p = view.partners(center, limit);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& e : p.partners) {
                  auto j = nodeJson(e.candidate);
                  j["score"] = rounded(e.score);
                  j["via_count"] = e.via_count;
                  j["path"] = pathJson(e.path);
                  items.push_back(j);
                }
                return Response::json(200, {{"as_of", view.asOf().toString()},
                                            {"enterprise", center},
                                            {"industry", orNull(p.industry)},
                                            {"measure", p.measure},
                                            {"items", items}});
              }});
  router.add({"GET", "/api/v1/graph/sharing", "graph.read", [&g = s.graph](Request& r) {
                auto [view, center, limit] = aroundEnterprise(g, r);
                auto list = view.sharingPlatforms(center, limit);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& e : list) {
                  auto j = nodeJson(e.enterprise);
                  j["platforms"] = e.platforms;
                  items.push_back(j);
                }
                return Response::json(200, {{"as_of", view.asOf().toString()}, {"enterprise", center}, {"items", items}});
              }});
  router.add({"GET", "/api/v1/graph/export", "graph.read", [&g = s.graph](Request& r) { return exportResponse(g, r); }});
  router.add({"GET", "/api/v1/graph/counts", "graph.read", [&g = s.graph](Request& r) { return countsResponse(g, r); }});
}

}  // namespace trellis::http
