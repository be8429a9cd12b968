#include "trellis/graph/synthetic_graph.h"

#include <functional>
#include <string>
#include <unordered_set>

namespace trellis::graph {

using domain::GraphLink;
using domain::GraphNode;
using domain::NodeKind;

SyntheticLayout::SyntheticLayout(std::uint32_t count)
    : n(count), ent_end(count / 10 * 8), plat_end(ent_end + count / 10), team_end(plat_end + count / 30),
      proj_end(team_end + count / 20) {}

SyntheticLayout::SyntheticLayout(std::uint32_t count, std::uint32_t enterprises)
    : n(count), ent_end(enterprises), plat_end(ent_end + (count - enterprises) / 2),
      team_end(plat_end + (count - enterprises) / 6), proj_end(team_end + (count - enterprises) / 4) {}

NodeKind SyntheticLayout::kindOf(std::uint32_t id) const {
  if (id <= ent_end) return NodeKind::enterprise;
  if (id <= plat_end) return NodeKind::platform;
  if (id <= team_end) return NodeKind::talent_team;
  if (id <= proj_end) return NodeKind::project;
  return NodeKind::institution;
}

namespace {

const char* kRegions[] = {"411002", "411003", "411023", "411024", "411025", "411081", "411082", "411000-SFQ", "411000-KFQ", "411000"};
const char* kIndustries[] = {"power_equipment", "intelligent_manufacturing", "silicon_carbon", "flame_retardant", "hair_products", "energy_saving", "recycled_metal", "it_kunpeng"};

}  // namespace

std::vector<GraphNode> makeSyntheticNodes(const SyntheticLayout& lay, const domain::GraphConfig& c, std::mt19937_64& rng) {
  const auto& pk = c.nodeKind(NodeKind::platform);
  const auto& ik = c.nodeKind(NodeKind::institution);
  std::vector<GraphNode> nodes(lay.n);
  for (std::uint32_t id = 1; id <= lay.n; ++id) {
    GraphNode& n = nodes[id - 1];
    n.id = id;
    n.kind = lay.kindOf(id);
    n.name = std::to_string(id);
    n.name.insert(0, 1, 'N');  // not "N" + …: g++ 12 -O3 -Wrestrict false positive
    n.region_code = kRegions[rng() % 10];
    switch (n.kind) {
      case NodeKind::enterprise:
        n.enterprise_id = id;
        n.industry = kIndustries[rng() % 8];
        break;
      case NodeKind::platform:
        n.sub_kind = pk.sub_kinds[rng() % pk.sub_kinds.size()];
        n.level = pk.levels[rng() % pk.levels.size()];
        n.status = "已认定";
        n.approved_on = Date(2012 + static_cast<int>(rng() % 13), 1 + static_cast<int>(rng() % 12), 1);
        break;
      case NodeKind::talent_team:
        n.programme = "许昌英才计划";
        n.status = "认定";
        n.year_recognised = 2015 + static_cast<int>(rng() % 10);
        break;
      case NodeKind::project:
        n.programme = "省十百千";
        n.tier = (rng() % 3 == 0) ? "十" : (rng() % 2 ? "百" : "千");
        n.status = "实施";
        n.starts_on = Date(2016 + static_cast<int>(rng() % 9), 3, 1);
        break;
      case NodeKind::institution:
        n.sub_kind = ik.sub_kinds[rng() % ik.sub_kinds.size()];
        break;
    }
  }
  return nodes;
}

std::vector<GraphLink> makeSyntheticLinks(const SyntheticLayout& lay, std::uint32_t count, std::mt19937_64& rng) {
  auto uniform = [&](std::uint32_t lo, std::uint32_t hi) { return lo + static_cast<std::uint32_t>(rng() % (hi - lo + 1)); };
  auto skewed = [&](std::uint32_t lo, std::uint32_t hi) {
    double u = static_cast<double>(rng() >> 11) / 9007199254740992.0;
    return lo + static_cast<std::uint32_t>(u * u * (hi - lo + 1));
  };
  struct Mix {
    int weight;
    const char* kinds[3];
  };
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(count * 2);
  std::vector<GraphLink> links;
  links.reserve(count);
  const Date start(2015, 1, 1);
  while (links.size() < count) {
    int r = static_cast<int>(rng() % 100);
    GraphLink l;
    if (r < 40) {
      const char* k[] = {"member_of", "hosts", "incubated_by", "co_builds"};
      l.kind = k[rng() % 4];
      l.from = uniform(1, lay.ent_end);
      l.to = skewed(lay.ent_end + 1, lay.plat_end);
    } else if (r < 55) {
      l.kind = rng() % 2 ? "undertakes" : "leads";
      l.from = uniform(1, lay.ent_end);
      l.to = skewed(lay.team_end + 1, lay.proj_end);
    } else if (r < 65) {
      l.kind = "based_at";
      l.from = uniform(lay.plat_end + 1, lay.team_end);
      l.to = uniform(1, lay.ent_end);
    } else if (r < 80) {
      l.kind = rng() % 2 ? "partners_with" : "cooperates_with";
      l.from = uniform(1, lay.ent_end);
      l.to = skewed(lay.proj_end + 1, lay.n);
    } else if (r < 95) {
      const char* k[] = {"partners_with", "cooperates_with", "transfers_to"};
      l.kind = k[rng() % 3];
      l.from = uniform(1, lay.ent_end);
      l.to = uniform(1, lay.ent_end);
      if (l.from == l.to) continue;
    } else {
      const char* k[] = {"hosts", "co_builds", "member_of"};
      l.kind = k[rng() % 3];
      l.from = uniform(lay.proj_end + 1, lay.n);
      l.to = skewed(lay.ent_end + 1, lay.plat_end);
    }
    std::uint64_t key = (static_cast<std::uint64_t>(l.from) << 40) ^ (static_cast<std::uint64_t>(l.to) << 8) ^
                        std::hash<std::string>{}(l.kind) % 251;
    if (!seen.insert(key).second) continue;
    l.id = static_cast<domain::LinkId>(links.size() + 1);
    l.valid_from = start.addDays(static_cast<std::int64_t>(rng() % 3650));
    if (rng() % 10 == 0) l.valid_until = l.valid_from.addDays(30 + static_cast<std::int64_t>(rng() % 1500));
    l.recorded_by = "bench";
    links.push_back(std::move(l));
  }
  return links;
}

}  // namespace trellis::graph
