// The record keys the import kinds past enterprises and designations keep in
// import_change.record_key: "<uscc>/<n>" — n the year (indicators), the member id (pool members)
// or the contact id (contacts) — so that ImportBatches names the enterprise of a refused revert
// (the part before '/'). Internal to the service layer.
#pragma once
#include <cstdint>
#include <string>

#include "trellis/core/error.h"

namespace trellis::service::import_keys {

inline std::string recordKey(const std::string& uscc, std::int64_t n) { return uscc + "/" + std::to_string(n); }

inline std::string usccOf(const std::string& key) { return key.substr(0, key.find('/')); }

inline std::int64_t numberOf(const std::string& key) {
  auto slash = key.rfind('/');
  if (slash == std::string::npos || slash + 1 == key.size())
    throw Error(errc::internal, "an import change has a malformed record key " + key);
  return std::stoll(key.substr(slash + 1));
}

}  // namespace trellis::service::import_keys
