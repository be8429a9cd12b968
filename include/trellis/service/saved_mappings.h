// Saved header mappings (issue 12 "a saved mapping per template"; sql/014_import_saved_mappings.sql):
// a mapping a user confirmed for an import kind and one exact header (headerSignature), applied by
// itself when a file with the same header arrives (ImportBatches::upload, recheck without a
// mapping).
//
// Scope: shared by everyone who may import (import.run saves and deletes, import.read lists),
// bureau and counties alike — a mapping holds header texts and field keys, no data, and a
// province list or a ledger template has the same columns in every county. Saving again for the
// same kind and header replaces the mapping. Saves and deletes are audited (import.mapping_save,
// import.mapping_delete; object import_mapping, city-wide).
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/import_mapping_repository.h"

namespace trellis::service {

// The most saved mappings one list answers.
constexpr int kMaxSavedMappingsListed = 200;

class SavedMappings {
 public:
  explicit SavedMappings(const Context& ctx);

  // The mapping saved for kind and this header, if any (read on its own connection).
  std::optional<store::SavedMappingRecord> find(const std::string& kind, const std::vector<std::string>& header) const;
  // Saves (or replaces) the mapping on c, the caller's write transaction, audited there; returns it.
  store::SavedMappingRecord save(store::Connection& c, const Caller& caller, const std::string& kind,
                                 const std::vector<std::string>& header,
                                 const std::map<std::string, std::string>& mapping) const;
  // Newest first, at most kMaxSavedMappingsListed; kind '' = every kind.
  std::vector<store::SavedMappingRecord> list(const std::string& kind) const;
  // Throws not_found "import_mapping_not_found".
  void remove(const Caller& caller, std::int64_t id) const;

 private:
  const Context& ctx_;
};

// {id, kind, header, mapping, saved_by, saved_at}
nlohmann::json savedMappingToJson(const store::SavedMappingRecord& m);

}  // namespace trellis::service
