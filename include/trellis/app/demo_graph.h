// Innovation-graph demo data on top of the demo enterprises (issue 10): the seed's own platforms
// and institutions (许昌学院, 中科院合肥物质科学研究院许昌智能制造研究所, 中科院微电子所—许昌市人工智能联合实验室,
// 北京邮电大学国家网络交换重点实验室许昌基地, 河南北理阻燃科技研究院, 中德(许昌)产业园, 期图创新科技(许昌)有限公司,
// 黄河鲲鹏创新中心 and their parent institutions) plus generated platforms, talent teams and
// projects in every county-level region, linked to the demo enterprises. Written through the
// graph service (validated against config/graph.json, each change audited as the system user).
// Deterministic by seed.
#pragma once
#include <cstdint>
#include <string>

#include "trellis/app/runtime.h"

namespace trellis::app {

struct DemoGraphFigures {
  int nodes = 0;
  int links = 0;
  std::string summary() const;
};

// Precondition: the demo enterprises are loaded and the graph holds no other node yet.
DemoGraphFigures loadDemoGraph(Runtime& runtime, std::uint64_t seed, int max_enterprises = 400);

}  // namespace trellis::app
