// The liaison_problem and liaison_problem_event tables: problems (诉求) raised in contacts and
// every change of their status.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/liaison.h"
#include "trellis/store/list_scope.h"

namespace trellis::store {

class Connection;

// A problem with the enterprise it belongs to, as lists show it.
struct ProblemRow {
  domain::Problem problem;
  std::string uscc;
  std::string enterprise_name;
  std::string region_code;
};

struct ProblemFilter {
  ListScope scope;  // applied in SQL: the caller's, or one officer's enterprises (the follow-up queue)
  std::string status, category, owner_unit, region;  // exact; empty = any
  bool not_closed = false;                           // only problems not closed (未销号)
  std::int64_t enterprise_id = 0;                    // 0 = any
  std::int64_t contact_id = 0;                       // 0 = any
  std::string overdue_on;  // YYYY-MM-DD: only pending problems with a deadline before it; "" = any
  int limit = 50;
  std::int64_t after_id = 0;  // cursor: rows with a larger id
};

struct ProblemPage {
  std::vector<ProblemRow> items;
  std::optional<std::int64_t> next_after_id;
};

class ProblemRepository {
 public:
  // Inserts p (id ignored, version 1); returns the id.
  static std::int64_t insert(Connection& c, const domain::Problem& p);
  static std::optional<ProblemRow> find(Connection& c, std::int64_t id);
  // Writes status, resolution, satisfaction, owner unit, deadline, resolved/closed dates,
  // updated_at and version where id = p.id AND version = expected_version; false when stale.
  static bool update(Connection& c, const domain::Problem& p, std::int64_t expected_version);
  static void appendEvent(Connection& c, const domain::ProblemEvent& e, std::int64_t by_user_id);
  static std::vector<domain::ProblemEvent> events(Connection& c, std::int64_t problem_id);
  static ProblemPage list(Connection& c, const ProblemFilter& f);
};

}  // namespace trellis::store
