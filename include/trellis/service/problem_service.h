// Problems (诉求) raised in liaison contacts, followed to closure (销号): read, list (scope in
// SQL: region, and for liaison officers their assigned enterprises only) and change — a status
// transition from the table in domain/liaison.h, and/or a new owner unit or deadline. One
// transaction per change, with a problem event and an audit row.
//
// Errors of change():
//   no version (If-Match or body)        → precondition_required "version_required" (428)
//   a stale version                       → conflict "stale_version" (409)
//   a closed problem                      → failed_precondition "problem_closed" (409)
//   a move the table does not allow       → failed_precondition "illegal_transition" (409),
//                                           details {"from","to","allowed":[…]}
//   to resolved without a resolution      → invalid "resolution" required (422)
//   to closed without satisfaction 1–5    → invalid "satisfaction" required / out_of_range
//   satisfaction when not closing         → invalid "satisfaction" only_when_closing
//   unknown status / owner unit, bad date → invalid naming the field
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/liaison.h"
#include "trellis/io/liaison_json.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/database.h"
#include "trellis/store/problem_repository.h"

namespace trellis::service {

// A stored problem row as read on `today`: the one place list rows become read models.
domain::ProblemItem problemItemOf(store::ProblemRow row, Date today);

struct ProblemView {
  domain::ProblemItem row;  // as read today (overdue decided)
  std::vector<domain::ProblemEvent> events;
};

struct ProblemQuery {
  std::string status, category, owner_unit, region, uscc;
  bool overdue = false;
  std::optional<std::int64_t> limit;  // default 50, at most max_page_size
  std::string cursor;
};

struct ProblemList {
  std::vector<domain::ProblemItem> items;  // as read today (overdue decided)
  std::string next_cursor;
};

class ProblemService {
 public:
  ProblemService(const Context& ctx, const domain::LiaisonConfig& config);

  // Error not_found when absent or out of the caller's scope (the refusal audited).
  ProblemView get(const Caller& caller, std::int64_t id);
  ProblemList list(const Caller& caller, const ProblemQuery& query);
  ProblemView change(const Caller& caller, std::int64_t id, const io::ProblemPatch& patch,
                     std::optional<std::int64_t> if_match_version);

 private:
  const Context& ctx_;
  const domain::LiaisonConfig& config_;
};

}  // namespace trellis::service
