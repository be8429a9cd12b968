// The enterprise's wire format: JSON out, strict JSON in (unknown fields are refused, API3).
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/enterprise.h"

namespace trellis::io {

// What a POST may carry. Values are checked by the service; types here.
struct EnterpriseDraft {
  std::string uscc;
  bool uscc_checksum_override = false;
  std::string name;
  std::vector<std::string> aliases;
  std::string region_code;
  std::string industry;
  std::optional<std::string> founded_on;  // checked as a date by the service
  std::string address;
  std::string legal_representative;
  std::string contact_phone;
  std::vector<std::string> tags;
};

// What a PATCH may carry: a member that is present replaces the stored value.
struct EnterprisePatch {
  std::optional<std::int64_t> version;
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> aliases;
  std::optional<std::string> region_code;
  std::optional<std::string> industry;
  std::optional<std::optional<std::string>> founded_on;  // null clears it
  std::optional<std::string> address;
  std::optional<std::string> legal_representative;
  std::optional<std::string> contact_phone;
  std::optional<std::vector<std::string>> tags;
  std::optional<bool> uscc_checksum_override;
};

EnterpriseDraft parseEnterpriseDraft(const nlohmann::json& body);
EnterprisePatch parseEnterprisePatch(const nlohmann::json& body);

// mask_phone: 138****1234 instead of the number (PIPL: masked unless the duty needs it).
nlohmann::json enterpriseToJson(const domain::Enterprise& e, bool mask_phone);
// The same document as enterpriseToJson(e, mask_phone).dump(), written straight into a string:
// the single-enterprise GET is the hottest path and builds no JSON tree.
std::string enterpriseJsonText(const domain::Enterprise& e, bool mask_phone);
// GET /enterprises: {"items": [...], "next_cursor": text or null, "total"?: n}. Each item is
// enterpriseToJson plus "rung" (the current top stage id, null when none) and "pools" (open pool
// ids); rungs and pools are parallel to items.
nlohmann::json enterpriseListToJson(const std::vector<domain::Enterprise>& items, const std::vector<std::string>& rungs,
                                    const std::vector<std::vector<std::string>>& pools, bool mask_phone,
                                    const std::string& next_cursor, std::optional<std::int64_t> total);
// Appends s as a JSON string literal (UTF-8 kept, quotes, backslashes and controls escaped).
void appendJsonString(std::string& out, std::string_view s);
std::string maskPhone(const std::string& phone);

}  // namespace trellis::io
