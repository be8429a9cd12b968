#include "trellis/domain/graph_node.h"

namespace trellis::domain {

const char* nodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::enterprise: return "enterprise";
    case NodeKind::platform: return "platform";
    case NodeKind::talent_team: return "talent_team";
    case NodeKind::project: return "project";
    case NodeKind::institution: return "institution";
  }
  return "platform";
}

std::optional<NodeKind> parseNodeKind(std::string_view name) {
  for (int i = 0; i < kNodeKindCount; ++i) {
    auto k = static_cast<NodeKind>(i);
    if (name == nodeKindName(k)) return k;
  }
  return std::nullopt;
}

}  // namespace trellis::domain
