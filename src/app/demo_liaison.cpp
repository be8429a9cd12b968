#include "trellis/app/demo_liaison.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "trellis/app/runtime.h"
#include "trellis/core/error.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/liaison_facts_repository.h"
#include "trellis/store/user_repository.h"

namespace trellis::app {
namespace {

constexpr int kEnterprises = 12;
constexpr int kMaxMembers = 8;  // reserve-pool members among them
constexpr int kStartDaysAgo = 120;

// One step of the script, `days_ago` before today (10:00 China time).
struct Step {
  int days_ago;
  enum Kind { assign, contact, change } kind;
  int enterprise;              // index into the chosen enterprises
  std::string mode, flag, summary, met_with;
  std::vector<io::ProblemDraft> problems;  // contact: problems raised, referred to as "E<i>.<n>"
  std::optional<int> next_due_in;          // contact: next contact promised in N days
  std::string problem;                     // change: "E<i>.<n>"
  std::string status, resolution, note;
  std::optional<int> satisfaction;
};

io::ProblemDraft problem(std::string category, std::string description, std::optional<int> deadline_days = {}) {
  return io::ProblemDraft{std::move(category), std::move(description), "", deadline_days ? std::optional<std::string>(std::to_string(*deadline_days)) : std::nullopt};
}

Step contact(int days_ago, int e, std::string mode, std::string flag, std::string summary, std::string met_with,
             std::vector<io::ProblemDraft> problems = {}, std::optional<int> next_due_in = {}) {
  Step s{days_ago, Step::contact, e};
  s.mode = std::move(mode);
  s.flag = std::move(flag);
  s.summary = std::move(summary);
  s.met_with = std::move(met_with);
  s.problems = std::move(problems);
  s.next_due_in = next_due_in;
  return s;
}

Step change(int days_ago, std::string problem, std::string status, std::string resolution = "", std::string note = "",
            std::optional<int> satisfaction = {}) {
  Step s{days_ago, Step::change, 0};
  s.problem = std::move(problem);
  s.status = std::move(status);
  s.resolution = std::move(resolution);
  s.note = std::move(note);
  s.satisfaction = satisfaction;
  return s;
}

// Problem deadlines in the script are "days after the contact" (the draft carries the number
// until the step runs, when it becomes a date).
std::vector<Step> script() {
  std::vector<Step> s;
  for (int e = 0; e < kEnterprises; ++e) s.push_back(Step{kStartDaysAgo, Step::assign, e});
  s.push_back(contact(110, 2, "on_site", "amber", "首次走访，企业反映新厂房环评审批进度慢", "总经理",
                      {problem("approvals", "新厂房建设项目环评审批已超过法定时限", 20)}));
  s.push_back(contact(100, 0, "on_site", "green", "走访了解生产经营，企业订单饱满，流动资金紧张", "财务总监",
                      {problem("funding", "需要流动资金贷款500万元，缺少抵押物", 30)}));
  s.push_back(change(100, "E2.0", "resolved", "市审批局开通绿色通道，环评批复已下达"));
  s.push_back(change(98, "E2.0", "closed", "", "企业回访确认", 4));
  s.push_back(change(95, "E0.0", "in_progress", "", "已推荐至许昌农商行科技贷"));
  s.push_back(contact(90, 1, "on_site", "amber", "企业研发人员流失，招聘困难", "人事经理",
                      {problem("talent", "急需引进电力电子方向硕士研发人员3名", 45)}));
  s.push_back(contact(88, 8, "on_site", "green", "宣讲高企认定政策，企业计划明年申报", "董事长",
                      {problem("ip", "发明专利申请需要代理机构对接", 30)}));
  s.push_back(change(85, "E1.0", "in_progress", "", "已对接市人社局人才服务中心"));
  s.push_back(change(80, "E8.0", "in_progress", "", "知识产权服务中心已联系企业"));
  s.push_back(change(80, "E0.0", "resolved", "科技贷500万元已放款"));
  s.push_back(change(78, "E0.0", "closed", "", "企业表示非常满意", 5));
  s.push_back(contact(70, 0, "phone", "green", "电话回访贷款使用情况", "财务总监"));
  s.push_back(contact(60, 5, "on_site", "green", "走访，企业运行平稳；约定下次上门讲解研发费用加计扣除", "总经理", {}, 63));
  s.push_back(change(50, "E1.0", "resolved", "通过校企合作招聘2名硕士，另1名在面试"));
  s.push_back(change(45, "E1.0", "closed", "", "企业认为仍缺1人，基本满意", 3));
  s.push_back(contact(40, 1, "on_site", "red", "企业扩产用地指标未落实，影响新生产线投产", "董事长",
                      {problem("land", "扩产项目需新增工业用地20亩", 30)}));
  s.push_back(contact(35, 3, "phone", "amber", "电话了解技术攻关进展，关键设备进口受限", "技术总监",
                      {problem("technology", "碳化硅外延设备国产替代需要省级攻关项目支持", 30)}));
  s.push_back(change(30, "E3.0", "escalated", "", "需省科技厅协调，已上报市科技局"));
  s.push_back(contact(28, 7, "office_visit", "green", "企业来访咨询贷款贴息政策", "财务经理",
                      {problem("credit", "申请科技贷款贴息", 30)}));
  s.push_back(contact(20, 0, "on_site", "green", "季度走访，宣讲研发费用加计扣除政策", "财务总监"));
  s.push_back(contact(15, 9, "online", "green", "线上会议了解企业上市筹备情况", "董秘",
                      {problem("listing", "希望对接券商开展上市辅导", 60)}));
  s.push_back(change(10, "E7.0", "resolved", "贴息资金已拨付"));
  s.push_back(contact(5, 4, "online", "amber", "线上了解政策兑现进度", "总经理",
                      {problem("policy", "2025年度研发费用后补助尚未到账", 30)}));
  s.push_back(contact(0, 10, "on_site", "green", "走访新入库企业，建立联系", "总经理"));
  s.push_back(contact(0, 11, "phone", "green", "电话联系，约定下周上门走访", "办公室主任", {}, 7));
  return s;
}

}  // namespace

int loadLiaisonDemo(const Settings& settings, const std::string& officer_login, std::ostream& out) {
  const auto now = std::chrono::system_clock::now();
  const Date today = dateAt(now, settings.utc_offset_minutes);
  // 10:00 local time, kStartDaysAgo days ago; the clock moves forward with the script.
  auto at = [&](int days_ago) {
    Date d = today.addDays(-days_ago);
    return TimePoint(std::chrono::seconds(d.daysSinceEpoch() * 86400 + 10 * 3600 - settings.utc_offset_minutes * 60));
  };
  ManualClock clock(at(kStartDaysAgo));
  Runtime runtime(settings, clock);

  std::optional<domain::User> officer;
  std::vector<std::string> chosen;
  bool already = false;
  runtime.db().read([&](store::Connection& c) {
    officer = store::UserRepository::findByLogin(c, officer_login);
    if (!officer || officer->role != "liaison" || officer->region_scope.empty()) return;
    already = !store::LiaisonFactsRepository::portfolio(c, officer->id, today).empty();
    // Reserve-pool members of the region first (key tier first), then other enterprises by id.
    auto facts = store::LiaisonFactsRepository::regionFacts(c, officer->region_scope, today, today);
    std::set<std::int64_t> ids;
    std::vector<std::int64_t> order;
    // At most kMaxMembers, so some members stay unassigned and coverage has room to move.
    for (const char* tier : {"key", "long_term"})
      for (const auto& m : facts.members)
        if (m.tier == tier && static_cast<int>(order.size()) < kMaxMembers && ids.insert(m.enterprise_id).second)
          order.push_back(m.enterprise_id);
    store::EnterpriseFilter f;
    f.region = officer->region_scope;
    f.limit = 200;
    auto page = store::EnterpriseRepository::list(c, f);
    std::map<std::int64_t, std::string> uscc_of;
    for (const auto& e : page.items) {
      uscc_of[e.id] = e.uscc;
      if (ids.insert(e.id).second) order.push_back(e.id);
    }
    for (auto id : order) {
      if (static_cast<int>(chosen.size()) == kEnterprises) break;
      if (uscc_of.count(id)) chosen.push_back(uscc_of[id]);
    }
  });
  if (!officer || officer->role != "liaison" || officer->region_scope.empty()) {
    out << "trellis demo-liaison: no liaison officer '" << officer_login
        << "' with a region (run `trellis user demo-users` first)\n";
    return 1;
  }
  if (already) {
    out << "liaison demo: " << officer_login << " already has assignments; nothing loaded\n";
    return 0;
  }
  if (static_cast<int>(chosen.size()) < kEnterprises) {
    out << "trellis demo-liaison: region " << officer->region_scope << " has fewer than " << kEnterprises
        << " enterprises (run `trellis demo` first)\n";
    return 1;
  }

  service::Caller system;
  system.request_id = "demo-liaison";
  std::map<std::string, std::int64_t> problem_id, problem_version;
  int contacts = 0, problems = 0, changes = 0;
  for (const auto& step : script()) {
    clock.set(std::min(at(step.days_ago), now));  // never ahead of the real clock
    const std::string& uscc = chosen[static_cast<size_t>(step.enterprise)];
    if (step.kind == Step::assign) {
      runtime.liaison().assign(system, uscc, {officer_login, "包联分工"});
    } else if (step.kind == Step::contact) {
      io::ContactDraft d;
      d.mode = step.mode;
      d.flag = step.flag;
      d.summary = step.summary;
      d.met_with = step.met_with;
      d.attendees = officer->display_name;
      Date on = today.addDays(-step.days_ago);
      if (step.next_due_in) d.next_contact_due = on.addDays(*step.next_due_in).toString();
      for (auto p : step.problems) {
        if (p.deadline) p.deadline = on.addDays(std::stoi(*p.deadline)).toString();
        d.problems.push_back(p);
      }
      auto v = runtime.liaison().logContact(system, uscc, d);
      ++contacts;
      for (size_t i = 0; i < v.problems.size(); ++i) {
        std::string key = "E";
        key.append(std::to_string(step.enterprise)).append(".").append(std::to_string(i));
        problem_id[key] = v.problems[i].problem.id;
        problem_version[key] = v.problems[i].problem.version;
        ++problems;
      }
    } else {
      io::ProblemPatch p;
      p.status = step.status;
      if (!step.resolution.empty()) p.resolution = step.resolution;
      if (!step.note.empty()) p.note = step.note;
      if (step.satisfaction) p.satisfaction = *step.satisfaction;
      auto v = runtime.problems().change(system, problem_id.at(step.problem), p, problem_version.at(step.problem));
      problem_version[step.problem] = v.row.problem.version;
      ++changes;
    }
  }
  out << "liaison demo: " << officer_login << " (" << officer->region_scope << ") assigned " << kEnterprises
      << " enterprises; " << contacts << " contacts, " << problems << " problems, " << changes
      << " status changes over the last " << kStartDaysAgo << " days\n";
  return 0;
}

}  // namespace trellis::app
