// Shared by the store and demo-data tests: a temp dir removed at the end, and a real SQLite
// database in it with every migration applied and the shipped regions loaded.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "trellis/domain/catalog.h"
#include "trellis/io/catalog_config.h"
#include "trellis/store/database.h"
#include "trellis/store/region_repository.h"

#ifndef TRELLIS_SOURCE_DIR
#error "TRELLIS_SOURCE_DIR must point at the source tree"
#endif

namespace trellis::store::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/trellis-unit-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The shipped config/regions.json and industries.json.
inline const domain::Catalog& shippedCatalog() {
  static const domain::Catalog catalog = io::loadCatalog(std::string(TRELLIS_SOURCE_DIR) + "/config/regions.json",
                                                         std::string(TRELLIS_SOURCE_DIR) + "/config/industries.json");
  return catalog;
}

// A migrated database file in its own temp dir, with the shipped regions in the region table.
struct TestDatabase {
  TempDir dir;
  std::unique_ptr<Database> db;
  // Test builds fail on a connection handed back with a busy statement or an open transaction.
  explicit TestDatabase(DirtyConnectionPolicy policy = DirtyConnectionPolicy::fail) {
    DatabaseOptions options{dir.file("t.db")};
    options.dirty_connections = policy;
    db = std::make_unique<Database>(options);
    db->write([](Connection& c) { RegionRepository::upsertAll(c, shippedCatalog().allRegions()); });
  }
};

}  // namespace trellis::store::test
