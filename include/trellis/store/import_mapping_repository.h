// Saved header mappings (sql/014_import_saved_mappings.sql): one per import kind and header
// signature. Callers run these inside Database::write / Database::read.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trellis::store {

class Connection;

struct SavedMappingRecord {
  std::int64_t id = 0;
  std::string kind;
  std::string header_signature;  // SHA-256 hex of the normalised header
  std::string header_json;       // the header as written, JSON array
  std::string mapping_json;      // header text → field key or null, JSON object
  std::string saved_by, saved_at;
};

class ImportMappingRepository {
 public:
  // Inserts, or replaces the mapping of the same (kind, header_signature); returns its id (the
  // existing id when replaced).
  static std::int64_t upsert(Connection& c, const SavedMappingRecord& m);
  static std::optional<SavedMappingRecord> find(Connection& c, std::int64_t id);
  static std::optional<SavedMappingRecord> findBySignature(Connection& c, const std::string& kind,
                                                           const std::string& header_signature);
  // Newest first; kind '' = every kind; at most limit.
  static std::vector<SavedMappingRecord> list(Connection& c, const std::string& kind, int limit);
  // False when there was no such mapping.
  static bool remove(Connection& c, std::int64_t id);
};

}  // namespace trellis::store
