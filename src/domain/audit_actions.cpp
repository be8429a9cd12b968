#include "trellis/domain/audit_actions.h"

#include <algorithm>

namespace trellis::domain {
namespace {

std::string_view lookup(const std::vector<AuditName>& names, std::string_view key) {
  auto it = std::find_if(names.begin(), names.end(), [&](const AuditName& n) { return n.key == key; });
  return it == names.end() ? std::string_view() : it->name_zh;
}

}  // namespace

const std::vector<AuditName>& auditActionNames() {
  static const std::vector<AuditName> names = {
      // Changes the services record, and the sign-in and the gate's refusals.
      {"session.create", "登录"},
      {"session.delete", "退出登录"},
      {"access.denied", "越权访问被拒绝"},
      {"enterprise.create", "新增企业"},
      {"enterprise.bulk_create", "批量新增企业"},
      {"enterprise.update", "修改企业信息"},
      {"enterprise.archive", "归档企业"},
      {"enterprise.restore", "恢复企业"},
      {"enterprise.reveal_phone", "查看联系电话"},
      {"indicators.write", "填报年度指标"},
      {"indicators.delete", "删除年度指标（撤销导入）"},
      {"ladder_facts.write", "填报合规事项"},
      {"expert_scores.write", "录入专家评审分"},
      {"designation.create", "登记资质认定"},
      {"designation.correct", "更正资质认定"},
      {"designation.revoke", "撤销资质认定"},
      {"pool.enter", "纳入后备库"},
      {"pool.exit", "退出后备库"},
      {"pool.amend", "修改后备库成员（导入）"},
      {"pool.remove", "移出后备库（撤销导入）"},
      {"pool.graduate", "后备库成员晋级"},
      {"roadmap.regenerate", "重新生成成长路线图"},
      {"milestone.add", "新增路线图节点"},
      {"milestone.edit", "修改路线图节点"},
      {"milestone.complete", "完成路线图节点"},
      {"milestone.waive", "免除路线图节点"},
      {"milestone.reopen", "撤销节点完成"},
      {"pipeline.add", "记录申报进度"},
      {"pipeline.write", "维护申报进度"},
      {"liaison.assign", "指派联络员"},
      {"liaison.bulk_assign", "批量指派联络员"},
      {"liaison.reassign", "更换联络员"},
      {"liaison.unassign", "解除联络员指派"},
      {"contact.create", "登记走访联系"},
      {"contact.delete", "删除走访记录（撤销导入）"},
      {"problem.update", "更新问题办理"},
      {"plan.status", "更新任务进展"},
      {"plan.target", "分解目标任务"},
      {"import.upload", "上传导入文件"},
      {"import.commit", "提交导入批次"},
      {"import.revert", "撤销导入批次"},
      {"import.recheck", "重新检查导入批次"},
      {"import.mapping_save", "保存表头对应"},
      {"import.mapping_delete", "删除表头对应"},
      {"list.export", "导出名单"},
      {"graph.node.create", "新增创新资源"},
      {"graph.node.update", "修改创新资源"},
      {"graph.node.remove", "删除创新资源"},
      {"graph.link.create", "新增资源关联"},
      {"graph.link.end", "终止资源关联"},
      {"graph.node.read", "查看创新资源"},
      {"graph.link.read", "查看资源关联"},
      {"graph.centrality_job.start", "开始精确计算中心度"},
      {"graph.centrality_job.read", "查看中心度计算任务"},
      {"user.create", "新增用户"},
      {"user.update", "修改用户"},
      {"user.password", "修改本人密码"},
      {"demo.ladder", "生成演示数据"},
      {"demo.scale", "生成省级规模演示数据"},
      // Policy actions a refusal names (auth/policy.cpp), read actions among them.
      {"public", "公开访问"},
      {"session", "访问本人会话"},
      {"catalog.read", "查看目录"},
      {"enterprise.list", "查看企业列表"},
      {"enterprise.read", "查看企业"},
      {"liaison.read", "查看联络信息"},
      {"liaison.queue", "查看联络待办"},
      {"liaison.metrics", "查看联络统计"},
      {"contact.read", "查看走访记录"},
      {"contact.write", "登记走访联系"},
      {"problem.read", "查看问题"},
      {"problem.write", "办理问题"},
      {"ladder.read", "查看梯度培育信息"},
      {"ladder.write", "维护梯度培育信息"},
      {"designation.read", "查看资质认定"},
      {"indicators.read", "查看年度指标"},
      {"evaluation.read", "查看评价结果"},
      {"pool.read", "查看后备库"},
      {"pool.write", "维护后备库"},
      {"roadmap.read", "查看成长路线图"},
      {"report.read", "查看统计报表"},
      {"import.read", "查看导入批次"},
      {"import.run", "导入数据"},
      {"graph.read", "查看创新资源"},
      {"graph.write", "维护创新资源"},
      {"graph.centrality_job", "精确计算中心度"},
      {"user.read", "查看用户"},
      {"user.write", "管理用户"},
      {"audit.read", "查看审计日志"},
  };
  return names;
}

const std::vector<AuditName>& auditObjectTypeNames() {
  static const std::vector<AuditName> names = {
      {"enterprise", "企业"},       {"user", "用户"},          {"pool_member", "后备库成员"},
      {"problem", "问题"},          {"import_batch", "导入批次"}, {"plan_task", "重点任务"},
      {"target", "目标任务"},       {"route", "接口"},          {"demo", "演示数据"},
      {"graph_node", "创新资源"},   {"graph_link", "资源关联"}, {"milestone", "路线图节点"},
      {"designation", "资质认定"},  {"contact", "走访记录"},    {"liaison", "联络指派"},
      {"list", "名单"},             {"import_mapping", "表头对应"},
      {"centrality_job", "中心度计算任务"},
  };
  return names;
}

std::string_view auditActionName(std::string_view action) { return lookup(auditActionNames(), action); }
std::string_view auditObjectTypeName(std::string_view object_type) {
  return lookup(auditObjectTypeNames(), object_type);
}

}  // namespace trellis::domain
