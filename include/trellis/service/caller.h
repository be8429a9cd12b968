// Who is asking, as the service layer sees it: filled in by http/ from the session (auth/), or
// by app/ for CLI commands. Services use it for scope filtering and the audit trail.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "trellis/domain/role.h"

namespace trellis::service {

struct Caller {
  std::int64_t user_id = 0;      // 0 for the system caller
  std::string user = "system";   // login, or "system" for CLI and demo loading
  domain::Role role = domain::Role::system;
  std::string region_scope;      // empty = the whole city; otherwise one region code
  std::string request_id;
  std::string client_address;

  bool cityWide() const { return region_scope.empty(); }
  // Liaison officers see only the enterprises they are the active liaison of.
  bool assignedOnly() const { return role == domain::Role::liaison; }
  // Regions whose objects this caller may see; empty means all (city-wide).
  std::vector<std::string> visibleRegions() const {
    return cityWide() ? std::vector<std::string>{} : std::vector<std::string>{region_scope};
  }
  bool canSeeRegion(const std::string& code) const { return cityWide() || code == region_scope; }
};

}  // namespace trellis::service
