// GraphView::Impl, the visibility test (V1) and the working graph of the analytics (V3).
#include <algorithm>

#include "trellis/core/error.h"
#include "view_impl.h"

namespace trellis::graph {

using detail::Access;
using detail::kNone;

Error nodeNotFound() { return Error(errc::graph_node_not_found, "no such graph node (or not in your scope)"); }
Error linkNotFound() { return Error(errc::graph_link_not_found, "no such graph link (or not in your scope)"); }

GraphView::Impl::Impl(std::shared_ptr<const detail::State> s, std::shared_ptr<const domain::GraphConfig> c, Date d,
                      Visibility v)
    : state(std::move(s)), config(std::move(c)), as_of(d), day(static_cast<std::int32_t>(d.daysSinceEpoch())),
      visibility(std::move(v)) {
  if (visibility.mode() == Visibility::Mode::regions) {
    region_in_scope.assign(state->dict->values.size(), false);
    for (const std::string& code : visibility.regionCodes())
      if (auto i = state->dict->find(code); i && !code.empty()) region_in_scope[*i] = true;
  }
}

std::shared_ptr<const detail::Working> GraphView::Impl::workingGraph() const {
  std::lock_guard<std::mutex> lock(mutex);
  if (working) return working;
  Access a = access();
  detail::Visible visible(*this);
  auto w = std::make_shared<detail::Working>();
  const std::uint32_t n = a.vertexCount(), nb = a.baseCount();
  // Ascending id: base vertices are, extra ones are merged in (V5).
  std::vector<std::uint32_t> extra;
  for (std::uint32_t v = nb; v < n; ++v)
    if (visible(v)) extra.push_back(v);
  std::sort(extra.begin(), extra.end(), [&](auto x, auto y) { return a.node(x).id < a.node(y).id; });
  w->vertex.reserve(n);
  std::size_t e = 0;
  for (std::uint32_t v = 0; v < nb; ++v) {
    if (!visible(v)) continue;
    while (e < extra.size() && a.node(extra[e]).id < a.node(v).id) w->vertex.push_back(extra[e++]);
    w->vertex.push_back(v);
  }
  while (e < extra.size()) w->vertex.push_back(extra[e++]);

  std::vector<std::uint32_t> compact(n, kNone);
  for (std::uint32_t c = 0; c < w->size(); ++c) compact[w->vertex[c]] = c;
  std::vector<std::uint32_t> stamp(w->size(), kNone);
  w->offsets.reserve(w->size() + 1);
  w->offsets.push_back(0);
  w->adj.reserve(static_cast<std::size_t>(boost::num_edges(state->base->csr)) + state->overlay->links.size() * 2);
  const std::int32_t d = day;
  for (std::uint32_t c = 0; c < w->size(); ++c) {
    a.forEachEdge(w->vertex[c], [&](std::uint32_t u, const detail::EdgeView& ev) {
      if (!ev.validOn(d)) return;
      std::uint32_t cu = compact[u];
      if (cu == kNone || cu == c || stamp[cu] == c) return;
      stamp[cu] = c;
      w->adj.push_back(cu);
    });
    w->offsets.push_back(static_cast<std::uint32_t>(w->adj.size()));
  }
  working = w;
  return working;
}

namespace detail {

Scratch& Scratch::get(int slot, std::uint32_t vertices) {
  thread_local Scratch scratch[2];
  Scratch& s = scratch[slot];
  s.reset(vertices);
  return s;
}

void Scratch::reset(std::uint32_t vertices) {
  if (mark_.size() < vertices) {
    mark_.assign(vertices, 0);
    value_.assign(vertices, 0);
    gen_ = 0;
  }
  if (++gen_ == 0) {  // wrapped: start clean
    std::fill(mark_.begin(), mark_.end(), 0);
    gen_ = 1;
  }
}

Visible::Visible(const GraphView::Impl& view) : view_(view), access_(view.access()) {}

bool Visible::operator()(std::uint32_t v) {
  if (view_.visibility.mode() == Visibility::Mode::all) return !access_.node(v).removed;
  if (memo_.empty()) memo_.assign(access_.vertexCount(), -1);
  if (memo_[v] < 0) memo_[v] = compute(v) ? 1 : 0;
  return memo_[v] == 1;
}

bool Visible::compute(std::uint32_t v) {
  const NodeRec& n = access_.node(v);
  if (n.removed) return false;
  switch (view_.visibility.mode()) {
    case Visibility::Mode::all: return true;
    case Visibility::Mode::nodes: return view_.visibility.nodeIds().count(n.id) > 0;
    case Visibility::Mode::predicate:
      return view_.visibility.predicate()(NodeFacts{n.id, n.kind, &access_.text(n.region)});
    case Visibility::Mode::regions: {
      auto inScope = [&](const NodeRec& r) { return r.region < view_.region_in_scope.size() && view_.region_in_scope[r.region]; };
      if (inScope(n)) return true;
      if (n.kind == NodeKind::enterprise) return false;
      bool linked = false;
      const std::int32_t d = view_.day;
      access_.forEachEdge(v, [&](std::uint32_t u, const EdgeView& e) {
        if (linked || !e.validOn(d)) return;
        const NodeRec& other = access_.node(u);
        linked = other.kind == NodeKind::enterprise && !other.removed && inScope(other);
      });
      return linked;
    }
  }
  return false;
}

std::uint32_t requireVisible(const GraphView::Impl& view, Visible& visible, NodeId id) {
  Access a = view.access();
  std::uint32_t v = a.find(id);
  if (v == kNone || !visible(v)) throw nodeNotFound();
  return v;
}

NodeSummary summaryOf(const Access& a, std::uint32_t v) {
  const NodeRec& r = a.node(v);
  NodeSummary s;
  s.id = r.id;
  s.kind = r.kind;
  s.name = r.name;
  s.region_code = a.text(r.region);
  bool programme = r.kind == NodeKind::project || r.kind == NodeKind::talent_team;
  s.sub_kind = a.text(programme ? r.programme : r.sub_kind);
  s.level = a.text(r.kind == NodeKind::project ? r.tier : r.level);
  if (r.enterprise_id) s.enterprise_id = r.enterprise_id;
  s.uscc = r.usccText();
  return s;
}

const std::string& linkKindCode(const domain::GraphConfig& config, std::uint16_t kind) { return config.link_kinds[kind].code; }

LinkSummary linkSummaryOf(const Access& a, const domain::GraphConfig& config, std::uint32_t ref) {
  const LinkRec& r = a.link(ref);
  LinkSummary s;
  s.id = r.id;
  s.kind = linkKindCode(config, r.kind);
  s.from = a.node(r.from).id;
  s.to = a.node(r.to).id;
  s.valid_from = Date::fromDays(r.valid_from);
  s.valid_until = dateOf(r.valid_until);
  return s;
}

}  // namespace detail
}  // namespace trellis::graph
