// Ordered schema migrations from sql/NNN_<what>.sql, compiled into the binary. The database
// records the applied version in PRAGMA user_version, bumped in the same transaction as the
// migration, so a crash leaves the file entirely at V or at V+1 (RELIABILITY.md T29).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace trellis::store {

class Connection;

struct Migration {
  std::int64_t version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& embeddedMigrations();
std::int64_t latestSchemaVersion();

// Applies every migration newer than the file's version, each in its own IMMEDIATE transaction.
// Returns the number applied. Throws Error failed_precondition "schema_too_new" when the file was
// written by a newer Trellis.
int migrate(Connection& conn, const std::vector<Migration>& migrations = embeddedMigrations());

}  // namespace trellis::store
