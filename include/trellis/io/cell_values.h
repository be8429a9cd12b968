// Cell text to typed values for import (issue 12): exact decimal arithmetic for money (never a
// float), full-width digits and thousands separators, dates as text or XLSX serial numbers.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "trellis/core/date.h"
#include "trellis/io/import_mapping.h"
#include "trellis/io/table_source.h"

namespace trellis::io {

// Full-width digits, signs, point and comma folded to ASCII (１２３，４５６．７ → 123,456.7), ASCII
// and ideographic spaces trimmed, then thousands separators removed where they group the integer
// digits in threes (1,234,567); text that does not fit that pattern is returned folded, unchanged.
std::string normaliseNumberText(std::string_view text);

// An outcome per cell: a value, or an error code with a Chinese message.
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string code;     // empty when value is set
  std::string message;  // Chinese
};

// Decimal text (after normaliseNumberText; optional sign, digits, optional fraction, optional
// exponent as XLSX stores "1.2345E+7") times scale, in integer yuan. Rule for a fraction of a yuan
// after scaling: rounded half away from zero (四舍五入), computed on the exact decimal digits.
// Errors: not_a_number, number_too_large (outside ±9.2e18).
Parsed<std::int64_t> parseMoney(std::string_view text, std::int64_t scale);
// A whole number; "12.0" and "1.2E+3" are accepted when exact; "12.5" is not_an_integer.
Parsed<std::int64_t> parseInteger(std::string_view text);

// 2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日 (full-width digits too, one- or two-digit month
// and day, an optional trailing time " 00:00:00" ignored). nullopt for anything else or an
// impossible date.
std::optional<Date> parseDateText(std::string_view text);
// An XLSX serial day number in the 1900 date system (1 = 1900-01-01; 60 is the non-existent
// 1900-02-29 that Excel counts, so serials from 61 on are one day less; a fractional part — the
// time of day — is dropped). nullopt for serial < 1, 60, or past 9999-12-31.
std::optional<Date> dateFromSerial(std::string_view serial_text);
// The serial of d (inverse of dateFromSerial, for writers and tests).
std::int64_t serialFromDate(const Date& d);

// Text for a text field: trimmed of ASCII and ideographic spaces; a leading "'" that our writers
// put before = + - @ tab CR (formula neutralisation) is taken off again.
std::string cleanText(std::string_view text);

// Converts one source cell for field (scale from its ColumnBinding). value is JSON null for an
// empty cell, else: text → string, integer/money → integer, decimal → number, date → "YYYY-MM-DD", boolean → bool. Error codes: not_a_number, not_an_integer,
// number_too_large, not_a_date, not_a_boolean, formula_error.
struct CellConversion {
  nlohmann::json value;
  std::string code;     // empty when it converted
  std::string message;  // Chinese

  bool ok() const { return code.empty(); }
};
CellConversion convertCell(const ImportField& field, std::int64_t scale, const SourceCell& cell);

}  // namespace trellis::io
