#include "trellis/io/enterprise_json.h"

#include <nlohmann/json.hpp>

#include "trellis/core/text.h"
#include "trellis/io/json_body.h"

namespace trellis::io {
namespace {

constexpr size_t kMaxListItems = 32;  // aliases and tags

}  // namespace

EnterpriseDraft parseEnterpriseDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"uscc", "uscc_checksum_override", "name", "aliases", "region", "industry",
                            "founded_on", "address", "legal_representative", "contact_phone", "tags"});
  EnterpriseDraft d;
  auto opt = [&](const char* f) { return body.contains(f) && !body.at(f).is_null(); };
  if (opt("uscc")) d.uscc = stringField(body, "uscc");
  if (opt("uscc_checksum_override")) d.uscc_checksum_override = boolField(body, "uscc_checksum_override");
  if (opt("name")) d.name = stringField(body, "name");
  if (opt("aliases")) d.aliases = stringArrayField(body, "aliases", kMaxListItems);
  if (opt("region")) d.region_code = stringField(body, "region");
  if (opt("industry")) d.industry = stringField(body, "industry");
  if (opt("founded_on")) d.founded_on = stringField(body, "founded_on");
  if (opt("address")) d.address = stringField(body, "address");
  if (opt("legal_representative")) d.legal_representative = stringField(body, "legal_representative");
  if (opt("contact_phone")) d.contact_phone = stringField(body, "contact_phone");
  if (opt("tags")) d.tags = stringArrayField(body, "tags", kMaxListItems);
  return d;
}

EnterprisePatch parseEnterprisePatch(const nlohmann::json& body) {
  requireKnownFields(body, {"version", "uscc_checksum_override", "name", "aliases", "region", "industry",
                            "founded_on", "address", "legal_representative", "contact_phone", "tags"});
  EnterprisePatch p;
  auto has = [&](const char* f) { return body.contains(f); };
  if (has("version")) p.version = intField(body, "version");
  if (has("uscc_checksum_override")) p.uscc_checksum_override = boolField(body, "uscc_checksum_override");
  if (has("name")) p.name = stringField(body, "name");
  if (has("aliases")) p.aliases = stringArrayField(body, "aliases", kMaxListItems);
  if (has("region")) p.region_code = stringField(body, "region");
  if (has("industry")) p.industry = stringField(body, "industry");
  if (has("founded_on")) {
    if (body.at("founded_on").is_null()) p.founded_on = std::optional<std::string>();
    else p.founded_on = std::optional<std::string>(stringField(body, "founded_on"));
  }
  if (has("address")) p.address = stringField(body, "address");
  if (has("legal_representative")) p.legal_representative = stringField(body, "legal_representative");
  if (has("contact_phone")) p.contact_phone = stringField(body, "contact_phone");
  if (has("tags")) p.tags = stringArrayField(body, "tags", kMaxListItems);
  return p;
}

std::string maskPhone(const std::string& phone) {
  auto cps = text::codePoints(phone);
  if (cps.size() <= 4) return std::string(cps.size(), '*');
  // Keep the first 3 and last 4 characters of a mobile number (138****1234); mask the rest.
  size_t keep_head = cps.size() >= 11 ? 3 : 0;
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) out += (i < keep_head || i + 4 >= cps.size()) ? std::string(cps[i]) : "*";
  return out;
}

nlohmann::json enterpriseToJson(const domain::Enterprise& e, bool mask_phone) {
  nlohmann::json j = {
      {"uscc", e.uscc},
      {"uscc_checksum_override", e.uscc_checksum_override},
      {"name", e.name},
      {"aliases", e.aliases},
      {"region", e.region_code},
      {"industry", e.industry},
      {"founded_on", e.founded_on ? nlohmann::json(e.founded_on->toString()) : nlohmann::json(nullptr)},
      {"address", e.address},
      {"legal_representative", e.legal_representative},
      {"contact_phone", mask_phone ? maskPhone(e.contact_phone) : e.contact_phone},
      {"contact_phone_masked", mask_phone && !e.contact_phone.empty()},
      {"tags", e.tags},
      {"archived", e.archived},
      {"created_at", e.created_at},
      {"updated_at", e.updated_at},
      {"version", e.version},
  };
  return j;
}

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

nlohmann::json enterpriseListToJson(const std::vector<domain::Enterprise>& items, const std::vector<std::string>& rungs,
                                    const std::vector<std::vector<std::string>>& pools, bool mask_phone,
                                    const std::string& next_cursor, std::optional<std::int64_t> total) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < items.size(); ++i) {
    nlohmann::json item = enterpriseToJson(items[i], mask_phone);
    item["rung"] = i < rungs.size() && !rungs[i].empty() ? nlohmann::json(rungs[i]) : nlohmann::json(nullptr);
    item["pools"] = i < pools.size() ? nlohmann::json(pools[i]) : nlohmann::json::array();
    out.push_back(std::move(item));
  }
  nlohmann::json body = {{"items", out},
                         {"next_cursor", next_cursor.empty() ? nlohmann::json(nullptr) : nlohmann::json(next_cursor)}};
  if (total) body["total"] = *total;
  return body;
}

std::string enterpriseJsonText(const domain::Enterprise& e, bool mask_phone) {
  // Members in nlohmann's (sorted) order, so both writers produce the same bytes.
  std::string out;
  out.reserve(512);
  auto key = [&](const char* k) {
    out += out.empty() ? "{\"" : ",\"";
    out += k;
    out += "\":";
  };
  auto list = [&](const std::vector<std::string>& items) {
    out += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      appendJsonString(out, items[i]);
    }
    out += ']';
  };
  key("address"); appendJsonString(out, e.address);
  key("aliases"); list(e.aliases);
  key("archived"); out += e.archived ? "true" : "false";
  key("contact_phone"); appendJsonString(out, mask_phone ? maskPhone(e.contact_phone) : e.contact_phone);
  key("contact_phone_masked"); out += (mask_phone && !e.contact_phone.empty()) ? "true" : "false";
  key("created_at"); appendJsonString(out, e.created_at);
  key("founded_on");
  if (e.founded_on) appendJsonString(out, e.founded_on->toString());
  else out += "null";
  key("industry"); appendJsonString(out, e.industry);
  key("legal_representative"); appendJsonString(out, e.legal_representative);
  key("name"); appendJsonString(out, e.name);
  key("region"); appendJsonString(out, e.region_code);
  key("tags"); list(e.tags);
  key("updated_at"); appendJsonString(out, e.updated_at);
  key("uscc"); appendJsonString(out, e.uscc);
  key("uscc_checksum_override"); out += e.uscc_checksum_override ? "true" : "false";
  key("version"); out += std::to_string(e.version);
  out += '}';
  return out;
}

}  // namespace trellis::io
