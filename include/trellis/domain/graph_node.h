// The innovation graph's plain types (issue 10): nodes — platforms, talent teams, projects,
// institutions and the registered enterprises themselves — and the typed, directed, dated links
// between them. The kinds' allowed values (sub-kinds, levels, statuses, programmes, which link
// kind may join which node kinds) are data in config/graph.json (graph_config.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "trellis/core/date.h"

namespace trellis::domain {

// One id space for every graph node, enterprises included (an enterprise's node carries its
// enterprise row id in enterprise_id). Assigned by the repository; the engine never invents one.
using NodeId = std::int64_t;
using LinkId = std::int64_t;

// Fixed in code because queries depend on them (isolation, partners, counts); their labels and
// allowed values are config. Wire names: "enterprise", "platform", "talent_team", "project",
// "institution".
enum class NodeKind : std::uint8_t { enterprise, platform, talent_team, project, institution };
inline constexpr int kNodeKindCount = 5;

const char* nodeKindName(NodeKind kind);
std::optional<NodeKind> parseNodeKind(std::string_view name);

// One node. Which members mean something depends on kind (the rest stay empty):
//   platform     sub_kind (平台类别), level, build_mode, approved_on (认定/备案日期), approving_body,
//                status, ended_on (撤销日期)
//   talent_team  programme, leader, field, year_recognised, status, ended_on (结项日期)
//   project      programme, tier (十/百/千 for the province's 十百千; empty otherwise), budget_yuan,
//                starts_on / ends_on (period), status
//   institution  sub_kind (机构类别), country
//   enterprise   enterprise_id, and region_code / industry / archived copied from the enterprise
//                (needed for scope and for "partners who could help") and its USCC (what answers
//                name it by); nothing else is copied.
// Every kind has name and region_code (the responsible region, as everywhere in Trellis).
struct GraphNode {
  NodeId id = 0;
  NodeKind kind = NodeKind::platform;
  std::string name;
  std::string region_code;
  std::string industry;                   // enterprise: its industry chain code; others: may be empty
  std::optional<std::int64_t> enterprise_id;
  bool archived = false;                  // enterprise: archived in the register, so in no graph view
  std::string uscc;                       // enterprise: its USCC (never changes once registered), so
                                          // answers name it without a database read; others: empty

  std::string sub_kind;
  std::string level;
  std::string build_mode;
  std::optional<Date> approved_on;
  std::string approving_body;
  std::string status;
  std::optional<Date> ended_on;           // revoked (platform) / closed (team); not valid from that day

  std::string programme;
  std::string tier;
  std::string leader;
  std::string field;
  std::optional<int> year_recognised;
  std::int64_t budget_yuan = 0;           // integer yuan
  std::optional<Date> starts_on;
  std::optional<Date> ends_on;

  std::string country;
};

// A typed, directed, dated link from → to. Valid on day d when valid_from <= d and (no
// valid_until or d < valid_until): valid_until is the day it ended, on which it no longer holds.
// Ending a link sets valid_until; a link is never deleted. Several links may join one pair when
// their kinds differ.
struct GraphLink {
  LinkId id = 0;
  std::string kind;                       // a config/graph.json link kind code, e.g. "hosts"
  NodeId from = 0;
  NodeId to = 0;
  Date valid_from;
  std::optional<Date> valid_until;
  std::string note;
  std::string recorded_by;                // login

  bool validOn(const Date& d) const { return valid_from <= d && (!valid_until || d < *valid_until); }
};

}  // namespace trellis::domain
