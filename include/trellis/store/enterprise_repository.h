// The enterprise aggregate's tables: enterprise, enterprise_tag, enterprise_gram,
// enterprise_history. Callers run these inside Database::write / Database::read.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/domain/enterprise.h"

namespace trellis::store {

class Connection;

struct EnterpriseFilter {
  // Scope: when non-empty, only these regions are visible (auth's region scope), applied in SQL.
  std::vector<std::string> visible_regions;
  // Liaison officers: when non-zero, only enterprises this user is the active liaison for.
  std::int64_t assigned_officer_id = 0;
  std::string region;             // exact region code, empty = any
  std::string industry;           // exact, empty = any
  std::string tag;                // exact, empty = any
  std::string q;                  // ≥ 2 characters of the name or an alias, or a USCC prefix
  bool include_archived = false;
  int limit = 50;                 // caller caps it
  std::int64_t after_id = 0;      // cursor: rows with a larger id
  bool want_total = false;
};

struct EnterprisePage {
  std::vector<domain::Enterprise> items;
  std::optional<std::int64_t> next_after_id;  // set when more rows follow
  std::optional<std::int64_t> total;
};

class EnterpriseRepository {
 public:
  // nullopt when no enterprise has this (normalised) code, archived ones included.
  static std::optional<domain::Enterprise> findByUscc(Connection& c, std::string_view uscc);
  // Inserts e (id, version ignored; version becomes 1) with its tags and grams; returns the id.
  // Throws Error conflict "duplicate" for an existing USCC.
  static std::int64_t insert(Connection& c, const domain::Enterprise& e);
  // Writes the columns in which `after` differs from `before` (plus updated_at and version) where
  // id = after.id AND version = before.version; returns false when no row matched (stale).
  // Grams and tags are rewritten only when they changed.
  static bool update(Connection& c, const domain::Enterprise& before, const domain::Enterprise& after);
  static void appendHistory(Connection& c, std::int64_t enterprise_id, std::int64_t version,
                            std::string_view change, std::string_view at, std::string_view snapshot_json);
  static EnterprisePage list(Connection& c, const EnterpriseFilter& f);
  static std::int64_t count(Connection& c);
};

// What `q` is matched against: name and aliases, case-folded, one per line.
std::string searchTextOf(const domain::Enterprise& e);

}  // namespace trellis::store
