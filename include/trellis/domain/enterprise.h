// An enterprise in the register, keyed publicly by its 统一社会信用代码.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"

namespace trellis::domain {

struct Enterprise {
  std::int64_t id = 0;                 // internal row id; never on the wire
  std::string uscc;                    // normalised 18-character code
  bool uscc_checksum_override = false; // stored when a bad check character was accepted on purpose
  std::string name;                    // Chinese legal name, required
  std::vector<std::string> aliases;    // short names, former names
  std::string region_code;             // responsible region; NOT derived from the USCC
  std::string industry;                // one of config industries (RULES.md §0), may be empty
  std::optional<Date> founded_on;
  std::string address;
  std::string legal_representative;
  std::string contact_phone;
  std::vector<std::string> tags;
  bool archived = false;
  std::string created_at;              // ISO 8601 UTC
  std::string updated_at;
  std::int64_t version = 1;            // optimistic concurrency; +1 on every change
};

}  // namespace trellis::domain
