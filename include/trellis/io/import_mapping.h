// config/import.json: for each import kind (enterprises, indicators, designations, pool_members,
// liaison_assignments, contacts, graph_nodes, graph_links, targets) the canonical fields with their
// Chinese header and its common synonyms, and the units a header may carry (issue 12).
//
// Header matching compares normaliseHeader() of both sides: full-width ASCII folded to half-width
// (（ → (, ：→ :, full-width digits and letters), U+3000 and every ASCII space and line break
// removed, a trailing required-marker "*" dropped, ASCII letters lower-cased. A money field's
// header may end with a unit in parentheses — 营业收入（万元）, (元), （亿元） — taken off before the
// match and turned into the cell's scale; parentheses that are not a known unit stay part of the
// name (县（市、区）).
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::io {

enum class FieldType {
  text,
  integer,   // counts, years; whole numbers only
  money,     // integer yuan; the header's unit (or the field's default unit) scales it exactly
  decimal,   // a ratio or share (a JSON number: not money, so a double is acceptable)
  date,      // ISO date; text forms and XLSX serial numbers accepted
  boolean,   // 是/否, Y/N, true/false, 1/0, √/×
};

// "text", "integer", …; nullopt for an unknown name.
std::optional<FieldType> parseFieldType(std::string_view name);
const char* fieldTypeName(FieldType t);

struct ImportField {
  std::string key;                   // canonical name = the API's JSON member, e.g. "uscc"
  FieldType type = FieldType::text;
  bool required = false;
  std::vector<std::string> headers;  // the first is the template's header; the rest are synonyms
  std::string unit;                  // money: the unit assumed when the header names none ("元")
};

struct ImportKind {
  std::string key;       // e.g. "enterprises"
  std::string label_zh;  // e.g. "企业"
  std::vector<std::string> match_keys;  // fields that identify a row, e.g. ["uscc"] or ["uscc","year"]
  std::vector<ImportField> fields;

  const ImportField* findField(std::string_view key) const;
  // Every header and synonym of every field, as written in the config (for HeaderRule::known).
  std::vector<std::string> headerNames() const;
};

struct ImportMapping {
  std::map<std::string, std::int64_t> money_units;  // unit → yuan per unit: 元 1, 万元 10000, 亿元 1e8
  std::vector<ImportKind> kinds;

  const ImportKind* findKind(std::string_view key) const;
};

// Throws Error invalid "config_invalid" naming the file and the JSON path at fault, e.g.
// "config/import.json: kinds.enterprises.fields[2].headers[0] must be a non-empty string" (field =
// the JSON path), for:
// a missing or mistyped member, an unknown type, a duplicate field key, a header or synonym used
// twice within a kind (after normalisation), a money unit that is not a positive power of ten, a
// default unit not in money_units, a match key that is not a field.
ImportMapping loadImportMapping(const std::string& path);
// where: the file name used in messages.
ImportMapping parseImportMapping(const nlohmann::json& config, const std::string& where);

std::string normaliseHeader(std::string_view header);

// One header column bound to a field.
struct ColumnBinding {
  std::size_t column = 0;            // 0-based column of the header
  const ImportField* field = nullptr;  // points into the ImportKind
  std::int64_t scale = 1;            // money: yuan per unit of the cells; 1 otherwise
  std::string unit;                  // the unit in effect (money), e.g. "万元"
};

struct HeaderProblem {
  std::string code;      // duplicate_column, unknown_unit, missing_required
  std::string message;   // Chinese
  std::size_t column = 0;  // 1-based; 0 for missing_required
  std::string field;     // the field key concerned
};

struct HeaderMatch {
  std::vector<ColumnBinding> bound;    // in column order
  std::vector<std::size_t> ignored;    // 0-based columns no field claims (reported, not an error)
  std::vector<HeaderProblem> problems; // any problem means the file cannot be imported as mapped

  const ColumnBinding* forField(std::string_view key) const;
  bool ok() const { return problems.empty(); }
};

// Binds header columns to kind's fields. overrides (a saved mapping per template) maps a header
// text (compared normalised) to a field key, or to "" to ignore the column; it wins over the
// config. An unknown unit on a money field, or a money unit (元/万元/亿元) on a field that is not
// money, is unknown_unit; other parenthesised notes on non-money fields (职工总数（人）) are accepted.
HeaderMatch matchHeader(const ImportMapping& mapping, const ImportKind& kind,
                        const std::vector<std::string>& header,
                        const std::map<std::string, std::string>& overrides = {});

}  // namespace trellis::io
