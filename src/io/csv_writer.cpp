#include "trellis/io/csv_writer.h"

#include <charconv>
#include <cmath>

#include "trellis/core/error.h"
#include "trellis/io/cell_guard.h"

namespace trellis::io {
namespace {

void appendField(std::string& line, std::string_view text) {
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    line += text;
    return;
  }
  line += '"';
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

// A text cell in a number column that is a plain decimal number ("-5", "12.50") is written as the
// number; a number needs no guard.
bool plainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = 0, dots = 0;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if (s[i] == '.' && dots == 0) ++dots;
    else return false;
  }
  return digits > 0;
}

}  // namespace

CsvWriter::CsvWriter(std::ostream& out) : out_(out) {}

void CsvWriter::beginSheet(std::string_view, const std::vector<domain::Column>& columns) {
  if (begun_) throw Error(errc::csv_one_sheet, "a CSV file holds one table");
  begun_ = true;
  columns_ = columns;
  out_ << "\xEF\xBB\xBF";
  line_.clear();
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i) line_ += ',';
    appendField(line_, guardFormula(columns_[i].label));
  }
  line_ += "\r\n";
  out_ << line_;
}

void CsvWriter::row(const domain::Row& cells) {
  if (!begun_ || finished_) throw Error(errc::internal, "CSV row outside a sheet");
  if (cells.size() != columns_.size()) throw Error(errc::internal, "CSV row width differs from its header");
  line_.clear();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line_ += ',';
    const auto type = columns_[i].type;
    const auto& cell = cells[i];
    if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      line_ += std::to_string(*n);
    } else if (const auto* d = std::get_if<double>(&cell)) {
      if (std::isfinite(*d)) {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, *d);
        line_.append(buf, r.ptr);
      }
    } else if (const auto* date = std::get_if<Date>(&cell)) {
      line_ += date->toString();
    } else if (const auto* s = std::get_if<std::string>(&cell)) {
      bool numeric = (type == domain::CellType::integer || type == domain::CellType::decimal) && plainNumber(*s);
      appendField(line_, numeric ? std::string_view(*s) : std::string_view(guardFormula(*s)));
    }
  }
  line_ += "\r\n";
  out_ << line_;
}

void CsvWriter::finish() {
  finished_ = true;
  out_.flush();
  if (!out_) throw Error(errc::export_write_failed, "the CSV export could not be written");
}

}  // namespace trellis::io
