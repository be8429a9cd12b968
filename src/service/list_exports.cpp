#include "trellis/service/list_exports.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/domain/audit_actions.h"
#include "trellis/domain/pool.h"
#include "trellis/io/audit_json.h"
#include "trellis/io/graph_json.h"

namespace trellis::service {
namespace {

using domain::CellType;
using domain::Row;

domain::Cell orEmpty(const std::optional<Date>& d) { return d ? domain::Cell(*d) : domain::Cell(std::monostate{}); }
domain::Cell orEmpty(const std::optional<int>& n) {
  return n ? domain::Cell(static_cast<std::int64_t>(*n)) : domain::Cell(std::monostate{});
}

std::string labelOf(const domain::LabeledCode* c, const std::string& code) { return c ? c->name : code; }

const char* problemStatusZh(domain::ProblemStatus s) {
  switch (s) {
    case domain::ProblemStatus::open:
      return "待办理";
    case domain::ProblemStatus::in_progress:
      return "办理中";
    case domain::ProblemStatus::resolved:
      return "已解决";
    case domain::ProblemStatus::closed:
      return "已办结";
    case domain::ProblemStatus::escalated:
      return "已上报";
  }
  return "";
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// Every page of a cursor-paged list, from the first, in pages of the largest size a list takes:
// each item goes to each, in the list's order.
template <class Query, class Fetch, class Each>
void forEveryPage(Query& q, int page_size, Fetch fetch, Each each) {
  q.limit = page_size;
  q.cursor.clear();
  for (;;) {
    auto page = fetch(q);
    for (const auto& item : page.items) each(item);
    if (page.next_cursor.empty()) return;
    q.cursor = page.next_cursor;
  }
}

}  // namespace

void ListExports::count(std::int64_t& written, const char* what) const {
  ctx_.countExportRow(written, std::string("narrow the filters of the ") + what);
}

void ListExports::recordExport(const Caller& caller, const std::string& kind, const std::string& region,
                               std::int64_t rows, const nlohmann::json& filters) const {
  nlohmann::json changes = {{"rows", rows}};
  nlohmann::json used = nlohmann::json::object();
  for (const auto& [key, value] : filters.items())  // the filters given, not every empty default
    if (!(value.is_string() && value.get<std::string>().empty()) && !(value.is_boolean() && !value.get<bool>()))
      used[key] = value;
  changes["filters"] = used;
  ctx_.db.write([&](store::Connection& c) {
    ctx_.audit.record(c, caller, "list.export", {"list", kind, region.empty() ? caller.region_scope : region},
                      changes.dump());
  });
}

std::int64_t ListExports::enterprises(const Caller& caller, ListQuery q, domain::TableSink& sink) {
  // The whole list, every page: limit, cursor and total are not taken.
  q.limit.reset();
  q.cursor.clear();
  q.want_total = false;
  std::int64_t written = s_.enterprises.exportList(caller, q, sink);
  recordExport(caller, "enterprises", q.region, written,
               {{"region", q.region}, {"industry", q.industry}, {"tag", q.tag}, {"q", q.q}, {"rung", q.rung},
                {"pool", q.pool}, {"include_archived", q.include_archived}});
  return written;
}

// Page after page of the service's own member list (scope as there).
std::int64_t ListExports::poolMembers(const Caller& caller, const std::string& pool, MemberQuery q,
                                      domain::TableSink& sink) {
  const domain::PoolDef* def = domain::findPool(pool);
  sink.beginSheet("后备库成员", {{"uscc", "统一社会信用代码", CellType::text},
                                 {"enterprise_name", "企业名称", CellType::text},
                                 {"pool", "后备库", CellType::text},
                                 {"tier", "层级", CellType::text},
                                 {"target_stage", "目标梯度", CellType::text},
                                 {"target_year", "目标年度", CellType::integer},
                                 {"region", "责任县区", CellType::text},
                                 {"entered_on", "入库日期", CellType::date},
                                 {"exited_on", "出库日期", CellType::date},
                                 {"exit_reason", "出库原因", CellType::text},
                                 {"note", "备注", CellType::text}});
  std::int64_t written = 0;
  forEveryPage(
      q, ctx_.max_page_size, [&](const MemberQuery& page) { return s_.pools.members(caller, pool, page); },
      [&](const MemberView& v) {
        const domain::PoolMember& m = v.member;
        count(written, "rows");
        const domain::Region* region = s_.catalog.findRegion(m.region_code);
        const auto* stage = s_.ladder.ladder().findStage(m.target_stage);
        Row row;
        row.emplace_back(m.uscc);
        row.emplace_back(m.enterprise_name);
        row.emplace_back(std::string(def ? def->name_zh : m.pool.c_str()));
        row.emplace_back(std::string(m.tier == "key" ? "重点" : "中长期"));
        row.emplace_back(stage ? stage->name_zh : m.target_stage);
        row.emplace_back(static_cast<std::int64_t>(m.target_year));
        row.emplace_back(region ? region->name : m.region_code);
        row.emplace_back(m.entered_on);
        row.push_back(orEmpty(m.exited_on));
        row.emplace_back(m.exit_reason);
        row.emplace_back(m.note);
        sink.row(row);
      });
  recordExport(caller, "pool_members", q.region, written,
               {{"pool", pool}, {"region", q.region}, {"tier", q.tier}, {"include_exited", q.include_exited}});
  return written;
}

std::int64_t ListExports::milestones(const Caller& caller, const std::string& pool, DueQuery q,
                                     domain::TableSink& sink) {
  const domain::PoolDef* def = domain::findPool(pool);
  sink.beginSheet("到期节点", {{"uscc", "统一社会信用代码", CellType::text},
                               {"enterprise_name", "企业名称", CellType::text},
                               {"region", "责任县区", CellType::text},
                               {"pool", "后备库", CellType::text},
                               {"target_stage", "目标梯度", CellType::text},
                               {"target_year", "目标年度", CellType::integer},
                               {"title", "节点", CellType::text},
                               {"due_on", "到期日期", CellType::date},
                               {"status", "状态", CellType::text},
                               {"gap", "差距说明", CellType::text}});
  std::int64_t written = 0;
  Date due_before;
  forEveryPage(
      q, ctx_.max_page_size,
      [&](const DueQuery& page) {
        auto due = s_.pools.dueMilestones(caller, pool, page);
        due_before = due.due_before;
        return due;
      },
      [&](const DueItem& item) {
        const domain::PoolMember& m = item.member;
        const domain::Milestone& ms = item.milestone;
        count(written, "milestones");
        const domain::Region* region = s_.catalog.findRegion(m.region_code);
        const auto* stage = s_.ladder.ladder().findStage(m.target_stage);
        Row row;
        row.emplace_back(m.uscc);
        row.emplace_back(m.enterprise_name);
        row.emplace_back(region ? region->name : m.region_code);
        row.emplace_back(std::string(def ? def->name_zh : m.pool.c_str()));
        row.emplace_back(stage ? stage->name_zh : m.target_stage);
        row.emplace_back(static_cast<std::int64_t>(m.target_year));
        row.emplace_back(ms.title);
        row.emplace_back(ms.due_on);
        row.emplace_back(std::string(ms.overdue ? "已逾期" : "计划中"));
        row.emplace_back(ms.gap_text);
        sink.row(row);
      });
  recordExport(caller, "milestones", q.region, written,
               {{"pool", pool}, {"region", q.region}, {"due_before", due_before.toString()}});
  return written;
}

std::int64_t ListExports::problems(const Caller& caller, ProblemQuery q, domain::TableSink& sink) {
  sink.beginSheet("问题台账", {{"id", "编号", CellType::integer},
                               {"uscc", "统一社会信用代码", CellType::text},
                               {"enterprise_name", "企业名称", CellType::text},
                               {"region", "所属县区", CellType::text},
                               {"category", "问题类别", CellType::text},
                               {"description", "问题描述", CellType::text},
                               {"owner_unit", "责任单位", CellType::text},
                               {"raised_on", "提出日期", CellType::date},
                               {"deadline", "办理时限", CellType::date},
                               {"status", "状态", CellType::text},
                               {"overdue", "是否超期", CellType::text},
                               {"days_past_deadline", "超期天数", CellType::integer},
                               {"resolution", "办理结果", CellType::text},
                               {"closed_on", "办结日期", CellType::date},
                               {"satisfaction", "满意度", CellType::integer}});
  std::int64_t written = 0;
  forEveryPage(
      q, ctx_.max_page_size, [&](const ProblemQuery& page) { return s_.problems.list(caller, page); },
      [&](const domain::ProblemItem& item) {
        count(written, "problems");
        const domain::Problem& p = item.problem;
        const domain::Region* region = s_.catalog.findRegion(item.region_code);
        const domain::ProblemCategory* category = s_.liaison_config.findCategory(p.category);
        Row row;
        row.emplace_back(p.id);
        row.emplace_back(item.uscc);
        row.emplace_back(item.enterprise_name);
        row.emplace_back(region ? region->name : item.region_code);
        row.emplace_back(category ? category->name : p.category);
        row.emplace_back(p.description);
        row.emplace_back(labelOf(s_.liaison_config.findOwnerUnit(p.owner_unit), p.owner_unit));
        row.emplace_back(p.raised_on);
        row.emplace_back(p.deadline);
        row.emplace_back(std::string(problemStatusZh(p.status)));
        row.emplace_back(std::string(item.overdue ? "超期" : ""));
        if (item.days_past_deadline > 0)
          row.emplace_back(item.days_past_deadline);
        else
          row.emplace_back(std::monostate{});
        row.emplace_back(p.resolution);
        row.push_back(orEmpty(p.closed_on));
        if (p.satisfaction)
          row.emplace_back(static_cast<std::int64_t>(*p.satisfaction));
        else
          row.emplace_back(std::monostate{});
        sink.row(row);
      });
  recordExport(caller, "problems", q.region, written,
               {{"status", q.status}, {"category", q.category}, {"owner_unit", q.owner_unit}, {"region", q.region},
                {"enterprise", q.uscc}, {"overdue", q.overdue}});
  return written;
}

std::int64_t ListExports::contacts(const Caller& caller, ContactLogQuery q, domain::TableSink& sink) {
  sink.beginSheet("走访台账", {{"id", "编号", CellType::integer},
                               {"contact_date", "走访日期", CellType::date},
                               {"uscc", "统一社会信用代码", CellType::text},
                               {"enterprise_name", "企业名称", CellType::text},
                               {"region", "所属县区", CellType::text},
                               {"officer", "联络员", CellType::text},
                               {"mode", "联系方式", CellType::text},
                               {"met_with", "企业接待人", CellType::text},
                               {"attendees", "走访人员", CellType::text},
                               {"summary", "走访情况", CellType::text},
                               {"policies_explained", "宣讲政策", CellType::text},
                               {"flag", "企业状况", CellType::text},
                               {"next_contact_due", "下次联系日期", CellType::date}});
  std::int64_t written = 0;
  forEveryPage(
      q, ctx_.max_page_size, [&](const ContactLogQuery& page) { return s_.liaison.contactLog(caller, page); },
      [&](const domain::ContactLogItem& item) {
        count(written, "contacts");
        const domain::Contact& k = item.contact;
        const domain::Region* region = s_.catalog.findRegion(item.region_code);
        Row row;
        row.emplace_back(k.id);
        row.emplace_back(k.contact_date);
        row.emplace_back(item.uscc);
        row.emplace_back(item.enterprise_name);
        row.emplace_back(region ? region->name : item.region_code);
        row.emplace_back(item.officer_name);
        row.emplace_back(labelOf(s_.liaison_config.findContactMode(k.mode), k.mode));
        row.emplace_back(k.met_with);
        row.emplace_back(k.attendees);
        row.emplace_back(k.summary);
        row.emplace_back(joined(k.policies_explained, "；"));
        row.emplace_back(labelOf(s_.liaison_config.findFlag(k.flag), k.flag));
        row.push_back(orEmpty(k.next_contact_due));
        sink.row(row);
      });
  recordExport(caller, "contacts", q.region, written,
               {{"region", q.region},
                {"from", q.from ? q.from->toString() : std::string()},
                {"to", q.to ? q.to->toString() : std::string()}});
  return written;
}

std::int64_t ListExports::graphNodes(const Caller& caller, GraphNodeQuery q, domain::TableSink& sink) {
  // One sheet for every kind: the kinds' own fields side by side, empty where a
  // kind has none.
  sink.beginSheet("创新资源", {{"id", "编号", CellType::integer},
                               {"kind", "类型", CellType::text},
                               {"name", "名称", CellType::text},
                               {"uscc", "统一社会信用代码", CellType::text},
                               {"region", "责任县区", CellType::text},
                               {"sub_kind", "类别", CellType::text},
                               {"level", "级别", CellType::text},
                               {"build_mode", "建设模式", CellType::text},
                               {"programme", "计划/项目类别", CellType::text},
                               {"tier", "层次", CellType::text},
                               {"status", "状态", CellType::text},
                               {"approved_on", "认定/备案日期", CellType::date},
                               {"approving_body", "认定单位", CellType::text},
                               {"leader", "带头人", CellType::text},
                               {"field", "领域", CellType::text},
                               {"year_recognised", "认定年度", CellType::integer},
                               {"budget_yuan", "经费（元）", CellType::integer},
                               {"starts_on", "开始日期", CellType::date},
                               {"ends_on", "结束日期", CellType::date},
                               {"ended_on", "撤销/结项日期", CellType::date},
                               {"country", "国家/地区", CellType::text},
                               {"industry", "产业链", CellType::text}});
  const auto& config = s_.graph.config();
  std::int64_t written = 0;
  forEveryPage(
      q, ctx_.max_page_size, [&](const GraphNodeQuery& page) { return s_.graph.nodes(caller, page); },
      [&](const GraphNodeView& v) {
        count(written, "nodes");
        domain::GraphNode n = v.row.node;
        if (n.kind != domain::NodeKind::enterprise) io::graphNodeFieldsFromText(v.row.fields_json, n);
        const domain::NodeKindDef& kind = config.nodeKind(n.kind);
        const domain::Region* region = s_.catalog.findRegion(n.region_code);
        const domain::Industry* industry = n.industry.empty() ? nullptr : s_.catalog.findIndustry(n.industry);
        const bool projects = n.kind == domain::NodeKind::project;
        Row row;
        row.emplace_back(n.id);
        row.emplace_back(kind.name_zh);
        row.emplace_back(n.name);
        row.emplace_back(v.row.uscc);
        row.emplace_back(region ? region->name : n.region_code);
        row.emplace_back(n.sub_kind);
        row.emplace_back(n.level);
        row.emplace_back(n.build_mode);
        row.emplace_back(n.programme);
        row.emplace_back(n.tier);
        row.emplace_back(n.status);
        row.push_back(orEmpty(n.approved_on));
        row.emplace_back(n.approving_body);
        row.emplace_back(n.leader);
        row.emplace_back(n.field);
        row.push_back(orEmpty(n.year_recognised));
        if (projects)
          row.emplace_back(n.budget_yuan);
        else
          row.emplace_back(std::monostate{});
        row.push_back(orEmpty(n.starts_on));
        row.push_back(orEmpty(n.ends_on));
        row.push_back(orEmpty(n.ended_on));
        row.emplace_back(n.country);
        row.emplace_back(industry ? industry->name : n.industry);
        sink.row(row);
      });
  recordExport(caller, "graph_nodes", q.region, written,
               {{"kind", q.kind}, {"region", q.region}, {"q", q.q}, {"as_of", q.as_of ? q.as_of->toString() : std::string()}});
  return written;
}

std::int64_t ListExports::audit(const Caller& caller, store::AuditFilter f, domain::TableSink& sink) {
  f.limit = 500;
  f.after_seq = 0;
  sink.beginSheet("审计日志", {{"seq", "序号", CellType::integer},
                               {"ts", "时间（UTC）", CellType::text},
                               {"actor", "操作人账号", CellType::text},
                               {"actor_role", "角色", CellType::text},
                               {"action", "操作", CellType::text},
                               {"action_key", "操作代码", CellType::text},
                               {"object_type", "对象类型", CellType::text},
                               {"object_id", "对象", CellType::text},
                               {"object_region", "对象县区", CellType::text},
                               {"outcome", "结果", CellType::text},
                               {"reason", "原因", CellType::text},
                               {"changes", "变更内容", CellType::text},
                               {"client_address", "来源地址", CellType::text},
                               {"row_hash", "记录哈希", CellType::text}});
  std::int64_t written = 0;
  for (;;) {
    auto rows = s_.audit.query(f);
    for (const auto& e : rows) {
      count(written, "audit rows");
      auto action = domain::auditActionName(e.action);
      auto type = domain::auditObjectTypeName(e.object_type);
      Row row;
      row.emplace_back(e.seq);
      row.emplace_back(e.ts);
      row.emplace_back(e.actor_login);
      row.emplace_back(e.actor_role);
      row.emplace_back(std::string(action.empty() ? std::string_view(e.action) : action));
      row.emplace_back(e.action);
      row.emplace_back(std::string(type.empty() ? std::string_view(e.object_type) : type));
      row.emplace_back(e.object_id);
      row.emplace_back(e.object_region);
      row.emplace_back(e.outcome);
      row.emplace_back(e.reason);
      row.emplace_back(io::auditChangesForReader(e.changes).dump());
      row.emplace_back(e.client_address);
      row.emplace_back(e.row_hash);
      sink.row(row);
    }
    if (static_cast<int>(rows.size()) < f.limit) break;
    f.after_seq = rows.back().seq;
  }
  recordExport(caller, "audit", "", written,
               {{"object_type", f.object_type}, {"object", f.object_id}, {"user", f.user}, {"from", f.from}, {"to", f.to}});
  return written;
}

}  // namespace trellis::service
