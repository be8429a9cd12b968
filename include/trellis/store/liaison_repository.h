// The liaison_assignment table: which officer looks after which enterprise (one active each).
#pragma once
#include <cstdint>

namespace trellis::store {

class Connection;

class LiaisonRepository {
 public:
  // True when officer_id is the enterprise's active liaison officer.
  static bool isActiveOfficer(Connection& c, std::int64_t enterprise_id, std::int64_t officer_id);
};

}  // namespace trellis::store
