// Private to graph/: the engine's state. A State is immutable once published: one Base (the
// Boost.Graph CSR snapshot), one Overlay (the changes since the base was built) and the string
// dictionary both index into. Access reads a State as one graph, overlay applied.
#pragma once
#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "trellis/core/date.h"
#include "trellis/domain/graph_config.h"
#include "trellis/domain/graph_node.h"

namespace trellis::graph::detail {

using domain::LinkId;
using domain::NodeId;
using domain::NodeKind;

inline constexpr std::int32_t kNoDay = INT32_MIN;   // no date
inline constexpr std::int32_t kOpenEnd = INT32_MAX; // no valid_until
inline constexpr std::uint32_t kNone = UINT32_MAX;
inline constexpr std::uint32_t kOverlayBit = 0x80000000u;  // a LinkRef into the overlay

inline std::int32_t dayOf(const std::optional<Date>& d) { return d ? static_cast<std::int32_t>(d->daysSinceEpoch()) : kNoDay; }
inline std::optional<Date> dateOf(std::int32_t day) {
  if (day == kNoDay || day == kOpenEnd) return std::nullopt;
  return Date::fromDays(day);
}

// Interned short codes (regions, industries, sub-kinds …). Append-only: an index never changes
// meaning, so a newer dictionary serves older states too. Index 0 is "".
struct Dict {
  std::vector<std::string> values{""};
  std::unordered_map<std::string, std::uint16_t> index{{"", 0}};
  std::optional<std::uint16_t> find(const std::string& s) const {
    auto it = index.find(s);
    if (it == index.end()) return std::nullopt;
    return it->second;
  }
  const std::string& at(std::uint16_t i) const { return values[i]; }
};

// What the engine keeps of a node.
struct NodeRec {
  NodeId id = 0;
  std::int64_t enterprise_id = 0;  // 0: none
  std::string name;
  NodeKind kind = NodeKind::platform;
  bool removed = false;
  std::uint16_t region = 0, industry = 0, sub_kind = 0, level = 0, status = 0, programme = 0, tier = 0;
  std::int32_t approved_on = kNoDay, ended_on = kNoDay, starts_on = kNoDay;
  std::int16_t year_recognised = 0;  // 0: none
  // An enterprise's USCC (18 characters by the register's schema), inline: 240k enterprises
  // would otherwise hold 240k small heap strings.
  std::array<char, 18> uscc{};
  std::uint8_t uscc_size = 0;
  std::string_view usccText() const { return {uscc.data(), uscc_size}; }
};

struct LinkRec {
  LinkId id = 0;
  std::uint32_t from = 0, to = 0;  // vertex indices in the state the record belongs to
  std::int32_t valid_from = 0, valid_until = kOpenEnd;
  std::uint16_t kind = 0;          // index into GraphConfig::link_kinds
};

// A CSR entry, stored once per direction, carrying what traversal filters on so hot loops never
// touch LinkRec.
struct EdgeProp {
  std::uint32_t link = 0;          // base link index
  std::int32_t valid_from = 0, valid_until = kOpenEnd;
  std::uint16_t kind = 0;
  bool forward = true;             // this entry goes from → to
};

using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProp, boost::no_property,
                                               std::uint32_t, std::uint32_t>;

// Node id → vertex index over nodes sorted by id: a direct table when the ids are dense (the
// repository's row ids are), else binary search over a flat copy of the ids.
class IdIndex {
 public:
  IdIndex() = default;
  explicit IdIndex(const std::vector<NodeRec>& sorted);
  std::uint32_t find(NodeId id) const {
    if (!dense_.empty()) {
      if (id < min_ || id - min_ >= static_cast<NodeId>(dense_.size())) return kNone;
      return dense_[static_cast<std::size_t>(id - min_)];
    }
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    return it == ids_.end() || *it != id ? kNone : static_cast<std::uint32_t>(it - ids_.begin());
  }

 private:
  NodeId min_ = 0;
  std::vector<std::uint32_t> dense_;
  std::vector<NodeId> ids_;
};

struct Base {
  std::vector<NodeRec> nodes;      // vertex index → node, ascending id
  IdIndex index;
  std::vector<LinkRec> links;      // base link index → link, ascending id
  std::vector<std::pair<std::int64_t, std::uint32_t>> by_enterprise;  // ascending enterprise id
  Csr csr;

  std::uint32_t find(NodeId id) const { return index.find(id); }
  std::uint32_t findLink(LinkId id) const;
};

// A map as one sorted vector: copying it (every write copies the overlay) is one allocation and a
// memcpy-like pass, not one allocation per entry as with a node-based map.
template <class K, class V>
class FlatMap {
 public:
  using Entry = std::pair<K, V>;
  const V* get(const K& k) const {
    auto it = lower(k);
    return it != items_.end() && it->first == k ? &it->second : nullptr;
  }
  void put(const K& k, V v) {
    auto it = std::lower_bound(items_.begin(), items_.end(), k, [](const Entry& e, const K& x) { return e.first < x; });
    if (it != items_.end() && it->first == k) it->second = std::move(v);
    else items_.insert(it, Entry{k, std::move(v)});
  }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  typename std::vector<Entry>::const_iterator begin() const { return items_.begin(); }
  typename std::vector<Entry>::const_iterator end() const { return items_.end(); }

 private:
  typename std::vector<Entry>::const_iterator lower(const K& k) const {
    return std::lower_bound(items_.begin(), items_.end(), k, [](const Entry& e, const K& x) { return e.first < x; });
  }
  std::vector<Entry> items_;
};

struct OverlayNode {
  NodeRec rec;
  std::uint64_t seq = 0;
};
struct OverlayLink {
  LinkRec rec;                     // from/to: vertex indices of this state (base or extra)
  NodeId from_id = 0, to_id = 0;
  std::uint64_t seq = 0;
};

// Changes since the base. Copied whole by every write (bounded by overlay_fold_threshold).
struct Overlay {
  std::vector<OverlayNode> extra_nodes;                    // vertex base_n + i
  FlatMap<NodeId, std::uint32_t> extra_index;              // id → vertex
  FlatMap<std::uint32_t, OverlayNode> changed;             // base vertex → replacement
  std::vector<std::uint64_t> changed_bits;                 // over base vertices
  std::vector<OverlayLink> links;                          // new links and replacements of base links
  FlatMap<LinkId, std::uint32_t> link_index;               // → links[i]
  std::vector<std::pair<std::uint32_t, std::uint32_t>> adjacency;  // (vertex, links[i]) sorted, both ends
  std::vector<std::uint64_t> overridden_bits;              // over base links
  FlatMap<std::int64_t, std::uint32_t> by_enterprise;      // extra enterprise nodes
  std::int64_t changes = 0;
  std::uint64_t last_seq = 0;
};

inline bool testBit(const std::vector<std::uint64_t>& bits, std::uint32_t i) {
  return (bits[i >> 6] >> (i & 63)) & 1u;
}
inline void setBit(std::vector<std::uint64_t>& bits, std::uint32_t i) { bits[i >> 6] |= std::uint64_t{1} << (i & 63); }

struct State {
  std::shared_ptr<const Base> base;
  std::shared_ptr<const Overlay> overlay;
  std::shared_ptr<const Dict> dict;
  std::uint64_t version = 0;
};

// A link as traversal sees it.
struct EdgeView {
  std::uint32_t ref;               // base link index, or kOverlayBit | overlay link index
  std::int32_t valid_from, valid_until;
  std::uint16_t kind;
  bool forward;
  bool validOn(std::int32_t day) const { return valid_from <= day && day < valid_until; }
};

// One state read as one graph. Cheap; holds no copy.
class Access {
 public:
  explicit Access(const State& s) : base_(*s.base), overlay_(*s.overlay), dict_(*s.dict) {}

  std::uint32_t vertexCount() const {
    return static_cast<std::uint32_t>(base_.nodes.size() + overlay_.extra_nodes.size());
  }
  std::uint32_t baseCount() const { return static_cast<std::uint32_t>(base_.nodes.size()); }
  const NodeRec& node(std::uint32_t v) const {
    if (v >= baseCount()) return overlay_.extra_nodes[v - baseCount()].rec;
    if (!overlay_.changed.empty() && testBit(overlay_.changed_bits, v)) return overlay_.changed.get(v)->rec;
    return base_.nodes[v];
  }
  // kNone when unknown (removed nodes are found; callers check removed).
  std::uint32_t find(NodeId id) const {
    if (const std::uint32_t* v = overlay_.extra_index.get(id)) return *v;
    return base_.find(id);
  }
  std::uint32_t findEnterprise(std::int64_t enterprise_id) const;
  // The link with this id: a ref, kNone when unknown.
  std::uint32_t findLink(LinkId id) const {
    if (const std::uint32_t* i = overlay_.link_index.get(id)) return kOverlayBit | *i;
    return base_.findLink(id);
  }
  const LinkRec& link(std::uint32_t ref) const {
    return (ref & kOverlayBit) ? overlay_.links[ref & ~kOverlayBit].rec : base_.links[ref];
  }
  const std::string& text(std::uint16_t i) const { return dict_.at(i); }
  const Dict& dict() const { return dict_; }

  // f(neighbour vertex, EdgeView) for every link at v, in both directions, any date.
  template <class F>
  void forEachEdge(std::uint32_t v, F&& f) const {
    if (v < baseCount()) {
      const bool check = !overlay_.links.empty();
      auto [b, e] = boost::out_edges(v, base_.csr);
      for (; b != e; ++b) {
        const EdgeProp& p = base_.csr[*b];
        if (check && testBit(overlay_.overridden_bits, p.link)) continue;
        f(static_cast<std::uint32_t>(boost::target(*b, base_.csr)),
          EdgeView{p.link, p.valid_from, p.valid_until, p.kind, p.forward});
      }
    }
    if (overlay_.adjacency.empty()) return;
    const auto& adj = overlay_.adjacency;
    for (auto it = std::lower_bound(adj.begin(), adj.end(), std::make_pair(v, std::uint32_t{0})); it != adj.end() && it->first == v;
         ++it) {
      const std::uint32_t i = it->second;
      const LinkRec& r = overlay_.links[i].rec;
      bool forward = r.from == v;
      f(forward ? r.to : r.from, EdgeView{kOverlayBit | i, r.valid_from, r.valid_until, r.kind, forward});
    }
  }

 private:
  const Base& base_;
  const Overlay& overlay_;
  const Dict& dict_;
};

// Builds a base from nodes and links given by id (links[i].from/to are ignored; ends by id).
struct BaseInput {
  std::vector<NodeRec> nodes;
  struct Link {
    LinkRec rec;
    NodeId from_id, to_id;
  };
  std::vector<Link> links;
};
// Throws Error internal when a link names an unknown node (callers validate first).
std::shared_ptr<const Base> buildBase(BaseInput input);
// Base + overlay of s, as input for buildBase. Removed nodes stay (marked), so a removed id is
// never given out again and their links stay hidden.
BaseInput foldInput(const State& s);

std::shared_ptr<const Overlay> emptyOverlay(const Base& base);

}  // namespace trellis::graph::detail
