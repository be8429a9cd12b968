// Growth roadmap: the dated milestones proposed for a reserve-pool member, from its gap (an
// EligibilityReport for the target stage) and the stage's application calendar. Pure: the same
// inputs always give the same list, so when facts change the caller re-runs it and replaces
// only its generated, still-open milestones (keyed by step id); officers' own are never touched.
//
// Design note — cases (tests cite the labels):
//   RM1 fixed date     due = (target_year + year_offset)-month-day (29 Feb clamps to 28 Feb)
//   RM2 relative date  due = the due of after_step (before RM4) + offset_days
//   RM3 gap-driven     a step with only_if_gap is proposed only while one of the criteria it
//                      addresses is fail or unknown in the report; steps without it always are
//   RM4 compressed     a due date before today becomes today + min_lead_days, flagged
//   RM5 order          by due date, then calendar order
#pragma once
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder_config.h"

namespace trellis::rules {

struct ProposedMilestone {
  std::string key;                     // the calendar step id; stable across re-generation
  std::string kind;                    // preparation | ip | staffing | document | registration | …
  std::string title_zh;
  Date due_on;
  bool generated = true;               // always true here; hand-made milestones are the caller's
  std::vector<std::string> addresses;  // criterion ids of the gap it closes (may be empty)
  std::string gap_zh;                  // the addressed criteria's gap texts, joined by "；"
  bool compressed = false;             // RM4
};

// Proposes the milestones of calendar for target_year as seen on today. report is the
// evaluation of the calendar's stage. Throws nothing for a validated calendar.
std::vector<ProposedMilestone> proposeRoadmap(const StageCalendar& calendar, const EligibilityReport& report,
                                              int target_year, Date today);

// One line per milestone: "due | kind | key | title | addresses | [compressed] gap"; for golden
// files and logs.
std::string renderRoadmap(const std::vector<ProposedMilestone>& milestones);

}  // namespace trellis::rules
