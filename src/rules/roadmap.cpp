#include "trellis/rules/roadmap.h"

#include <algorithm>
#include <map>

namespace trellis::rules {
namespace {

Date fixedDue(const CalendarStep& step, int target_year) {
  int year = target_year + *step.year_offset;
  return Date(year, step.month, std::min(step.day, daysInMonth(year, step.month)));  // RM1
}

bool hasGap(const CalendarStep& step, const EligibilityReport& report) {
  for (const std::string& id : step.addresses)
    if (const Criterion* c = report.find(id); c && c->status != Status::pass) return true;
  return false;
}

}  // namespace

std::vector<ProposedMilestone> proposeRoadmap(const StageCalendar& calendar, const EligibilityReport& report,
                                              int target_year, Date today) {
  std::map<std::string, Date> raw;  // every step's calendar date, proposed or not (RM2 needs them)
  std::vector<std::pair<std::size_t, ProposedMilestone>> out;
  const Date earliest = today.addDays(calendar.min_lead_days);
  for (std::size_t i = 0; i < calendar.steps.size(); ++i) {
    const CalendarStep& step = calendar.steps[i];
    Date due = step.after_step.empty() ? fixedDue(step, target_year)
                                       : raw.at(step.after_step).addDays(step.offset_days);  // RM2
    raw[step.id] = due;
    if (step.only_if_gap && !hasGap(step, report)) continue;  // RM3
    ProposedMilestone m;
    m.key = step.id;
    m.kind = step.kind;
    m.title_zh = step.title_zh;
    m.addresses = step.addresses;
    for (const std::string& id : step.addresses)
      if (const Criterion* c = report.find(id); c && c->status != Status::pass && !c->gap_zh.empty())
        m.gap_zh += (m.gap_zh.empty() ? "" : "；") + c->gap_zh;
    m.due_on = due;
    if (due < today) {  // RM4
      m.due_on = earliest;
      m.compressed = true;
    }
    out.emplace_back(i, m);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {  // RM5
    return a.second.due_on != b.second.due_on ? a.second.due_on < b.second.due_on : a.first < b.first;
  });
  std::vector<ProposedMilestone> result;
  for (auto& [index, m] : out) result.push_back(std::move(m));
  return result;
}

std::string renderRoadmap(const std::vector<ProposedMilestone>& milestones) {
  std::string text;
  for (const ProposedMilestone& m : milestones) {
    std::string addresses;
    for (const std::string& a : m.addresses) addresses += (addresses.empty() ? "" : ",") + a;
    text += m.due_on.toString() + " | " + m.kind + " | " + m.key + " | " + m.title_zh + " | " + addresses +
            " | " + (m.compressed ? "[compressed] " : "") + m.gap_zh + "\n";
  }
  return text;
}

}  // namespace trellis::rules
