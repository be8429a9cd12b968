// The innovation graph engine (issue 10): an immutable Boost.Graph snapshot of every node and
// link, plus a small overlay of the changes made since it was built, published together behind
// one atomic shared pointer.
//
// Design note (tests cite these labels):
//   E1 readers never wait  view() loads the current state with one atomic load; a view keeps its
//                          state alive for as long as it is used, whatever writers do meanwhile.
//   E2 read-your-writes    putNode / removeNode / putLink / endLink publish a new state before
//                          they return: every view made afterwards sees the change. Writers are
//                          serialised among themselves only (one small mutex), never with readers.
//   E3 overlay + fold      a change copies the overlay (bounded by overlay_fold_threshold), not
//                          the base. Past the threshold a background thread builds a new base
//                          from base + overlay while readers and writers go on; changes made
//                          during the fold stay in the new overlay. fold() does it synchronously.
//   E4 validated           the engine refuses (Error invalid, nothing changed) a link whose kind
//                          config does not allow between its nodes' kinds, a link to an unknown or
//                          removed node, a second link of the same kind between the same pair and
//                          direction valid at the same time (code "duplicate_link"), and a node
//                          that GraphConfig::checkNode refuses.
//   E5 enterprises follow the register  an enterprise node's region, industry and name are the
//                          enterprise's; putNode with archived set hides the node like a removed
//                          one (no view shows it or routes through it; its links are kept, and a
//                          link to it is accepted, hidden with it) and a later putNode without it
//                          shows it again, links and all.
// The engine holds no database handle: the repository loads the facts (load()) and the service
// forwards every committed change (put*/end*), after its transaction commits.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/graph_config.h"
#include "trellis/domain/graph_node.h"
#include "trellis/graph/graph_view.h"
#include "trellis/graph/visibility.h"

namespace trellis::graph {

class GraphEngine {
 public:
  explicit GraphEngine(domain::GraphConfig config);
  ~GraphEngine();  // stops and joins the background fold
  GraphEngine(const GraphEngine&) = delete;
  GraphEngine& operator=(const GraphEngine&) = delete;

  // Replaces everything (start-up). Throws Error invalid (field names the offending element,
  // e.g. "links[3].kind") under E4, or on a repeated node or link id; nothing changes then.
  void load(std::vector<domain::GraphNode> nodes, std::vector<domain::GraphLink> links);

  // E2. putNode adds or replaces a node (a node's kind never changes: invalid "kind"); E5.
  void putNode(const domain::GraphNode& node);
  // The node disappears from every later view, with its links. not_found when unknown.
  void removeNode(domain::NodeId id);
  // Adds a link or replaces the one with the same id (its ends and kind must stay the same).
  void putLink(const domain::GraphLink& link);
  // Sets valid_until = on. not_found when unknown; invalid "valid_until" when not after
  // valid_from; failed_precondition "link_ended" when it has ended already.
  void endLink(domain::LinkId id, const Date& on);

  // E1. A view of the current state.
  GraphView view(const Date& as_of, Visibility visibility) const;

  // E3. Folds the overlay into a new base now; returns when the new state is published.
  void fold();

  struct Stats {
    std::int64_t nodes = 0;               // live nodes, overlay included
    std::int64_t links = 0;               // links of any date, overlay included
    std::int64_t overlay_changes = 0;     // changes not yet folded
    std::uint64_t version = 0;            // changes published since construction
    std::int64_t folds = 0;               // bases built by fold(), background or not
    std::string last_fold_error;          // empty unless a background fold failed (then the
                                          // overlay keeps growing and the next fold retries)
  };
  Stats stats() const;
  const domain::GraphConfig& config() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trellis::graph
