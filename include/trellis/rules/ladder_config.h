// The ladder configuration (config/ladder.json) as plain structs, and its loader.
//
// Design note — what the loader refuses (each throws trellis::Error, kind invalid, code
// "ladder_config", field = the JSON path at fault, message "<source>: <path>: <why>"):
//   LC1 missing or mistyped key        e.g. rule_sets.hnte[0].min_st_staff_ratio
//   LC2 unknown stage                  a transition, rule set, calendar or entry rule names a stage
//                                      not declared in "stages"
//   LC3 cycle                          the transitions do not form a DAG
//   LC4 overlapping versions           two rule-set versions of one stage cover the same year
//   LC5 band with a hole or overlap    any band table that is not a partition (see band.h)
//   LC6 bad calendar step              due date without month/day or after_step, unknown
//                                      after_step, or a step addressing an unknown criterion
//   LC7 duplicate id                   stage, criterion, route or step id repeated
// The loader never reads globals: the caller passes the text (or a path) once at start.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trellis/rules/band.h"

namespace trellis::rules {

enum class ValidityKind {
  calendar_year,  // valid from starts_on to 31 Dec of that year (tech_sme filing year)
  years,          // valid for N years from starts_on (hnte: 3 years from the certificate date)
};

struct StageDef {
  std::string id;          // "tech_sme"
  std::string name_zh;     // 科技型中小企业
  std::string name_en;
  std::string evaluator;   // "tech_sme" | "hnte" | "local_policy"
  ValidityKind validity = ValidityKind::years;
  int validity_years = 0;  // for ValidityKind::years
  bool local_policy = false;  // thresholds are local defaults, not official numbers (RULES.md §3.1)
};

// Tech SME (RULES.md §1.2–1.4).
struct TechSmeDirectRoute {
  std::string id;          // valid_hnte | national_award_top3 | provincial_rd_institution | led_standard
  std::string label_zh;
  int lookback_years = 0;  // 0 = not time-bound
  bool unconfirmed = false;  // [U] for the 2022 guideline
};

struct TechSmeRules {
  int effective_from = 0;                  // first year (filing year) the version applies
  std::optional<int> effective_until;      // last year, inclusive; nullopt = until the next version
  std::string basis;                       // source documents, free text
  int data_year_offset = -1;               // indicators of year (filing year + offset) [U]
  std::vector<std::string> rd_expense_basis;  // preference: "rd_expense_super_deduction", "rd_expense_total"
  std::int64_t max_employees = 0;          // 职工总数 ≤
  std::int64_t max_revenue = 0;            // 销售收入 ≤, yuan
  std::int64_t max_total_assets = 0;       // 资产总额 ≤, yuan
  BandTable st_staff_ratio;                // A, points
  BandTable rd_to_revenue;                 // B(1), points
  BandTable rd_to_costs;                   // B(2), points
  std::int64_t ip_class1_min = 0;          // C: ≥ this many Class I →
  double ip_class1_points = 0;             //    these points
  BandTable ip_class2_count;               // C otherwise, by Class II count
  double pass_score = 0;                   // total ≥
  double st_staff_points_above = 0;        // A sub-score must be >
  std::vector<TechSmeDirectRoute> direct_routes;
};

// HNTE (RULES.md §2.2, §2.6).
struct HntePillar {
  std::string id;          // ip_quality | results_transfer | rd_management | growth_net_assets | growth_sales
  std::string label_zh;
  int max_points = 0;
};

struct HnteRules {
  int effective_from = 0;
  std::optional<int> effective_until;
  std::string basis;
  int data_year_offset = -1;               // latest accounting year = application year + offset
  int window_years = 3;                    // R&D ratio and growth window
  int min_registered_days = 0;             // ≥
  std::int64_t min_core_ip = 0;            // Class I + Class II held ≥
  double min_st_staff_ratio = 0;           // ≥
  BandTable rd_ratio_by_revenue;           // by latest-year revenue (yuan) → required ratio
  double min_domestic_rd_share = 0;        // ≥
  double min_high_tech_income_share = 0;   // ≥
  double innovation_score_above = 0;       // total must be > this (70 fails, 71 passes)
  std::vector<HntePillar> pillars;
  BandTable growth_points;                 // growth rate → points range
  BandTable results_transfer_points;       // average results per year → points range (guidance)
};

// Eaglet / gazelle / leader: local policy (RULES.md §3.1, [U]).
struct LocalCriterion {
  std::string id;
  std::string label_zh;
  std::string metric;      // see local_policy_evaluator.h for the catalogue
  std::string op;          // ">=", ">", "<=", "<"
  double threshold = 0;
  std::vector<LocalCriterion> any_of;  // non-empty: a group, passes when any of these passes
  std::vector<LocalCriterion> all_of;  // non-empty: a group, passes when all of these pass
};

struct LocalPolicyRules {
  int effective_from = 0;
  std::optional<int> effective_until;
  std::string basis;
  bool local_policy = true;
  int data_year_offset = -1;
  std::vector<std::string> requires_any_of;  // stages one must hold on the evaluation date
  std::vector<LocalCriterion> criteria;
};

// Entry rule of a reserve pool for a target stage (task 9: an eaglet must hold hnte or tech_sme).
struct EntryRule {
  std::string stage;
  std::vector<std::string> requires_any_of;
  std::string source;
};

// One dated step of the application calendar, worked back from the target year.
struct CalendarStep {
  std::string id;           // stable key; a generated milestone carries it
  std::string kind;         // preparation | ip | staffing | document | registration | submission | review | publication
  std::string title_zh;
  std::optional<int> year_offset;  // due = (target year + year_offset)-month-day
  int month = 0;
  int day = 0;
  std::string after_step;   // or: due = that step's due + offset_days
  int offset_days = 0;
  std::vector<std::string> addresses;  // criterion ids this step closes
  bool only_if_gap = false; // proposed only when an addressed criterion is not "pass"
};

struct StageCalendar {
  std::string stage;
  int min_lead_days = 0;    // a due date already past is moved to today + this, flagged
  std::vector<CalendarStep> steps;
};

struct HnteCertificateRule {
  std::string prefix;       // "GR"
  int year_digits = 4;
  int province_digits = 2;
  int serial_digits = 6;
  int min_year = 0;         // 2008: the first certificates under the current scheme
  int max_issue_lag_years = 0;  // certificate year may precede the issue date's year by ≤ this
};

struct RegistrationNumberRule {
  int max_length = 0;       // free text, non-empty, ASCII letters and digits only [U]
};

struct LadderConfig {
  std::string source;       // where it was read from, for messages
  std::vector<StageDef> stages;
  std::vector<std::pair<std::string, std::string>> transitions;  // from → to
  std::vector<TechSmeRules> tech_sme_rules;                      // ascending effective_from
  std::vector<HnteRules> hnte_rules;
  std::map<std::string, std::vector<LocalPolicyRules>> local_rules;  // stage → versions
  std::vector<EntryRule> entry_rules;
  std::map<std::string, StageCalendar> calendars;               // stage → calendar
  HnteCertificateRule hnte_certificate;
  RegistrationNumberRule tech_sme_registration;
};

// Parses and validates config text. source names the file in messages.
// Throws Error(invalid, "ladder_config", field = JSON path) on LC1–LC7 or malformed JSON.
LadderConfig parseLadderConfig(const std::string& json_text, const std::string& source);

// Reads the file at path and parses it. Throws Error(invalid, "ladder_config") when unreadable.
LadderConfig loadLadderConfig(const std::string& path);

// The rule-set version in force for year, or nullptr when none covers it.
const TechSmeRules* techSmeRulesFor(const LadderConfig& config, int year);
const HnteRules* hnteRulesFor(const LadderConfig& config, int year);
const LocalPolicyRules* localRulesFor(const LadderConfig& config, const std::string& stage, int year);

}  // namespace trellis::rules
