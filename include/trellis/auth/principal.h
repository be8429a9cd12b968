// A signed-in user as the rest of the system sees them, and where a request came from.
#pragma once
#include <cstdint>
#include <string>

namespace trellis::auth {

struct Principal {
  std::int64_t user_id = 0;
  std::string login, display_name, role, region_scope;
  std::string token_hash, csrf_token;
  std::int64_t absolute_expires_at = 0, idle_expires_at = 0;
};

struct RequestOrigin {
  std::string client_address;
  std::string request_id;
};

}  // namespace trellis::auth
