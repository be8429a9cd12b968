// The liaison_assignment table: which officer looks after which enterprise (one active each,
// enforced by the unique index liaison_one_active), with history kept as ended rows.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "trellis/domain/liaison.h"

namespace trellis::store {

class Connection;

class LiaisonRepository {
 public:
  // True when officer_id is the enterprise's active liaison officer.
  static bool isActiveOfficer(Connection& c, std::int64_t enterprise_id, std::int64_t officer_id);
  // The active assignment, with the officer's login and name; nullopt when none.
  static std::optional<domain::LiaisonAssignment> active(Connection& c, std::int64_t enterprise_id);
  // Every assignment of the enterprise, newest first (the active one, if any, first).
  static std::vector<domain::LiaisonAssignment> history(Connection& c, std::int64_t enterprise_id);
  // Ends an active assignment. Returns false when it was not active.
  static bool end(Connection& c, std::int64_t assignment_id, std::string_view ended_at, std::string_view reason);
  // Opens an assignment; assigned_by_id 0 = the system. Throws Error conflict when the enterprise
  // already has an active one (end it first).
  static std::int64_t insert(Connection& c, std::int64_t enterprise_id, std::int64_t officer_id,
                             std::string_view assigned_at, std::int64_t assigned_by_id);
};

}  // namespace trellis::store
