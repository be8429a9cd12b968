#include "trellis/graph/graph_engine.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include "snapshot.h"
#include "trellis/core/error.h"
#include "view_impl.h"

namespace trellis::graph {

using detail::Access;
using detail::Base;
using detail::Dict;
using detail::kNone;
using detail::kOverlayBit;
using detail::LinkRec;
using detail::NodeRec;
using detail::Overlay;
using detail::State;
using domain::GraphLink;
using domain::GraphNode;

namespace {

std::uint16_t intern(std::shared_ptr<Dict>& dict, const std::shared_ptr<const Dict>& original, const std::string& s) {
  const Dict& d = dict ? *dict : *original;
  if (auto i = d.find(s)) return *i;
  if (!dict) dict = std::make_shared<Dict>(*original);
  if (dict->values.size() >= 65535) throw Error(errc::graph_dictionary_full, "too many distinct codes in the graph", "");
  auto i = static_cast<std::uint16_t>(dict->values.size());
  dict->values.push_back(s);
  dict->index.emplace(s, i);
  return i;
}

NodeRec recordOf(const GraphNode& n, std::shared_ptr<Dict>& dict, const std::shared_ptr<const Dict>& original) {
  NodeRec r;
  r.id = n.id;
  r.enterprise_id = n.enterprise_id.value_or(0);
  r.name = n.name;
  r.kind = n.kind;
  r.removed = n.kind == domain::NodeKind::enterprise && n.archived;  // E5
  r.region = intern(dict, original, n.region_code);
  r.industry = intern(dict, original, n.industry);
  r.sub_kind = intern(dict, original, n.sub_kind);
  r.level = intern(dict, original, n.level);
  r.status = intern(dict, original, n.status);
  r.programme = intern(dict, original, n.programme);
  r.tier = intern(dict, original, n.tier);
  r.approved_on = detail::dayOf(n.approved_on);
  r.ended_on = detail::dayOf(n.ended_on);
  r.starts_on = detail::dayOf(n.starts_on);
  r.year_recognised = static_cast<std::int16_t>(n.year_recognised.value_or(0));
  if (n.uscc.size() > r.uscc.size())
    throw Error(errc::internal, "node " + std::to_string(n.id) + ": a USCC has " + std::to_string(r.uscc.size()) + " characters");
  std::copy(n.uscc.begin(), n.uscc.end(), r.uscc.begin());
  r.uscc_size = static_cast<std::uint8_t>(n.uscc.size());
  return r;
}

std::uint16_t linkKindIndex(const domain::GraphConfig& c, const std::string& code) {
  for (std::size_t i = 0; i < c.link_kinds.size(); ++i)
    if (c.link_kinds[i].code == code) return static_cast<std::uint16_t>(i);
  throw Error(errc::unknown_link_kind, "link kind \"" + code + "\" is not in config/graph.json", "kind");
}

Error prefixed(const Error& e, const std::string& prefix) {
  return Error(e.errorCode(), prefix + ": " + e.what(), prefix + (e.field().empty() ? "" : "." + e.field()));
}

// Finds a vertex in base + an overlay under construction.
std::uint32_t findIn(const Base& b, const Overlay& o, domain::NodeId id) {
  if (const std::uint32_t* v = o.extra_index.get(id)) return *v;
  return b.find(id);
}

void applyNode(const Base& b, Overlay& o, const NodeRec& rec, std::uint64_t seq) {
  auto nb = static_cast<std::uint32_t>(b.nodes.size());
  std::uint32_t v = findIn(b, o, rec.id);
  if (v == kNone) {
    v = nb + static_cast<std::uint32_t>(o.extra_nodes.size());
    o.extra_nodes.push_back({rec, seq});
    o.extra_index.put(rec.id, v);
    if (rec.enterprise_id) o.by_enterprise.put(rec.enterprise_id, v);
  } else if (v >= nb) {
    o.extra_nodes[v - nb] = {rec, seq};
  } else {
    o.changed.put(v, {rec, seq});
    detail::setBit(o.changed_bits, v);
  }
  ++o.changes;
  o.last_seq = std::max(o.last_seq, seq);
}

void applyLink(const Base& b, Overlay& o, LinkRec rec, domain::NodeId from_id, domain::NodeId to_id, std::uint64_t seq) {
  rec.from = findIn(b, o, from_id);
  rec.to = findIn(b, o, to_id);
  if (rec.from == kNone || rec.to == kNone) throw Error(errc::internal, "graph overlay: link " + std::to_string(rec.id) + " names an unknown node");
  detail::OverlayLink entry{rec, from_id, to_id, seq};
  if (const std::uint32_t* at = o.link_index.get(rec.id)) {
    o.links[*at] = entry;
  } else {
    auto i = static_cast<std::uint32_t>(o.links.size());
    o.links.push_back(entry);
    o.link_index.put(rec.id, i);
    for (std::uint32_t end : {rec.from, rec.to}) {
      auto pos = std::make_pair(end, i);
      o.adjacency.insert(std::upper_bound(o.adjacency.begin(), o.adjacency.end(), pos), pos);
    }
    std::uint32_t base_ref = b.findLink(rec.id);
    if (base_ref != kNone) detail::setBit(o.overridden_bits, base_ref);
  }
  ++o.changes;
  o.last_seq = std::max(o.last_seq, seq);
}

}  // namespace

struct GraphEngine::Impl {
  std::shared_ptr<const domain::GraphConfig> config;
  std::atomic<std::shared_ptr<const State>> state;
  std::mutex write_mutex;   // writers among themselves (E2)
  std::mutex fold_mutex;    // one fold at a time
  std::uint64_t seq = 0;    // under write_mutex
  std::atomic<std::int64_t> folds{0};

  std::mutex signal_mutex;
  std::condition_variable signal;
  bool fold_wanted = false, stopping = false;
  std::string last_fold_error;
  std::thread folder;

  explicit Impl(domain::GraphConfig c) : config(std::make_shared<const domain::GraphConfig>(std::move(c))) {
    auto base = detail::buildBase({});
    state.store(std::make_shared<const State>(State{base, detail::emptyOverlay(*base), std::make_shared<const Dict>(), 0}));
    // Termination signals go to the thread that waits for them (Poco's ServerApplication main),
    // never to the folder, whose default action would end the process mid-shutdown: the thread
    // is started with them blocked (a new thread inherits its creator's mask).
    sigset_t blocked, previous;
    sigemptyset(&blocked);
    for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGPIPE}) sigaddset(&blocked, sig);
    pthread_sigmask(SIG_BLOCK, &blocked, &previous);
    folder = std::thread([this] { foldLoop(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  }
  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(signal_mutex);
      stopping = true;
    }
    signal.notify_all();
    folder.join();
  }

  void foldLoop() {
    // A fold is background work: below writers and readers, so a change is not kept waiting
    // for a core while a new base is being built (Linux: the nice value is per thread).
    setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
    std::unique_lock<std::mutex> lock(signal_mutex);
    for (;;) {
      signal.wait(lock, [this] { return fold_wanted || stopping; });
      if (stopping) return;
      fold_wanted = false;
      lock.unlock();
      try {
        foldNow();
      } catch (const std::exception& e) {  // recorded for stats and the next fold; readers unaffected
        std::lock_guard<std::mutex> g(signal_mutex);
        last_fold_error = e.what();
      }
      lock.lock();
    }
  }

  // E3: build outside the write lock, then replay what changed meanwhile onto the new base.
  void foldNow() {
    std::lock_guard<std::mutex> fold_lock(fold_mutex);
    std::shared_ptr<const State> s0 = state.load();
    if (s0->overlay->changes == 0) return;
    std::uint64_t folded_seq = s0->overlay->last_seq;
    std::shared_ptr<const Base> base = detail::buildBase(detail::foldInput(*s0));

    std::lock_guard<std::mutex> lock(write_mutex);
    std::shared_ptr<const State> s = state.load();
    auto o = std::const_pointer_cast<Overlay>(detail::emptyOverlay(*base));
    const Overlay& cur = *s->overlay;
    for (const auto& n : cur.extra_nodes)
      if (n.seq > folded_seq) applyNode(*base, *o, n.rec, n.seq);
    for (const auto& [v, n] : cur.changed)
      if (n.seq > folded_seq) applyNode(*base, *o, n.rec, n.seq);
    std::vector<const detail::OverlayLink*> later;
    for (const auto& l : cur.links)
      if (l.seq > folded_seq) later.push_back(&l);
    std::sort(later.begin(), later.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
    for (const auto* l : later) applyLink(*base, *o, l->rec, l->from_id, l->to_id, l->seq);
    o->last_seq = std::max(o->last_seq, cur.last_seq);
    state.store(std::make_shared<const State>(State{base, o, s->dict, s->version + 1}));
    folds.fetch_add(1);
    std::lock_guard<std::mutex> g(signal_mutex);
    last_fold_error.clear();
  }

  // Publishes s's successor with overlay o (and dict when it grew). Under write_mutex.
  void publish(const std::shared_ptr<const State>& s, std::shared_ptr<Overlay> o, std::shared_ptr<Dict> dict) {
    bool want_fold = o->changes > config->limits.overlay_fold_threshold;
    std::shared_ptr<const Dict> d = dict ? std::shared_ptr<const Dict>(std::move(dict)) : s->dict;
    state.store(std::make_shared<const State>(State{s->base, std::move(o), d, s->version + 1}));
    if (want_fold) {
      std::lock_guard<std::mutex> lock(signal_mutex);
      fold_wanted = true;
      signal.notify_one();
    }
  }

  // E4: the checks every link passes, against state s. existing: the ref of the link being
  // replaced (kNone for a new one).
  void checkLink(const State& s, const GraphLink& link, std::uint32_t existing) const {
    Access a(s);
    std::uint32_t from = a.find(link.from), to = a.find(link.to);
    // E5: an archived enterprise's node keeps its links, including ones recorded meanwhile.
    auto gone = [&](std::uint32_t v) { return v == kNone || (a.node(v).removed && a.node(v).kind != domain::NodeKind::enterprise); };
    if (gone(from)) throw Error(errc::unknown_node, "no node " + std::to_string(link.from), "from");
    if (gone(to)) throw Error(errc::unknown_node, "no node " + std::to_string(link.to), "to");
    config->checkLink(link, a.node(from).kind, a.node(to).kind);
    std::uint16_t kind = linkKindIndex(*config, link.kind);
    std::int32_t lo = detail::dayOf(link.valid_from);
    std::int32_t hi = link.valid_until ? detail::dayOf(link.valid_until) : detail::kOpenEnd;
    a.forEachEdge(from, [&](std::uint32_t u, const detail::EdgeView& e) {
      if (u != to || !e.forward || e.kind != kind || e.ref == existing) return;
      if (e.valid_from < hi && lo < e.valid_until)
        throw Error(errc::duplicate_link, "a " + link.kind + " link between these nodes is already valid then", "kind");
    });
  }

  LinkRec linkRecord(const GraphLink& link) const {
    LinkRec r;
    r.id = link.id;
    r.kind = linkKindIndex(*config, link.kind);
    r.valid_from = detail::dayOf(link.valid_from);
    r.valid_until = link.valid_until ? detail::dayOf(link.valid_until) : detail::kOpenEnd;
    return r;
  }

  void putLinkLocked(const GraphLink& link) {
    std::shared_ptr<const State> s = state.load();
    Access a(*s);
    std::uint32_t existing = a.findLink(link.id);
    if (existing != kNone) {
      const LinkRec& old = a.link(existing);
      if (a.node(old.from).id != link.from || a.node(old.to).id != link.to || old.kind != linkKindIndex(*config, link.kind))
        throw Error(errc::link_immutable, "a link keeps its kind and its ends; end it and record a new one", "kind");
    }
    checkLink(*s, link, existing);
    auto o = std::make_shared<Overlay>(*s->overlay);
    applyLink(*s->base, *o, linkRecord(link), link.from, link.to, ++seq);
    publish(s, std::move(o), nullptr);
  }
};

GraphEngine::GraphEngine(domain::GraphConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
GraphEngine::~GraphEngine() = default;

const domain::GraphConfig& GraphEngine::config() const { return *impl_->config; }

void GraphEngine::load(std::vector<GraphNode> nodes, std::vector<GraphLink> links) {
  const domain::GraphConfig& c = *impl_->config;
  auto byNodeId = [](const GraphNode& a, const GraphNode& b) { return a.id < b.id; };
  if (!std::is_sorted(nodes.begin(), nodes.end(), byNodeId)) std::sort(nodes.begin(), nodes.end(), byNodeId);
  std::shared_ptr<const Dict> empty = std::make_shared<const Dict>();
  std::shared_ptr<Dict> dict;
  detail::BaseInput in;
  in.nodes.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const GraphNode& n = nodes[i];
    std::string where = "nodes[" + std::to_string(i) + "]";
    if (i > 0 && nodes[i - 1].id == n.id) throw Error(errc::duplicate_id, where + ": node id " + std::to_string(n.id) + " repeated", where + ".id");
    try {
      c.checkNode(n);
    } catch (const Error& e) {
      throw prefixed(e, where);
    }
    in.nodes.push_back(recordOf(n, dict, empty));
  }
  // in.nodes is in id order (nodes were sorted above), so the index serves the checks here.
  detail::IdIndex index(in.nodes);
  in.links.reserve(links.size());
  // Same-kind links of one direction whose periods overlap (E4), found by sorting compact keys.
  struct Key {
    std::uint32_t from, to;
    std::uint16_t kind;
    std::int32_t valid_from, valid_until;
    std::uint32_t at;
  };
  std::vector<Key> keys;
  keys.reserve(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) {
    const GraphLink& l = links[i];
    std::uint32_t fv = index.find(l.from), tv = index.find(l.to);
    if (fv == kNone || tv == kNone) {
      std::string where = "links[" + std::to_string(i) + "]";
      const char* end = fv == kNone ? ".from" : ".to";
      throw Error(errc::unknown_node, where + ": no node " + std::to_string(fv == kNone ? l.from : l.to), where + end);
    }
    try {
      c.checkLink(l, in.nodes[fv].kind, in.nodes[tv].kind);
    } catch (const Error& e) {
      throw prefixed(e, "links[" + std::to_string(i) + "]");
    }
    in.links.push_back({impl_->linkRecord(l), l.from, l.to});
    const LinkRec& r = in.links.back().rec;
    keys.push_back({fv, tv, r.kind, r.valid_from, r.valid_until, static_cast<std::uint32_t>(i)});
  }
  auto byId = [&](const detail::BaseInput::Link& x, const detail::BaseInput::Link& y) { return x.rec.id < y.rec.id; };
  if (!std::is_sorted(in.links.begin(), in.links.end(), byId)) {
    std::vector<std::pair<domain::LinkId, std::uint32_t>> ids;
    ids.reserve(in.links.size());
    for (std::size_t i = 0; i < in.links.size(); ++i) ids.emplace_back(in.links[i].rec.id, static_cast<std::uint32_t>(i));
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 1; i < ids.size(); ++i)
      if (ids[i].first == ids[i - 1].first)
        throw Error(errc::duplicate_id, "link id repeated", "links[" + std::to_string(std::max(ids[i].second, ids[i - 1].second)) + "].id");
  } else {
    for (std::size_t i = 1; i < in.links.size(); ++i)
      if (in.links[i].rec.id == in.links[i - 1].rec.id)
        throw Error(errc::duplicate_id, "link id repeated", "links[" + std::to_string(i) + "].id");
  }
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    return std::tie(x.from, x.to, x.kind, x.valid_from, x.at) < std::tie(y.from, y.to, y.kind, y.valid_from, y.at);
  });
  for (std::size_t i = 1; i < keys.size(); ++i) {
    const Key &x = keys[i - 1], &y = keys[i];
    if (x.from == y.from && x.to == y.to && x.kind == y.kind && y.valid_from < x.valid_until) {
      std::string where = "links[" + std::to_string(std::max(x.at, y.at)) + "]";
      throw Error(errc::duplicate_link, where + ": a link of this kind between these nodes is already valid then", where + ".kind");
    }
  }
  std::shared_ptr<const Dict> d = dict ? std::shared_ptr<const Dict>(std::move(dict)) : empty;
  std::shared_ptr<const Base> base = detail::buildBase(std::move(in));
  std::lock_guard<std::mutex> fold_lock(impl_->fold_mutex);
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  auto version = impl_->state.load()->version + 1;
  impl_->state.store(std::make_shared<const State>(State{base, detail::emptyOverlay(*base), d, version}));
}

void GraphEngine::putNode(const GraphNode& node) {
  impl_->config->checkNode(node);
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  std::shared_ptr<const State> s = impl_->state.load();
  Access a(*s);
  std::uint32_t v = a.find(node.id);
  if (v != kNone) {
    const NodeRec& old = a.node(v);
    if (old.removed && old.kind != domain::NodeKind::enterprise) throw Error(errc::node_removed, "node " + std::to_string(node.id) + " was removed", "id");
    if (old.kind != node.kind) throw Error(errc::node_kind_immutable, "a node keeps its kind", "kind");
    if (old.enterprise_id != node.enterprise_id.value_or(0))
      throw Error(errc::node_enterprise_immutable, "an enterprise node keeps its enterprise", "enterprise_id");
  } else if (node.enterprise_id && a.findEnterprise(*node.enterprise_id) != kNone) {
    throw Error(errc::duplicate_enterprise_node, "that enterprise has a node already", "enterprise_id");
  }
  std::shared_ptr<Dict> dict;
  NodeRec rec = recordOf(node, dict, s->dict);
  auto o = std::make_shared<Overlay>(*s->overlay);
  applyNode(*s->base, *o, rec, ++impl_->seq);
  impl_->publish(s, std::move(o), std::move(dict));
}

void GraphEngine::removeNode(domain::NodeId id) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  std::shared_ptr<const State> s = impl_->state.load();
  Access a(*s);
  std::uint32_t v = a.find(id);
  if (v == kNone || a.node(v).removed) throw nodeNotFound();
  NodeRec rec = a.node(v);
  rec.removed = true;
  auto o = std::make_shared<Overlay>(*s->overlay);
  applyNode(*s->base, *o, rec, ++impl_->seq);
  impl_->publish(s, std::move(o), nullptr);
}

void GraphEngine::putLink(const GraphLink& link) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  impl_->putLinkLocked(link);
}

void GraphEngine::endLink(domain::LinkId id, const Date& on) {
  std::lock_guard<std::mutex> lock(impl_->write_mutex);
  std::shared_ptr<const State> s = impl_->state.load();
  Access a(*s);
  std::uint32_t ref = a.findLink(id);
  if (ref == kNone) throw linkNotFound();
  const LinkRec& r = a.link(ref);
  if (r.valid_until != detail::kOpenEnd) throw Error(errc::link_ended, "the link has ended already", "valid_until");
  GraphLink l;
  l.id = r.id;
  l.kind = impl_->config->link_kinds[r.kind].code;
  l.from = a.node(r.from).id;
  l.to = a.node(r.to).id;
  l.valid_from = Date::fromDays(r.valid_from);
  l.valid_until = on;
  impl_->putLinkLocked(l);
}

GraphView GraphEngine::view(const Date& as_of, Visibility visibility) const {
  return GraphView(std::make_shared<GraphView::Impl>(impl_->state.load(), impl_->config, as_of, std::move(visibility)));
}

void GraphEngine::fold() { impl_->foldNow(); }

GraphEngine::Stats GraphEngine::stats() const {
  std::shared_ptr<const State> s = impl_->state.load();
  Access a(*s);
  Stats st;
  for (std::uint32_t v = 0; v < a.vertexCount(); ++v) st.nodes += a.node(v).removed ? 0 : 1;
  std::int64_t replaced = 0;
  for (const auto& l : s->overlay->links) replaced += s->base->findLink(l.rec.id) != kNone ? 1 : 0;
  st.links = static_cast<std::int64_t>(s->base->links.size() + s->overlay->links.size()) - replaced;
  st.overlay_changes = s->overlay->changes;
  st.version = s->version;
  st.folds = impl_->folds.load();
  std::lock_guard<std::mutex> lock(impl_->signal_mutex);
  st.last_fold_error = impl_->last_fold_error;
  return st;
}

}  // namespace trellis::graph
