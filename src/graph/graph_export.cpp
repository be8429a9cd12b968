// GraphML and Graphviz DOT through Boost's writers (issue 10 "Export GraphML and Graphviz DOT").
#include <algorithm>
#include <sstream>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>

#include "trellis/core/error.h"
#include "trellis/graph/graph_view.h"
#include "view_impl.h"

namespace trellis::graph {

namespace {

struct ExportNode {
  std::string key;       // "n<id>"
  long node_id = 0;
  std::string kind, name, region, sub_kind, level;
};

struct ExportLink {
  long link_id = 0;
  std::string kind, valid_from, valid_until;
};

// CSR again (not adjacency_list, whose edge iterator trips g++ 12's -Wmaybe-uninitialized).
using ExportGraph = boost::compressed_sparse_row_graph<boost::directedS, ExportNode, ExportLink>;

}  // namespace

std::string GraphView::exportGraph(const ExportRequest& req) const {
  const domain::GraphConfig& c = *impl_->config;
  detail::Access a = impl_->access();
  std::vector<NodeSummary> nodes;
  std::vector<LinkSummary> links;
  if (req.around) {
    NeighbourhoodResult n = neighbourhood(*req.around);
    for (auto& x : n.nodes) nodes.push_back(std::move(x.node));
    links = std::move(n.links);
  } else {
    auto w = impl_->workingGraph();
    if (w->size() > static_cast<std::uint32_t>(c.limits.max_export_nodes))
      throw Error(errc::export_too_large, "the visible graph has " + std::to_string(w->size()) + " nodes, more than " +
                               std::to_string(c.limits.max_export_nodes) + "; export a neighbourhood instead", "around");
    std::vector<bool> in(a.vertexCount(), false);
    for (std::uint32_t v : w->vertex) in[v] = true, nodes.push_back(detail::summaryOf(a, v));
    for (std::uint32_t v : w->vertex)
      a.forEachEdge(v, [&](std::uint32_t u, const detail::EdgeView& e) {
        if (e.forward && in[u] && e.validOn(impl_->day)) links.push_back(detail::linkSummaryOf(a, c, e.ref));
      });
    std::sort(links.begin(), links.end(), [](const LinkSummary& x, const LinkSummary& y) { return x.id < y.id; });
  }

  std::unordered_map<NodeId, std::size_t> vertex;
  for (std::size_t i = 0; i < nodes.size(); ++i) vertex.emplace(nodes[i].id, i);
  std::vector<std::pair<std::size_t, std::size_t>> ends;
  std::vector<ExportLink> props;
  for (const LinkSummary& l : links) {
    ends.emplace_back(vertex.at(l.from), vertex.at(l.to));
    props.push_back(ExportLink{static_cast<long>(l.id), l.kind, l.valid_from.toString(),
                               l.valid_until ? l.valid_until->toString() : std::string()});
  }
  ExportGraph g(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), props.begin(), nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NodeSummary& n = nodes[i];
    g[i] = ExportNode{"n" + std::to_string(n.id), static_cast<long>(n.id), domain::nodeKindName(n.kind), n.name,
                      n.region_code, n.sub_kind, n.level};
  }

  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("node_id", boost::get(&ExportNode::node_id, g));
  dp.property("kind", boost::get(&ExportNode::kind, g));
  dp.property("name", boost::get(&ExportNode::name, g));
  dp.property("region", boost::get(&ExportNode::region, g));
  dp.property("sub_kind", boost::get(&ExportNode::sub_kind, g));
  dp.property("level", boost::get(&ExportNode::level, g));
  dp.property("link_id", boost::get(&ExportLink::link_id, g));
  dp.property("link_kind", boost::get(&ExportLink::kind, g));
  dp.property("valid_from", boost::get(&ExportLink::valid_from, g));
  dp.property("valid_until", boost::get(&ExportLink::valid_until, g));
  std::ostringstream out;
  if (req.format == ExportFormat::graphml) {
    boost::write_graphml(out, g, boost::get(&ExportNode::node_id, g), dp, true);
  } else {
    dp.property("node_key", boost::get(&ExportNode::key, g));
    boost::write_graphviz_dp(out, g, dp, "node_key");
  }
  return out.str();
}

}  // namespace trellis::graph
