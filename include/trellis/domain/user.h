// A person who uses Trellis: a role and a region scope (ARCHITECTURE.md "User, role, audit").
#pragma once
#include <cstdint>
#include <string>

namespace trellis::domain {

struct User {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  std::string role;                 // admin | bureau | county | liaison | auditor | viewer
  std::string region_scope;         // empty: the whole city
  std::string password_hash;        // PHC string; never leaves auth/ and store/
  std::int64_t password_changed_at = 0;
  bool active = true;
  int failed_logins = 0;
  std::int64_t locked_until = 0;    // unix seconds
  std::string created_at;
  std::string updated_at;
};

struct Session {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::string client_address;
};

}  // namespace trellis::domain
