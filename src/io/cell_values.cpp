#include "trellis/io/cell_values.h"

#include <array>
#include <limits>

#include "trellis/io/cell_guard.h"

namespace trellis::io {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// Appends the ASCII form of the full-width character at s[i] (U+FF01…U+FF5E, 3 bytes EF BC/BD xx)
// or of U+2212 MINUS SIGN; returns the bytes consumed, 0 when s[i] starts neither.
size_t foldFullWidth(std::string_view s, size_t i, std::string& out) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (i + 2 < s.size() && b(0) == 0xEF && (b(1) == 0xBC || b(1) == 0xBD) && b(2) >= 0x80 && b(2) <= 0xBF) {
    unsigned cp = 0xFF00 + ((b(1) == 0xBD ? 0x40u : 0u) | (b(2) & 0x3Fu));
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out += static_cast<char>(cp - 0xFEE0);
      return 3;
    }
  }
  if (i + 2 < s.size() && b(0) == 0xE2 && b(1) == 0x88 && b(2) == 0x92) {
    out += '-';
    return 3;
  }
  return 0;
}

// Length of the space at s[i]: ASCII space/tab/CR/LF, U+3000 or U+00A0; 0 otherwise.
size_t spaceAt(std::string_view s, size_t i) {
  char c = s[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (s.substr(i, 3) == "\xE3\x80\x80") return 3;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  return 0;
}

std::string_view trimSpaces(std::string_view s) {
  for (;;) {
    if (s.empty()) return s;
    size_t n = spaceAt(s, 0);
    if (!n) break;
    s.remove_prefix(n);
  }
  for (;;) {
    if (s.empty()) return s;
    size_t n = 0;
    for (size_t k : {size_t{1}, size_t{2}, size_t{3}})
      if (s.size() >= k && spaceAt(s, s.size() - k) == k) { n = k; break; }
    if (!n) break;
    s.remove_suffix(n);
  }
  return s;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number as digits × 10^exponent (digits without leading zeros, "" for zero).
struct Decimal {
  bool negative = false;
  std::string digits;
  std::int64_t exponent = 0;
};

std::optional<Decimal> parseDecimal(std::string_view s) {
  Decimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  bool any = false;
  std::int64_t frac = 0;
  for (; i < s.size() && isDigit(s[i]); ++i) {
    any = true;
    if (!(d.digits.empty() && s[i] == '0')) d.digits += s[i];
  }
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && isDigit(s[i]); ++i) {
      any = true;
      if (!(d.digits.empty() && s[i] == '0')) d.digits += s[i];
      ++frac;
    }
  }
  if (!any) return std::nullopt;
  std::int64_t exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    for (; i < s.size() && isDigit(s[i]); ++i) {
      exp = exp * 10 + (s[i] - '0');
      if (exp > 100000) return std::nullopt;
    }
    if (neg) exp = -exp;
  }
  if (i != s.size()) return std::nullopt;
  d.exponent = exp - frac;
  // Trailing zeros into the exponent, so "1200" is 12 × 10^2.
  while (!d.digits.empty() && d.digits.back() == '0') {
    d.digits.pop_back();
    ++d.exponent;
  }
  if (d.digits.empty()) d.negative = false;
  return d;
}

int powerOfTen(std::int64_t scale) {
  int k = 0;
  while (scale > 1 && scale % 10 == 0) {
    scale /= 10;
    ++k;
  }
  return scale == 1 ? k : -1;
}

enum class Rounding { half_away, exact };

// d × 10^shift as an int64; nullopt with code set on failure.
Parsed<std::int64_t> toInteger(const Decimal& d, std::int64_t shift, Rounding rounding) {
  Parsed<std::int64_t> out;
  std::int64_t e = d.exponent + shift;
  std::string_view keep = d.digits;
  bool round_up = false;
  if (e < 0) {
    std::int64_t drop = -e;
    if (drop >= static_cast<std::int64_t>(keep.size())) {
      round_up = drop == static_cast<std::int64_t>(keep.size()) && !keep.empty() && keep[0] >= '5';
      if (rounding == Rounding::exact && !keep.empty()) {
        out.code = "not_an_integer";
        out.message = "应为整数";
        return out;
      }
      keep = {};
    } else {
      round_up = keep[keep.size() - static_cast<size_t>(drop)] >= '5';
      keep.remove_suffix(static_cast<size_t>(drop));
      if (rounding == Rounding::exact) {
        out.code = "not_an_integer";  // digits dropped are non-zero (trailing zeros were folded)
        out.message = "应为整数";
        return out;
      }
    }
    e = 0;
  }
  if (static_cast<std::int64_t>(keep.size()) + e > 19) {
    out.code = "number_too_large";
    out.message = "数值过大";
    return out;
  }
  std::uint64_t v = 0;
  for (char c : keep) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  for (std::int64_t k = 0; k < e; ++k) {
    if (v > std::numeric_limits<std::uint64_t>::max() / 10) { v = std::numeric_limits<std::uint64_t>::max(); break; }
    v *= 10;
  }
  if (round_up) ++v;
  if (v > static_cast<std::uint64_t>(kMax)) {
    out.code = "number_too_large";
    out.message = "数值过大";
    return out;
  }
  auto sv = static_cast<std::int64_t>(v);
  out.value = d.negative ? -sv : sv;
  return out;
}

Parsed<std::int64_t> notANumber() {
  Parsed<std::int64_t> p;
  p.code = "not_a_number";
  p.message = "不是有效的数字";
  return p;
}

// Reads 1–maxlen ASCII digits at s[i], advancing i.
std::optional<int> readNumber(std::string_view s, size_t& i, size_t maxlen) {
  size_t start = i;
  int v = 0;
  while (i < s.size() && isDigit(s[i]) && i - start < maxlen) v = v * 10 + (s[i++] - '0');
  if (i == start || (i < s.size() && isDigit(s[i]))) return std::nullopt;
  return v;
}

bool eat(std::string_view s, size_t& i, std::string_view token) {
  if (s.substr(i).starts_with(token)) {
    i += token.size();
    return true;
  }
  return false;
}

std::string foldAll(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = foldFullWidth(s, i, out);
    if (n) i += n;
    else out += s[i++];
  }
  return out;
}

}  // namespace

std::string normaliseNumberText(std::string_view text) {
  std::string folded = foldAll(trimSpaces(text));
  std::string_view s = trimSpaces(folded);
  // Thousands separators: [sign] d{1,3} (,ddd)+ [.digits]
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t lead = 0;
  while (i + lead < s.size() && isDigit(s[i + lead])) ++lead;
  bool grouped = lead >= 1 && lead <= 3 && i + lead < s.size() && s[i + lead] == ',';
  if (grouped) {
    size_t j = i + lead;
    while (j < s.size() && s[j] == ',') {
      if (j + 3 >= s.size()) { grouped = false; break; }
      if (!(isDigit(s[j + 1]) && isDigit(s[j + 2]) && isDigit(s[j + 3]))) { grouped = false; break; }
      j += 4;
      if (j < s.size() && isDigit(s[j])) { grouped = false; break; }
    }
    if (grouped && j < s.size() && s[j] != '.') grouped = false;
  }
  if (!grouped) return std::string(s);
  std::string out;
  for (char c : s)
    if (c != ',') out += c;
  return out;
}

Parsed<std::int64_t> parseMoney(std::string_view text, std::int64_t scale) {
  auto d = parseDecimal(normaliseNumberText(text));
  int k = powerOfTen(scale);
  if (!d || k < 0) return notANumber();
  return toInteger(*d, k, Rounding::half_away);
}

Parsed<std::int64_t> parseInteger(std::string_view text) {
  auto d = parseDecimal(normaliseNumberText(text));
  if (!d) return notANumber();
  return toInteger(*d, 0, Rounding::exact);
}

std::optional<Date> parseDateText(std::string_view text) {
  std::string s = foldAll(trimSpaces(text));
  size_t i = 0;
  auto y = readNumber(s, i, 4);
  if (!y || i != 4) return std::nullopt;
  std::optional<int> m, d;
  if (eat(s, i, "年")) {
    m = readNumber(s, i, 2);
    if (!m || !eat(s, i, "月")) return std::nullopt;
    d = readNumber(s, i, 2);
    if (!d) return std::nullopt;
    eat(s, i, "日") || eat(s, i, "号");
  } else if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
    char sep = s[i++];
    m = readNumber(s, i, 2);
    if (!m || i >= s.size() || s[i] != sep) return std::nullopt;
    ++i;
    d = readNumber(s, i, 2);
    if (!d) return std::nullopt;
  } else {
    return std::nullopt;
  }
  // An optional time of day after a space or 'T': digits, ':' and '.' only.
  if (i < s.size()) {
    if (s[i] != ' ' && s[i] != 'T') return std::nullopt;
    for (++i; i < s.size(); ++i)
      if (!isDigit(s[i]) && s[i] != ':' && s[i] != '.') return std::nullopt;
  }
  if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > daysInMonth(*y, *m)) return std::nullopt;
  return Date(*y, *m, *d);
}

namespace {
const std::int64_t kSerialEpoch = Date(1899, 12, 30).daysSinceEpoch();  // serial 0 for serials ≥ 61
const std::int64_t kLastSerial = Date(9999, 12, 31).daysSinceEpoch() - Date(1899, 12, 30).daysSinceEpoch();
}  // namespace

std::optional<Date> dateFromSerial(std::string_view serial_text) {
  auto d = parseDecimal(normaliseNumberText(serial_text));
  if (!d || d->negative) return std::nullopt;
  // The whole days: digits × 10^exponent, the time of day truncated.
  Decimal truncated = *d;
  if (d->exponent < 0) {
    auto drop = static_cast<size_t>(-d->exponent);
    truncated.digits = drop >= d->digits.size() ? "" : d->digits.substr(0, d->digits.size() - drop);
    truncated.exponent = 0;
  }
  auto whole = toInteger(truncated, 0, Rounding::exact);
  if (!whole.value) return std::nullopt;
  std::int64_t serial = *whole.value;
  if (serial < 1 || serial == 60 || serial > kLastSerial) return std::nullopt;
  if (serial < 60) return Date::fromDays(kSerialEpoch + serial + 1);
  return Date::fromDays(kSerialEpoch + serial);
}

std::int64_t serialFromDate(const Date& d) {
  std::int64_t serial = d.daysSinceEpoch() - kSerialEpoch;
  return serial <= 60 ? serial - 1 : serial;
}

std::string cleanText(std::string_view text) {
  std::string_view s = trimSpaces(text);
  if (s.size() >= 2 && s[0] == '\'' && needsFormulaGuard(s.substr(1))) s.remove_prefix(1);
  return std::string(s);
}

namespace {

CellConversion failed(std::string code, std::string message) {
  CellConversion c;
  c.code = std::move(code);
  c.message = std::move(message);
  return c;
}

CellConversion fromParsed(const Parsed<std::int64_t>& p) {
  if (!p.value) return failed(p.code, p.message);
  CellConversion c;
  c.value = *p.value;
  return c;
}

std::optional<bool> parseBoolean(std::string_view text) {
  std::string s = foldAll(trimSpaces(text));
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  static const std::array<std::string_view, 8> yes = {"是", "y", "yes", "true", "1", "√", "有", "✓"};
  static const std::array<std::string_view, 8> no = {"否", "n", "no", "false", "0", "×", "无", "✗"};
  for (auto y : yes)
    if (s == y) return true;
  for (auto n : no)
    if (s == n) return false;
  return std::nullopt;
}

}  // namespace

CellConversion convertCell(const ImportField& field, std::int64_t scale, const SourceCell& cell) {
  if (cell.kind == CellKind::error) return failed("formula_error", "公式结果为错误值 " + cell.text);
  if (cell.kind == CellKind::empty || trimSpaces(cell.text).empty()) return {};
  CellConversion c;
  switch (field.type) {
    case FieldType::text: {
      if (cell.kind == CellKind::number) {
        // 13812345678 typed as a number, stored as 1.3812345678E+10: its whole digits.
        auto whole = parseInteger(cell.text);
        c.value = whole.value ? std::to_string(*whole.value) : cell.text;
      } else if (cell.kind == CellKind::boolean) {
        c.value = cell.text == "1" ? "是" : "否";
      } else {
        c.value = cleanText(cell.text);
      }
      return c;
    }
    case FieldType::integer:
      if (cell.kind == CellKind::boolean || cell.kind == CellKind::date) return failed("not_a_number", "不是有效的数字");
      return fromParsed(parseInteger(cell.text));
    case FieldType::money:
      if (cell.kind == CellKind::boolean || cell.kind == CellKind::date) return failed("not_a_number", "不是有效的数字");
      return fromParsed(parseMoney(cell.text, scale));
    case FieldType::decimal: {
      std::string t = normaliseNumberText(cell.text);
      if (cell.kind == CellKind::boolean || cell.kind == CellKind::date || !parseDecimal(t)) return failed("not_a_number", "不是有效的数字");
      try {
        c.value = std::stod(t);
      } catch (const std::out_of_range&) {
        return failed("number_too_large", "数值过大");
      }
      return c;
    }
    case FieldType::date: {
      std::optional<Date> d;
      if (cell.kind == CellKind::date) d = Date::parse(cell.text);
      else if (cell.kind == CellKind::number) d = dateFromSerial(cell.text);
      else if (cell.kind == CellKind::text) d = parseDateText(cell.text);
      if (!d) return failed("not_a_date", "不是有效的日期（应如 2023-05-06、2023/5/6、2023.5.6 或 2023年5月6日）");
      c.value = d->toString();
      return c;
    }
    case FieldType::boolean: {
      std::optional<bool> b;
      if (cell.kind == CellKind::boolean) b = cell.text == "1";
      else if (cell.kind != CellKind::date) b = parseBoolean(cell.text);
      if (!b) return failed("not_a_boolean", "应为“是”或“否”");
      c.value = *b;
      return c;
    }
  }
  return c;
}

}  // namespace trellis::io
