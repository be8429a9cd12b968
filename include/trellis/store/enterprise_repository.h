// The enterprise aggregate's tables: enterprise, enterprise_tag, enterprise_gram,
// enterprise_history. Callers run these inside Database::write / Database::read.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trellis/domain/enterprise.h"
#include "trellis/store/list_scope.h"

namespace trellis::store {

class Connection;

// The orders a list may take (GET /enterprises?sort=); ties are broken by id in the same direction.
enum class EnterpriseSort { id, name, created, region, rung };

struct EnterpriseFilter {
  ListScope scope;  // the caller's, applied in SQL
  std::string region;             // exact region code, empty = any
  std::string industry;           // exact, empty = any
  std::string tag;                // exact, empty = any
  std::string q;                  // ≥ 2 characters of the name or an alias, or a USCC prefix
  bool include_archived = false;
  // The ladder position (rules::Ladder LV1–LV4 on the stored records): a designation counts on
  // `today` when starts_on ≤ today ≤ ends_on, it is not revoked on or before today and no record
  // corrects it. rung_order maps each stage id to its place in the ladder's order (rank, then
  // config order): the current rung is the valid stage with the highest place.
  std::string today;                              // YYYY-MM-DD
  std::vector<std::pair<std::string, int>> rung_order;
  std::optional<int> rung_place;                  // current rung is this place; -1 = holds none
  std::string pool;                               // an open membership of this pool, empty = any
  std::string expiring_until;                     // a valid designation with ends_on ≤ this day (YYYY-MM-DD)
  EnterpriseSort sort = EnterpriseSort::id;
  bool descending = false;
  int limit = 50;                 // caller caps it
  // Keyset cursor: rows after (after_key, after_id) in the sort's order. For EnterpriseSort::id
  // only after_id counts (0 = from the start); for the others, has_after says a cursor was given.
  std::int64_t after_id = 0;
  bool has_after = false;
  std::string after_key;          // text of the sort key (rung: the place as decimal)
  bool want_total = false;
};

struct EnterprisePage {
  std::vector<domain::Enterprise> items;
  // Parallel to items: the current rung's place (-1 = none) and the open pools (pool ids).
  std::vector<int> rung_places;
  std::vector<std::vector<std::string>> pools;
  std::optional<std::int64_t> next_after_id;  // set when more rows follow
  std::string next_after_key;                 // the last row's sort key, when more rows follow
  std::optional<std::int64_t> total;
};

class EnterpriseRepository {
 public:
  // nullopt when no enterprise has this (normalised) code, archived ones included.
  static std::optional<domain::Enterprise> findByUscc(Connection& c, std::string_view uscc);
  // Enterprises not archived whose registered name, or one of whose aliases, is exactly `name`
  // (an import row that names its enterprise without a code); at most `limit`, by id.
  static std::vector<domain::Enterprise> findByRegisteredName(Connection& c, std::string_view name, int limit);
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
