// The cultivation ladder: stages, the transition DAG, designation validity, the position "as of"
// a date, the timeline, and pool entry rules — all derived from a validated LadderConfig.
//
// Design note — how a designation counts on a date d (tests cite these labels):
//   LV1 window      valid when starts_on ≤ d ≤ ends_on; ends_on is computed from the stage
//                   (calendar_year: 31 Dec of the starts_on year; years: starts_on + N years − 1 day)
//   LV2 revoked     no longer valid from revoked_on (inclusive)
//   LV3 superseded  a record named by another record's corrects_id never counts; its correction does
//   LV4 position    the held stages on d, ordered by rank (longest path from a root of the DAG,
//                   ties by config order); the top one is the position
//   LV5 entry       a pool entry for a stage with an entry rule needs one of its stages held on d
#pragma once
#include <map>
#include <string>
#include <vector>

#include "trellis/core/date.h"
#include "trellis/domain/designation.h"
#include "trellis/rules/ladder_config.h"

namespace trellis::rules {

struct Position {
  Date as_of;
  std::vector<std::string> held;                 // stage ids, lowest rank first
  std::string top;                               // highest held stage; empty when none
  std::vector<domain::Designation> valid;        // the records behind held, ends_on filled
};

struct TimelineEvent {
  Date on;
  std::string stage;
  std::string kind;                              // "granted" | "expires" | "revoked"
  std::int64_t designation_id = 0;
  std::string number;
};

struct EntryDecision {
  bool allowed = true;
  std::string reason_zh;                         // why refused; empty when allowed
  std::string source;                            // the rule's source (e.g. task 9)
};

class Ladder {
 public:
  // Takes a config already validated by parseLadderConfig.
  explicit Ladder(LadderConfig config);

  const LadderConfig& config() const { return config_; }

  // nullptr for an unknown id.
  const StageDef* findStage(const std::string& id) const;
  // Throws Error(invalid, "unknown_stage", field "stage") for an unknown id.
  const StageDef& stage(const std::string& id) const;

  bool hasTransition(const std::string& from, const std::string& to) const;
  // True when a path of one or more transitions leads from → to. Unknown ids: false.
  bool reachable(const std::string& from, const std::string& to) const;
  // Direct successors, in config order.
  std::vector<std::string> nextStages(const std::string& from) const;
  // LV4 rank; throws like stage() for an unknown id.
  int rank(const std::string& stage_id) const;

  // LV1: the last valid day of a designation of stage_id starting on starts_on.
  // Throws like stage().
  Date endsOn(const std::string& stage_id, Date starts_on) const;
  // LV1–LV3 for one record among all records of the enterprise.
  bool validOn(const domain::Designation& d, const std::vector<domain::Designation>& all, Date on) const;
  bool holdsOn(const std::string& stage_id, const std::vector<domain::Designation>& all, Date on) const;
  // LV4. Records of unknown stages are ignored.
  Position positionOn(const std::vector<domain::Designation>& all, Date on) const;
  // Every event of the non-superseded records, by date (then granted < expires < revoked).
  std::vector<TimelineEvent> timeline(const std::vector<domain::Designation>& all) const;
  // LV5.
  EntryDecision checkEntry(const std::string& target_stage, const std::vector<domain::Designation>& all,
                           Date on) const;

 private:
  LadderConfig config_;
  std::map<std::string, int> rank_;
};

}  // namespace trellis::rules
