#include "snapshot.h"

#include <algorithm>

#include "trellis/core/error.h"

namespace trellis::graph::detail {

IdIndex::IdIndex(const std::vector<NodeRec>& sorted) {
  if (sorted.empty()) return;
  min_ = sorted.front().id;
  NodeId span = sorted.back().id - min_ + 1;
  if (span > 0 && span <= static_cast<NodeId>(sorted.size()) * 4) {
    dense_.assign(static_cast<std::size_t>(span), kNone);
    for (std::size_t v = 0; v < sorted.size(); ++v) dense_[static_cast<std::size_t>(sorted[v].id - min_)] = static_cast<std::uint32_t>(v);
  } else {
    ids_.reserve(sorted.size());
    for (const NodeRec& n : sorted) ids_.push_back(n.id);
  }
}

std::uint32_t Base::findLink(LinkId id) const {
  auto it = std::lower_bound(links.begin(), links.end(), id, [](const LinkRec& l, LinkId v) { return l.id < v; });
  if (it == links.end() || it->id != id) return kNone;
  return static_cast<std::uint32_t>(it - links.begin());
}

std::uint32_t Access::findEnterprise(std::int64_t enterprise_id) const {
  if (const std::uint32_t* v = overlay_.by_enterprise.get(enterprise_id)) return *v;
  const auto& v = base_.by_enterprise;
  auto it = std::lower_bound(v.begin(), v.end(), enterprise_id,
                             [](const std::pair<std::int64_t, std::uint32_t>& p, std::int64_t e) { return p.first < e; });
  if (it == v.end() || it->first != enterprise_id) return kNone;
  return it->second;
}

std::shared_ptr<const Base> buildBase(BaseInput input) {
  auto base = std::make_shared<Base>();
  std::sort(input.nodes.begin(), input.nodes.end(), [](const NodeRec& a, const NodeRec& b) { return a.id < b.id; });
  base->nodes = std::move(input.nodes);
  base->index = IdIndex(base->nodes);
  const auto n = static_cast<std::uint32_t>(base->nodes.size());
  for (std::uint32_t v = 0; v < n; ++v)
    if (base->nodes[v].enterprise_id) base->by_enterprise.emplace_back(base->nodes[v].enterprise_id, v);
  std::sort(base->by_enterprise.begin(), base->by_enterprise.end());

  auto byId = [](const BaseInput::Link& a, const BaseInput::Link& b) { return a.rec.id < b.rec.id; };
  if (!std::is_sorted(input.links.begin(), input.links.end(), byId)) std::sort(input.links.begin(), input.links.end(), byId);
  base->links.reserve(input.links.size());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
  std::vector<EdgeProp> props;
  ends.reserve(input.links.size() * 2);
  props.reserve(input.links.size() * 2);
  for (const BaseInput::Link& l : input.links) {
    LinkRec r = l.rec;
    r.from = base->find(l.from_id);
    r.to = base->find(l.to_id);
    if (r.from == kNone || r.to == kNone) throw Error(errc::internal, "graph fold: link " + std::to_string(r.id) + " names an unknown node");
    auto index = static_cast<std::uint32_t>(base->links.size());
    base->links.push_back(r);
    ends.emplace_back(r.from, r.to);
    props.push_back(EdgeProp{index, r.valid_from, r.valid_until, r.kind, true});
    ends.emplace_back(r.to, r.from);
    props.push_back(EdgeProp{index, r.valid_from, r.valid_until, r.kind, false});
  }
  input.links.clear();
  input.links.shrink_to_fit();
  base->csr = Csr(boost::edges_are_unsorted_multi_pass, ends.begin(), ends.end(), props.begin(), n);
  return base;
}

BaseInput foldInput(const State& s) {
  Access a(s);
  BaseInput in;
  const std::uint32_t count = a.vertexCount();
  in.nodes.reserve(count);
  for (std::uint32_t v = 0; v < count; ++v) in.nodes.push_back(a.node(v));
  const Overlay& o = *s.overlay;
  const Base& b = *s.base;
  in.links.reserve(b.links.size() + o.links.size());
  auto keep = [&](const LinkRec& r) {
    in.links.push_back(BaseInput::Link{r, a.node(r.from).id, a.node(r.to).id});
  };
  for (std::uint32_t i = 0; i < b.links.size(); ++i)
    if (o.links.empty() || !testBit(o.overridden_bits, i)) keep(b.links[i]);
  for (const OverlayLink& l : o.links) keep(l.rec);
  return in;
}

std::shared_ptr<const Overlay> emptyOverlay(const Base& base) {
  auto o = std::make_shared<Overlay>();
  o->changed_bits.assign((base.nodes.size() + 63) / 64, 0);
  o->overridden_bits.assign((base.links.size() + 63) / 64, 0);
  return o;
}

}  // namespace trellis::graph::detail
