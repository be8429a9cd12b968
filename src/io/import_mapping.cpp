#include "trellis/io/import_mapping.h"

#include <nlohmann/json.hpp>
#include <set>

#include "trellis/core/error.h"
#include "trellis/io/catalog_config.h"

namespace trellis::io {

std::optional<FieldType> parseFieldType(std::string_view name) {
  if (name == "text") return FieldType::text;
  if (name == "integer") return FieldType::integer;
  if (name == "money") return FieldType::money;
  if (name == "decimal") return FieldType::decimal;
  if (name == "date") return FieldType::date;
  if (name == "boolean") return FieldType::boolean;
  return std::nullopt;
}

const char* fieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::text: return "text";
    case FieldType::integer: return "integer";
    case FieldType::money: return "money";
    case FieldType::decimal: return "decimal";
    case FieldType::date: return "date";
    case FieldType::boolean: return "boolean";
  }
  return "text";
}

const ImportField* ImportKind::findField(std::string_view k) const {
  for (const auto& f : fields)
    if (f.key == k) return &f;
  return nullptr;
}

std::vector<std::string> ImportKind::headerNames() const {
  std::vector<std::string> out;
  for (const auto& f : fields) out.insert(out.end(), f.headers.begin(), f.headers.end());
  return out;
}

const ImportKind* ImportMapping::findKind(std::string_view k) const {
  for (const auto& kind : kinds)
    if (kind.key == k) return &kind;
  return nullptr;
}

const ColumnBinding* HeaderMatch::forField(std::string_view k) const {
  for (const auto& b : bound)
    if (b.field && b.field->key == k) return &b;
  return nullptr;
}

std::string normaliseHeader(std::string_view h) {
  std::string out;
  out.reserve(h.size());
  for (size_t i = 0; i < h.size();) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(h[i + k]); };
    if (i + 2 < h.size() && b(0) == 0xEF && (b(1) == 0xBC || b(1) == 0xBD) && b(2) >= 0x80 && b(2) <= 0xBF) {
      unsigned cp = 0xFF00 + ((b(1) == 0xBD ? 0x40u : 0u) | (b(2) & 0x3Fu));
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        char c = static_cast<char>(cp - 0xFEE0);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out += c;
        i += 3;
        continue;
      }
    }
    if (i + 2 < h.size() && b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) { i += 3; continue; }  // U+3000
    if (i + 1 < h.size() && b(0) == 0xC2 && b(1) == 0xA0) { i += 2; continue; }                   // U+00A0
    char c = h[i++];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
  }
  while (!out.empty() && out.back() == '*') out.pop_back();
  size_t lead = 0;
  while (lead < out.size() && out[lead] == '*') ++lead;
  return out.substr(lead);
}

namespace {

// Where a config value sits: the file and a JSON path such as kinds.enterprises.fields[2].key.
struct ConfigPath {
  const std::string& file;

  [[noreturn]] void bad(const std::string& path, const std::string& what) const {
    throw Error(errc::config_invalid, file + ": " + path + " " + what, path);
  }
  const nlohmann::json& member(const nlohmann::json& o, const char* key, const std::string& path) const {
    std::string at = path.empty() ? key : path + "." + key;
    if (!o.is_object() || !o.contains(key)) bad(at, "is missing");
    return o.at(key);
  }
  std::string nonEmptyString(const nlohmann::json& v, const std::string& path) const {
    if (!v.is_string() || v.get<std::string>().empty()) bad(path, "must be a non-empty string");
    return v.get<std::string>();
  }
};

// "name(unit)" split at its last parenthesised group; nullopt when h has none.
std::optional<std::pair<std::string, std::string>> splitSuffix(const std::string& h) {
  if (h.size() < 3 || h.back() != ')') return std::nullopt;
  size_t open = h.rfind('(');
  if (open == std::string::npos || open == 0) return std::nullopt;
  return std::pair{h.substr(0, open), h.substr(open + 1, h.size() - open - 2)};
}

}  // namespace

ImportMapping parseImportMapping(const nlohmann::json& config, const std::string& where) {
  ImportMapping m;
  ConfigPath cp{where};
  auto bad = [&](const std::string& path, const std::string& what) { cp.bad(path, what); };
  auto member = [&](const nlohmann::json& o, const char* key, const std::string& path) -> const nlohmann::json& {
    return cp.member(o, key, path);
  };
  auto nonEmptyString = [&](const nlohmann::json& v, const std::string& path) { return cp.nonEmptyString(v, path); };
  const auto& units = member(config, "money_units", "");
  if (!units.is_object() || units.empty()) bad("money_units", "must be a non-empty object");
  for (const auto& [name, v] : units.items()) {
    std::string at = "money_units." + name;
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1) bad(at, "must be a positive power of ten");
    std::int64_t s = v.get<std::int64_t>();
    while (s % 10 == 0) s /= 10;
    if (s != 1) bad(at, "must be a positive power of ten");
    m.money_units[normaliseHeader(name)] = v.get<std::int64_t>();
  }
  const auto& kinds = member(config, "kinds", "");
  if (!kinds.is_object() || kinds.empty()) bad("kinds", "must be a non-empty object");
  for (const auto& [key, k] : kinds.items()) {
    std::string kw = "kinds." + key;
    ImportKind kind;
    kind.key = key;
    kind.label_zh = nonEmptyString(member(k, "label_zh", kw), kw + ".label_zh");
    const auto& fields = member(k, "fields", kw);
    if (!fields.is_array() || fields.empty()) bad(kw + ".fields", "must be a non-empty array");
    std::set<std::string> headers_seen;
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string fw = kw + ".fields[" + std::to_string(i) + "]";
      const auto& f = fields[i];
      ImportField field;
      field.key = nonEmptyString(member(f, "key", fw), fw + ".key");
      if (kind.findField(field.key)) bad(fw + ".key", "duplicates field '" + field.key + "'");
      auto type = parseFieldType(nonEmptyString(member(f, "type", fw), fw + ".type"));
      if (!type) bad(fw + ".type", "must be one of text, integer, money, decimal, date, boolean");
      field.type = *type;
      if (f.contains("required")) {
        if (!f.at("required").is_boolean()) bad(fw + ".required", "must be true or false");
        field.required = f.at("required").get<bool>();
      }
      const auto& hs = member(f, "headers", fw);
      if (!hs.is_array() || hs.empty()) bad(fw + ".headers", "must be a non-empty array");
      for (size_t j = 0; j < hs.size(); ++j) {
        std::string hw = fw + ".headers[" + std::to_string(j) + "]";
        std::string h = nonEmptyString(hs[j], hw);
        if (!headers_seen.insert(normaliseHeader(h)).second) bad(hw, "'" + h + "' is used twice in " + key);
        field.headers.push_back(h);
      }
      if (f.contains("unit")) {
        if (field.type != FieldType::money) bad(fw + ".unit", "is only for money fields");
        field.unit = nonEmptyString(f.at("unit"), fw + ".unit");
        if (!m.money_units.count(normaliseHeader(field.unit))) bad(fw + ".unit", "'" + field.unit + "' is not in money_units");
      } else if (field.type == FieldType::money) {
        bad(fw + ".unit", "is missing (a money field needs its default unit)");
      }
      kind.fields.push_back(std::move(field));
    }
    if (k.contains("match_keys")) {
      const auto& mk = k.at("match_keys");
      if (!mk.is_array()) bad(kw + ".match_keys", "must be an array");
      for (size_t j = 0; j < mk.size(); ++j) {
        std::string w = kw + ".match_keys[" + std::to_string(j) + "]";
        std::string f = nonEmptyString(mk[j], w);
        if (!kind.findField(f)) bad(w, "'" + f + "' is not a field of " + key);
        kind.match_keys.push_back(f);
      }
    }
    m.kinds.push_back(std::move(kind));
  }
  return m;
}

ImportMapping loadImportMapping(const std::string& path) { return parseImportMapping(readConfigJson(path), path); }

HeaderMatch matchHeader(const ImportMapping& mapping, const ImportKind& kind, const std::vector<std::string>& header,
                        const std::map<std::string, std::string>& overrides) {
  std::map<std::string, const ImportField*> by_name;
  for (const auto& f : kind.fields)
    for (const auto& h : f.headers) by_name[normaliseHeader(h)] = &f;
  std::map<std::string, std::string> over;
  for (const auto& [h, k] : overrides) over[normaliseHeader(h)] = k;

  HeaderMatch out;
  std::map<std::string, size_t> claimed;  // field key → 1-based column
  for (size_t col = 0; col < header.size(); ++col) {
    std::string norm = normaliseHeader(header[col]);
    if (norm.empty()) {
      out.ignored.push_back(col);
      continue;
    }
    ColumnBinding b;
    b.column = col;
    std::optional<std::string> unit;
    if (auto it = over.find(norm); it != over.end()) {
      if (it->second.empty()) {
        out.ignored.push_back(col);
        continue;
      }
      b.field = kind.findField(it->second);
      if (auto split = splitSuffix(norm); split && b.field && b.field->type == FieldType::money) unit = split->second;
    } else if (auto hit = by_name.find(norm); hit != by_name.end()) {
      b.field = hit->second;
    } else if (auto split = splitSuffix(norm)) {
      if (auto base = by_name.find(split->first); base != by_name.end()) {
        b.field = base->second;
        unit = split->second;
      }
    }
    if (!b.field) {
      out.ignored.push_back(col);
      continue;
    }
    if (b.field->type == FieldType::money) {
      b.unit = unit ? *unit : b.field->unit;
      auto u = mapping.money_units.find(normaliseHeader(b.unit));
      if (u == mapping.money_units.end()) {
        out.problems.push_back({"unknown_unit", "第" + std::to_string(col + 1) + "列“" + header[col] + "”的单位“" + b.unit + "”无法识别（可用：元、万元、亿元）",
                                col + 1, b.field->key});
        continue;
      }
      b.scale = u->second;
    } else if (unit && mapping.money_units.count(*unit)) {
      out.problems.push_back({"unknown_unit", "第" + std::to_string(col + 1) + "列“" + header[col] + "”不是金额，不能带单位“" + *unit + "”",
                              col + 1, b.field->key});
      continue;
    }
    if (auto seen = claimed.find(b.field->key); seen != claimed.end()) {
      out.problems.push_back({"duplicate_column", "第" + std::to_string(seen->second) + "列与第" + std::to_string(col + 1) + "列都对应“" +
                                                      b.field->headers.front() + "”",
                              col + 1, b.field->key});
      continue;
    }
    claimed[b.field->key] = col + 1;
    out.bound.push_back(b);
  }
  for (const auto& f : kind.fields)
    if (f.required && !claimed.count(f.key))
      out.problems.push_back({"missing_required", "缺少必填列“" + f.headers.front() + "”", 0, f.key});
  return out;
}

}  // namespace trellis::io
