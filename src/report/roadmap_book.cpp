#include "trellis/report/roadmap_book.h"

#include <algorithm>
#include <cstdio>

namespace trellis::report {
namespace {

std::string stageName(const rules::Ladder& ladder, const std::string& id) {
  if (id.empty()) return "";
  const auto* s = ladder.findStage(id);
  return s ? s->name_zh : id;
}

std::string month(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", d.year(), d.month());
  return buf;
}

}  // namespace

std::vector<domain::Table> roadmapBookTables(std::vector<BookMember> members, const RegionList& regions,
                                             const rules::Ladder& ladder, Date as_of) {
  using domain::CellType;
  std::sort(members.begin(), members.end(),
            [](const BookMember& a, const BookMember& b) { return a.enterprise.uscc < b.enterprise.uscc; });
  std::vector<domain::Table> out;
  for (const auto& code : regions.regions) {
    domain::Table t;
    t.name = regions.nameOf(code);
    t.columns = {{"uscc", "统一社会信用代码", CellType::text}, {"name", "企业名称", CellType::text},
                 {"rung", "当前梯队", CellType::text},        {"target", "目标梯队", CellType::text},
                 {"tier", "层级", CellType::text},            {"entered_on", "入库日期", CellType::date},
                 {"month", "月份", CellType::text},           {"due_on", "节点日期", CellType::date},
                 {"milestone", "节点", CellType::text},       {"gap", "差距", CellType::text},
                 {"status", "状态", CellType::text}};
    for (auto& m : members) {
      if (m.enterprise.region_code != code) continue;
      std::sort(m.milestones.begin(), m.milestones.end(),
                [](const domain::Milestone& a, const domain::Milestone& b) { return a.due_on < b.due_on; });
      domain::Row head = {m.enterprise.uscc, m.enterprise.name, stageName(ladder, m.rung),
                          stageName(ladder, m.member.target_stage), m.member.tier == "key" ? "重点" : "中长期",
                          m.member.entered_on};
      if (m.milestones.empty()) {
        auto row = head;
        for (int i = 0; i < 5; ++i) row.emplace_back(std::monostate{});
        t.rows.push_back(row);
      }
      for (const auto& k : m.milestones) {
        auto row = head;
        // The status on the date: done only when done by then; planned and due before it: overdue.
        std::string status = k.status;
        if (status == "done" && k.done_on && *k.done_on > as_of) status = "planned";
        if (status == "planned" && k.due_on < as_of) status = "overdue";
        row.emplace_back(month(k.due_on));
        row.emplace_back(k.due_on);
        row.emplace_back(k.title);
        row.emplace_back(k.gap_text);
        row.emplace_back(status);
        t.rows.push_back(row);
      }
    }
    if (!t.rows.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace trellis::report
