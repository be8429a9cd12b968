#include "trellis/store/migrations.h"

#include "trellis/core/error.h"
#include "trellis/store/database.h"

namespace trellis::store {

std::int64_t latestSchemaVersion() {
  const auto& all = embeddedMigrations();
  return all.empty() ? 0 : all.back().version;
}

int migrate(Connection& conn, const std::vector<Migration>& migrations) {
  std::int64_t current = conn.userVersion();
  std::int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    throw Error(errc::schema_too_new, "database schema version " + std::to_string(current) +
                              " is newer than this trellis (knows up to " + std::to_string(latest) +
                              "); upgrade trellis before opening this database");
  }
  int applied = 0;
  for (const auto& m : migrations) {
    if (m.version <= current) continue;
    Transaction tx(conn, Transaction::Mode::immediate);
    conn.exec(m.sql);
    conn.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace trellis::store
