// GraphView's local queries: lookups, neighbourhood, shortest path, isolation, sharing, partners.
#include "trellis/graph/graph_view.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "trellis/core/error.h"
#include "view_impl.h"

namespace trellis::graph {

using detail::Access;
using detail::EdgeView;
using detail::kNone;
using detail::Visible;

GraphView::GraphView(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Date GraphView::asOf() const { return impl_->as_of; }
std::uint64_t GraphView::version() const { return impl_->state->version; }

std::optional<NodeSummary> GraphView::node(NodeId id) const {
  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t v = a.find(id);
  if (v == kNone || !visible(v)) return std::nullopt;
  return detail::summaryOf(a, v);
}

std::optional<NodeId> GraphView::enterpriseNode(std::int64_t enterprise_id) const {
  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t v = a.findEnterprise(enterprise_id);
  if (v == kNone || !visible(v)) return std::nullopt;
  return a.node(v).id;
}

std::int64_t GraphView::nodeCount() const { return impl_->workingGraph()->size(); }

std::vector<LinkSummary> GraphView::linksOf(NodeId id) const {
  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t v = detail::requireVisible(*impl_, visible, id);
  std::vector<std::uint32_t> refs;
  a.forEachEdge(v, [&](std::uint32_t u, const EdgeView& e) {
    if (e.validOn(impl_->day) && visible(u)) refs.push_back(e.ref);
  });
  std::vector<LinkSummary> out;
  for (std::uint32_t r : refs) out.push_back(detail::linkSummaryOf(a, *impl_->config, r));
  std::sort(out.begin(), out.end(), [](const LinkSummary& x, const LinkSummary& y) { return x.id < y.id; });
  out.erase(std::unique(out.begin(), out.end(), [](const LinkSummary& x, const LinkSummary& y) { return x.id == y.id; }), out.end());
  if (out.size() > static_cast<std::size_t>(impl_->config->limits.max_list)) out.resize(impl_->config->limits.max_list);
  return out;
}

namespace {

std::vector<bool> linkKindFilter(const domain::GraphConfig& c, const std::vector<std::string>& codes) {
  std::vector<bool> allowed(c.link_kinds.size(), codes.empty());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    bool found = false;
    for (std::size_t k = 0; k < c.link_kinds.size(); ++k)
      if (c.link_kinds[k].code == codes[i]) allowed[k] = found = true;
    if (!found) throw Error(errc::unknown_link_kind, "link kind \"" + codes[i] + "\" is not in config/graph.json", "link_kinds");
  }
  return allowed;
}

}  // namespace

NeighbourhoodResult GraphView::neighbourhood(const NeighbourhoodRequest& req) const {
  const domain::GraphConfig& c = *impl_->config;
  if (req.depth < 1 || req.depth > c.limits.max_depth)
    throw Error(errc::depth_out_of_range, "depth must be 1.." + std::to_string(c.limits.max_depth), "depth");
  if (req.max_nodes < 0 || req.max_nodes > c.limits.max_neighbourhood_nodes)
    throw Error(errc::max_nodes_out_of_range, "max_nodes must be 1.." + std::to_string(c.limits.max_neighbourhood_nodes), "max_nodes");
  std::vector<bool> link_ok = linkKindFilter(c, req.link_kinds);
  bool node_ok[domain::kNodeKindCount];
  for (bool& b : node_ok) b = req.node_kinds.empty();
  for (NodeKind k : req.node_kinds) node_ok[static_cast<int>(k)] = true;
  const std::size_t cap = req.max_nodes ? req.max_nodes : c.limits.max_neighbourhood_nodes;

  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t center = detail::requireVisible(*impl_, visible, req.center);
  const std::int32_t d = impl_->day;
  auto usable = [&](std::uint32_t u, const EdgeView& e) {
    return e.validOn(d) && link_ok[e.kind] && node_ok[static_cast<int>(a.node(u).kind)] && visible(u);
  };

  NeighbourhoodResult out;
  detail::Scratch& in = detail::Scratch::get(0, a.vertexCount());  // value: depth; -1 candidate dropped
  std::vector<std::uint32_t> taken{center};
  in.set(center, 0);
  std::vector<std::uint32_t> frontier{center};
  out.nodes.push_back({detail::summaryOf(a, center), 0});
  for (int level = 1; level <= req.depth && !frontier.empty() && !out.truncated; ++level) {
    std::vector<std::uint32_t> next;
    for (std::uint32_t v : frontier)
      a.forEachEdge(v, [&](std::uint32_t u, const EdgeView& e) {
        if (!in.seen(u) && usable(u, e)) {
          in.set(u, level);
          next.push_back(u);
        }
      });
    // Base vertices are in id order already; only overlay vertices need their ids compared.
    const std::uint32_t nb = a.baseCount();
    auto byId = [&](std::uint32_t x, std::uint32_t y) {
      return (x < nb && y < nb) ? x < y : a.node(x).id < a.node(y).id;
    };
    const std::size_t room = cap - out.nodes.size();
    if (next.size() > room) {
      out.truncated = true;
      std::partial_sort(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(room), next.end(), byId);
      for (std::size_t i = room; i < next.size(); ++i) in.set(next[i], -1);
      next.resize(room);
    } else {
      std::sort(next.begin(), next.end(), byId);
    }
    for (std::uint32_t u : next) out.nodes.push_back({detail::summaryOf(a, u), level}), taken.push_back(u);
    frontier = std::move(next);
  }
  std::vector<std::uint32_t> refs;
  for (std::uint32_t v : taken)
    a.forEachEdge(v, [&](std::uint32_t u, const EdgeView& e) {
      if (e.forward && in.seen(u) && in.value(u) >= 0 && e.validOn(d) && link_ok[e.kind]) refs.push_back(e.ref);
    });
  for (std::uint32_t r : refs) out.links.push_back(detail::linkSummaryOf(a, c, r));
  std::sort(out.links.begin(), out.links.end(), [](const LinkSummary& x, const LinkSummary& y) { return x.id < y.id; });
  return out;
}

namespace {

// The smallest-id valid link joining v and u (either direction), for explaining paths.
std::uint32_t linkBetween(const Access& a, std::int32_t day, std::uint32_t v, std::uint32_t u) {
  std::uint32_t best = kNone;
  LinkId best_id = 0;
  a.forEachEdge(v, [&](std::uint32_t w, const EdgeView& e) {
    if (w != u || !e.validOn(day)) return;
    LinkId id = a.link(e.ref).id;
    if (best == kNone || id < best_id) best = e.ref, best_id = id;
  });
  return best;
}

PathResult pathOf(const GraphView::Impl& view, const Access& a, const std::vector<std::uint32_t>& vertices) {
  PathResult p;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    p.nodes.push_back(detail::summaryOf(a, vertices[i]));
    if (i + 1 < vertices.size())
      p.links.push_back(detail::linkSummaryOf(a, *view.config, linkBetween(a, view.day, vertices[i], vertices[i + 1])));
  }
  return p;
}

}  // namespace

std::optional<PathResult> GraphView::shortestPath(NodeId from_id, NodeId to_id) const {
  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t from = detail::requireVisible(*impl_, visible, from_id);
  std::uint32_t to = detail::requireVisible(*impl_, visible, to_id);
  if (from == to) return pathOf(*impl_, a, {from});
  const std::int32_t d = impl_->day;
  // Bidirectional breadth first: grow the smaller frontier by a whole level until the two sides
  // meet; the first meeting level gives the length. Among equally short paths: the meeting node
  // with the smallest id, then on each side the predecessor with the smallest id (V5).
  detail::Scratch& fwd = detail::Scratch::get(0, a.vertexCount());
  detail::Scratch& bwd = detail::Scratch::get(1, a.vertexCount());
  fwd.set(from, 0);
  bwd.set(to, 0);
  std::vector<std::uint32_t> ff{from}, bf{to}, meets;
  int kf = 0, kb = 0;
  const int max_len = impl_->config->limits.max_path_length;
  while (meets.empty() && !ff.empty() && !bf.empty() && kf + kb < max_len) {
    bool forward = ff.size() <= bf.size();
    detail::Scratch& mine = forward ? fwd : bwd;
    detail::Scratch& other = forward ? bwd : fwd;
    std::vector<std::uint32_t>& frontier = forward ? ff : bf;
    int level = (forward ? ++kf : ++kb);
    std::vector<std::uint32_t> next;
    for (std::uint32_t v : frontier)
      a.forEachEdge(v, [&](std::uint32_t u, const EdgeView& e) {
        if (mine.seen(u) || !e.validOn(d) || !visible(u)) return;
        mine.set(u, level);
        next.push_back(u);
        if (other.seen(u)) meets.push_back(u);
      });
    frontier = std::move(next);
  }
  if (meets.empty()) return std::nullopt;
  std::uint32_t meet = *std::min_element(meets.begin(), meets.end(), [&](auto x, auto y) { return a.node(x).id < a.node(y).id; });
  auto step = [&](std::uint32_t cur, const detail::Scratch& side) {
    std::int32_t want = side.value(cur) - 1;
    std::uint32_t best = kNone;
    a.forEachEdge(cur, [&](std::uint32_t u, const EdgeView& e) {
      if (!e.validOn(d) || !side.seen(u) || side.value(u) != want) return;
      if (best == kNone || a.node(u).id < a.node(best).id) best = u;
    });
    return best;
  };
  std::vector<std::uint32_t> head{meet};
  for (std::uint32_t cur = meet; cur != from;) head.push_back(cur = step(cur, fwd));
  std::reverse(head.begin(), head.end());
  for (std::uint32_t cur = meet; cur != to;) head.push_back(cur = step(cur, bwd));
  return pathOf(*impl_, a, head);
}

std::vector<std::int64_t> GraphView::isolated(const std::vector<std::int64_t>& enterprise_ids) const {
  const domain::GraphConfig& c = *impl_->config;
  bool counts[domain::kNodeKindCount] = {};
  for (NodeKind k : c.analytics.isolation_kinds) counts[static_cast<int>(k)] = true;
  Access a = impl_->access();
  Visible visible(*impl_);
  std::vector<std::int64_t> out;
  for (std::int64_t e : enterprise_ids) {
    std::uint32_t v = a.findEnterprise(e);
    if (v == kNone) {
      out.push_back(e);
      continue;
    }
    if (!visible(v)) continue;
    bool tied = false;
    a.forEachEdge(v, [&](std::uint32_t u, const EdgeView& ev) {
      if (!tied && ev.validOn(impl_->day) && counts[static_cast<int>(a.node(u).kind)] && visible(u)) tied = true;
    });
    if (!tied) out.push_back(e);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

void checkLimit(const domain::GraphConfig& c, int limit) {
  if (limit < 1 || limit > c.limits.max_list)
    throw Error(errc::limit_out_of_range, "limit must be 1.." + std::to_string(c.limits.max_list), "limit");
}

std::uint32_t requireEnterprise(const GraphView::Impl& view, Visible& visible, NodeId id) {
  std::uint32_t v = detail::requireVisible(view, visible, id);
  if (view.access().node(v).kind != NodeKind::enterprise)
    throw Error(errc::not_an_enterprise, "node " + std::to_string(id) + " is not an enterprise", "enterprise");
  return v;
}

}  // namespace

std::vector<SharingEntry> GraphView::sharingPlatforms(NodeId enterprise, int limit) const {
  checkLimit(*impl_->config, limit);
  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t e = requireEnterprise(*impl_, visible, enterprise);
  const std::int32_t d = impl_->day;
  std::vector<std::uint32_t> platforms;
  a.forEachEdge(e, [&](std::uint32_t p, const EdgeView& ev) {
    if (ev.validOn(d) && a.node(p).kind == NodeKind::platform && visible(p)) platforms.push_back(p);
  });
  std::sort(platforms.begin(), platforms.end());
  platforms.erase(std::unique(platforms.begin(), platforms.end()), platforms.end());
  std::unordered_map<std::uint32_t, std::vector<NodeId>> shared;
  for (std::uint32_t p : platforms) {
    std::unordered_set<std::uint32_t> seen;
    a.forEachEdge(p, [&](std::uint32_t z, const EdgeView& ev) {
      if (z == e || !ev.validOn(d) || a.node(z).kind != NodeKind::enterprise || !seen.insert(z).second || !visible(z)) return;
      shared[z].push_back(a.node(p).id);
    });
  }
  std::vector<SharingEntry> out;
  out.reserve(shared.size());
  for (auto& [z, ps] : shared) {
    std::sort(ps.begin(), ps.end());
    out.push_back({detail::summaryOf(a, z), std::move(ps)});
  }
  std::sort(out.begin(), out.end(), [](const SharingEntry& x, const SharingEntry& y) {
    if (x.platforms.size() != y.platforms.size()) return x.platforms.size() > y.platforms.size();
    return x.enterprise.id < y.enterprise.id;
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(limit);
  return out;
}

PartnersResult GraphView::partners(NodeId enterprise, int limit) const {
  const domain::GraphConfig& c = *impl_->config;
  checkLimit(c, limit);
  Access a = impl_->access();
  Visible visible(*impl_);
  std::uint32_t e = requireEnterprise(*impl_, visible, enterprise);
  const std::int32_t d = impl_->day;
  PartnersResult out;
  std::uint16_t chain = a.node(e).industry;
  out.industry = a.text(chain);
  if (out.industry.empty()) return out;
  bool candidate_kind[domain::kNodeKindCount] = {};
  for (NodeKind k : c.analytics.partner_kinds) candidate_kind[static_cast<int>(k)] = true;

  std::unordered_set<std::uint32_t> direct;
  std::vector<std::uint32_t> peers;
  a.forEachEdge(e, [&](std::uint32_t u, const EdgeView& ev) {
    if (!ev.validOn(d) || !visible(u) || !direct.insert(u).second) return;
    const detail::NodeRec& r = a.node(u);
    if (r.kind == NodeKind::enterprise && r.industry == chain) peers.push_back(u);
  });
  struct Score {
    double score = 0;
    int via = 0;
    std::uint32_t best_via = kNone;
    std::size_t best_degree = 0;
  };
  std::unordered_map<std::uint32_t, Score> scores;
  for (std::uint32_t z : peers) {
    std::unordered_set<std::uint32_t> nz;
    a.forEachEdge(z, [&](std::uint32_t u, const EdgeView& ev) {
      if (ev.validOn(d) && u != z && visible(u)) nz.insert(u);
    });
    double weight = 1.0 / std::log(static_cast<double>(nz.size()));  // nz holds e and c: size ≥ 2
    for (std::uint32_t cand : nz) {
      if (cand == e || direct.count(cand) || !candidate_kind[static_cast<int>(a.node(cand).kind)]) continue;
      Score& s = scores[cand];
      s.score += weight;
      ++s.via;
      bool better = s.best_via == kNone || nz.size() < s.best_degree ||
                    (nz.size() == s.best_degree && a.node(z).id < a.node(s.best_via).id);
      if (better) s.best_via = z, s.best_degree = nz.size();
    }
  }
  std::vector<std::pair<std::uint32_t, Score>> ranked(scores.begin(), scores.end());
  std::sort(ranked.begin(), ranked.end(), [&](const auto& x, const auto& y) {
    if (x.second.score != y.second.score) return x.second.score > y.second.score;
    return a.node(x.first).id < a.node(y.first).id;
  });
  if (ranked.size() > static_cast<std::size_t>(limit)) ranked.resize(limit);
  for (const auto& [cand, s] : ranked)
    out.partners.push_back({detail::summaryOf(a, cand), s.score, s.via, pathOf(*impl_, a, {e, s.best_via, cand})});
  return out;
}

}  // namespace trellis::graph
