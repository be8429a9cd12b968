// Small fixed graphs with hand-computed answers for the [graph] tests.
//
// G1 (dates are when links start; L108 ended 2022-01-01):
//   E1 魏都区 electrical ─L100 hosts(2020-05-01)──▶ P10 工程技术研究中心 省级 魏都区 (approved 2020-05-01)
//   E2 魏都区 electrical ─L101 member_of(2021-01-01)▶ P10
//   E2 ─L102 member_of(2021-06-01)▶ P11 重点实验室 国家级 禹州市 (approved 2021-03-01)
//   E3 禹州市 electrical ─L103 hosts(2021-03-01)──▶ P11
//   E3 ─L104 partners_with(2019-01-01)▶ I20 许昌学院 (高校, city)
//   T30 许昌英才计划 2021 魏都区 ─L105 based_at(2021-01-01)▶ E1
//   E3 ─L106 undertakes(2022-01-01)▶ J40 省十百千·百 禹州市 (starts 2022-01-01)
//   E1 ─L107 partners_with(2020-01-01)▶ E2
//   E4 长葛市 materials ─L108 member_of(2019-01-01, until 2022-01-01)▶ P11
//   E5 魏都区 electrical: no link
#pragma once
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/graph_config.h"
#include "trellis/domain/graph_node.h"
#include "trellis/graph/betweenness_job.h"
#include "trellis/graph/graph_engine.h"
#include "trellis/io/graph_config.h"

namespace trellis::graph::test {

using domain::GraphLink;
using domain::GraphNode;
using domain::NodeKind;

inline domain::GraphConfig realConfig() { return io::loadGraphConfig(std::string(TRELLIS_SOURCE_DIR) + "/config/graph.json"); }

inline Date day(const char* iso) { return *Date::parse(iso); }

inline GraphNode enterprise(domain::NodeId id, const char* region, const char* industry) {
  GraphNode n;
  n.id = id;
  n.kind = NodeKind::enterprise;
  n.name = "企业" + std::to_string(id);
  n.region_code = region;
  n.industry = industry;
  n.enterprise_id = id;
  return n;
}

inline GraphNode platform(domain::NodeId id, const char* name, const char* sub_kind, const char* level, const char* region,
                          const char* approved) {
  GraphNode n;
  n.id = id;
  n.kind = NodeKind::platform;
  n.name = name;
  n.sub_kind = sub_kind;
  n.level = level;
  n.region_code = region;
  n.status = "已认定";
  n.approved_on = day(approved);
  return n;
}

inline GraphLink link(domain::LinkId id, const char* kind, domain::NodeId from, domain::NodeId to, const char* since,
                      const char* until = nullptr) {
  GraphLink l;
  l.id = id;
  l.kind = kind;
  l.from = from;
  l.to = to;
  l.valid_from = day(since);
  if (until) l.valid_until = day(until);
  l.recorded_by = "test";
  return l;
}

inline std::vector<GraphNode> g1Nodes() {
  std::vector<GraphNode> nodes{enterprise(1, "411002", "electrical"), enterprise(2, "411002", "electrical"),
                               enterprise(3, "411081", "electrical"), enterprise(4, "411082", "materials"),
                               enterprise(5, "411002", "electrical")};
  nodes.push_back(platform(10, "许昌电气工程技术研究中心", "工程技术研究中心", "省级", "411002", "2020-05-01"));
  nodes.push_back(platform(11, "禹州重点实验室", "重点实验室", "国家级", "411081", "2021-03-01"));
  GraphNode i20;
  i20.id = 20;
  i20.kind = NodeKind::institution;
  i20.name = "许昌学院";
  i20.sub_kind = "高校";
  i20.region_code = "411000";
  i20.country = "CN";
  nodes.push_back(i20);
  GraphNode t30;
  t30.id = 30;
  t30.kind = NodeKind::talent_team;
  t30.name = "智能电网创新团队";
  t30.programme = "许昌英才计划";
  t30.status = "认定";
  t30.year_recognised = 2021;
  t30.region_code = "411002";
  nodes.push_back(t30);
  GraphNode j40;
  j40.id = 40;
  j40.kind = NodeKind::project;
  j40.name = "硅碳负极材料示范专项";
  j40.programme = "省十百千";
  j40.tier = "百";
  j40.status = "立项";
  j40.budget_yuan = 5000000;
  j40.starts_on = day("2022-01-01");
  j40.region_code = "411081";
  nodes.push_back(j40);
  return nodes;
}

inline std::vector<GraphLink> g1Links() {
  return {link(100, "hosts", 1, 10, "2020-05-01"),        link(101, "member_of", 2, 10, "2021-01-01"),
          link(102, "member_of", 2, 11, "2021-06-01"),    link(103, "hosts", 3, 11, "2021-03-01"),
          link(104, "partners_with", 3, 20, "2019-01-01"), link(105, "based_at", 30, 1, "2021-01-01"),
          link(106, "undertakes", 3, 40, "2022-01-01"),   link(107, "partners_with", 1, 2, "2020-01-01"),
          link(108, "member_of", 4, 11, "2019-01-01", "2022-01-01")};
}

inline void loadG1(GraphEngine& engine) { engine.load(g1Nodes(), g1Links()); }

inline std::vector<domain::NodeId> idsOf(const std::vector<NodeSummary>& nodes) {
  std::vector<domain::NodeId> out;
  for (const auto& n : nodes) out.push_back(n.id);
  return out;
}

}  // namespace trellis::graph::test
