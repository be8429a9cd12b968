#include "trellis/io/json_writer.h"

#include <nlohmann/json.hpp>

namespace trellis::io {
namespace {

// Well-formed UTF-8 as Unicode 3-7 defines it (no overlongs, no surrogates, at most U+10FFFF):
// what nlohmann's decoder accepts. Anything else goes through nlohmann itself, so its
// replacement of bad bytes is reproduced exactly.
bool wellFormedUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) extra = 1;
    else if (b == 0xE0) extra = 2, lo = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC) extra = 2;
    else if (b == 0xED) extra = 2, hi = 0x9F;
    else if (b >= 0xEE && b <= 0xEF) extra = 2;
    else if (b == 0xF0) extra = 3, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) extra = 3;
    else if (b == 0xF4) extra = 3, hi = 0x8F;
    else return false;
    if (i + static_cast<std::size_t>(extra) >= n) return false;  // truncated at the end
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (int k = 2; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if (c < 0x80 || c > 0xBF) return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// dump()'s escaping with ensure_ascii off: the two specials, the named controls, other controls
// as \u00xx (lower-case hex); every other byte as it is.
void appendEscaped(std::string& out, std::string_view s) {
  static const char* const hex = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\t': out.append("\\t"); break;
      case '\n': out.append("\\n"); break;
      case '\f': out.append("\\f"); break;
      case '\r': out.append("\\r"); break;
      default:
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out.push_back('"');
}

}  // namespace

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_.empty()) return;
  if (!first_.back()) out_.push_back(',');
  first_.back() = false;
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  if (wellFormedUtf8(name)) appendEscaped(out_, name);
  else out_.append(nlohmann::json(std::string(name)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  separate();
  if (wellFormedUtf8(text)) appendEscaped(out_, text);
  else out_.append(nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return *this;
}

JsonWriter& JsonWriter::stringOrNull(std::string_view text) { return text.empty() ? null() : string(text); }

JsonWriter& JsonWriter::integer(std::int64_t v) {
  separate();
  out_.append(std::to_string(v));
  return *this;
}

JsonWriter& JsonWriter::boolean(bool v) {
  separate();
  out_.append(v ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::value(const nlohmann::json& v) {
  separate();
  out_.append(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return *this;
}

}  // namespace trellis::io
