// One-to-one liaison (万人助万企, RULES.md §5): who looks after which enterprise, the contact log,
// and the problems (诉求) raised in contacts, followed until closed out (销号) with the
// enterprise's satisfaction. Plain types; the problem status table is here because it is the
// domain's rule, not storage's or HTTP's.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/core/date.h"

namespace trellis::domain {

// A code with its Chinese label, as config/liaison.json and problem_categories.json list them.
struct LabeledCode {
  std::string code;
  std::string name;
};

struct ProblemCategory {
  std::string code;
  std::string name;
  std::string default_owner_unit;  // an owner unit code
};

// config/liaison.json + config/problem_categories.json, read once at start.
struct LiaisonConfig {
  std::vector<LabeledCode> owner_units;
  std::vector<LabeledCode> contact_modes;
  std::vector<LabeledCode> flags;
  std::vector<ProblemCategory> categories;
  std::string default_contact_mode = "on_site";
  std::string default_flag = "green";
  int key_cadence_days = 30;        // 重点 tier: monthly
  int long_term_cadence_days = 90;  // 中长期 tier: quarterly
  int unpooled_cadence_days = 90;   // assigned, but in no reserve pool
  int due_soon_days = 7;            // the queue shows contacts due within this many days
  int default_problem_deadline_days = 30;
  // How long after a visit it may still be logged: through the API (a live log), and through the
  // contacts import (old visit logs kept in spreadsheets). Neither accepts a date after today.
  int contact_backdate_days = 366;
  int imported_contact_backdate_days = 3660;
  int satisfied_at_least = 4;       // satisfaction ≥ this counts as satisfied (满意)

  const LabeledCode* findOwnerUnit(std::string_view code) const;
  const LabeledCode* findContactMode(std::string_view code) const;
  const LabeledCode* findFlag(std::string_view code) const;
  const ProblemCategory* findCategory(std::string_view code) const;
  // Cadence of a pool tier ("key", "long_term"); unpooled_cadence_days for anything else.
  int cadenceDays(std::string_view tier) const;
};

struct LiaisonAssignment {
  std::int64_t id = 0;
  std::int64_t enterprise_id = 0;
  std::int64_t officer_id = 0;
  std::string officer_login;
  std::string officer_name;
  std::string assigned_at;              // ISO 8601 UTC
  std::string assigned_by;              // login, "system" when none
  std::optional<std::string> ended_at;
  std::optional<std::string> end_reason;
};

struct Contact {
  std::int64_t id = 0;
  std::int64_t enterprise_id = 0;
  std::optional<std::int64_t> officer_id;  // the liaison officer the contact counts for
  std::string officer_login;               // "" when none
  Date contact_date;
  std::string mode;                        // a contact_modes code
  std::string met_with;                    // who at the enterprise
  std::string attendees;                   // who from the government side
  std::string summary;
  std::vector<std::string> policies_explained;
  std::string flag;                        // green | amber | red
  std::optional<Date> next_contact_due;
  std::string created_by;                  // login
  std::string created_at;                  // ISO 8601 UTC
};

// One row of the contact log across enterprises (走访台账): the contact, the enterprise it was
// made to and the officer's display name ("" when none).
struct ContactLogItem {
  Contact contact;
  std::string uscc, enterprise_name, region_code, officer_name;
};

// open → in_progress → resolved → closed (销号, with satisfaction 1–5); escalated on the way.
enum class ProblemStatus { open, in_progress, resolved, closed, escalated };

const char* problemStatusName(ProblemStatus s);
std::optional<ProblemStatus> parseProblemStatus(std::string_view name);
// The transition table: the statuses a problem in `from` may move to (empty for closed).
const std::vector<ProblemStatus>& allowedTransitions(ProblemStatus from);
bool isAllowedTransition(ProblemStatus from, ProblemStatus to);
// Open, in progress or escalated: still owed a resolution (and so may be past its deadline).
bool isPending(ProblemStatus s);

struct Problem {
  std::int64_t id = 0;
  std::int64_t enterprise_id = 0;
  std::optional<std::int64_t> contact_id;
  std::string category;
  std::string description;
  std::string owner_unit;
  Date deadline;
  ProblemStatus status = ProblemStatus::open;
  std::string resolution;
  std::optional<int> satisfaction;     // 1–5, set when closed
  Date raised_on;
  std::optional<Date> resolved_on;     // the last move to resolved; cleared when reopened
  std::optional<Date> closed_on;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

// Pending and past its deadline on `today` (README "Liaison": overdue).
bool isOverdueOn(const Problem& p, Date today);

// A problem as a caller reads it on a day: what is stored, the enterprise it belongs to, and what
// that day decides. Services build it (problemItemOn) so the codec only writes it.
struct ProblemItem {
  Problem problem;
  std::string uscc, enterprise_name, region_code;  // empty in a contact's own list
  bool overdue = false;                            // isOverdueOn(problem, the day read)
  std::int64_t days_past_deadline = 0;             // the day read minus the deadline; > 0 once past
};

ProblemItem problemItemOn(Problem p, Date today, std::string uscc = {}, std::string enterprise_name = {},
                          std::string region_code = {});

struct ProblemEvent {
  std::int64_t id = 0;
  std::int64_t problem_id = 0;
  std::optional<ProblemStatus> from_status;  // none for the creation event
  ProblemStatus to_status = ProblemStatus::open;
  Date on_date;                              // the local date of the change
  std::string at;                            // ISO 8601 UTC
  std::string by;                            // login
  std::string note;
};

}  // namespace trellis::domain
