#include "trellis/io/xlsx_writer.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <xlsxwriter.h>

#include "trellis/core/error.h"
#include "trellis/core/text.h"
#include "trellis/io/cell_guard.h"
#include "trellis/io/cell_values.h"

namespace trellis::io {
namespace {

Error writeFailed(const std::string& why) {
  return Error(errc::export_write_failed, "the XLSX export could not be written: " + why);
}

// Excel's rules for a sheet name: 1–31 characters, none of []:*?/\, not starting or ending with
// an apostrophe, unique (case-insensitively) in the workbook.
std::string legalSheetName(std::string_view wanted, std::set<std::string>& used) {
  std::string clean;
  for (char c : wanted) clean += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  if (!text::isValidUtf8(clean)) clean = "Sheet";
  while (!clean.empty() && clean.front() == '\'') clean.erase(0, 1);
  while (!clean.empty() && clean.back() == '\'') clean.pop_back();
  if (clean.empty()) clean = "Sheet";
  auto cut = [](const std::string& s, size_t max) {
    auto cps = text::codePoints(s);
    std::string out;
    for (size_t i = 0; i < cps.size() && i < max; ++i) out += cps[i];
    return out;
  };
  std::string name = cut(clean, 31);
  for (int n = 2; used.count(text::foldCase(name)); ++n) {
    std::string suffix = "(" + std::to_string(n) + ")";
    name = cut(clean, 31 - suffix.size()) + suffix;
  }
  used.insert(text::foldCase(name));
  return name;
}

// Excel holds at most 32,767 characters in a cell; longer text is cut at a code point.
std::string fitCell(std::string s) {
  constexpr size_t kMaxChars = 32767;
  if (s.size() <= kMaxChars) return s;
  if (!text::isValidUtf8(s)) return s.substr(0, kMaxChars);
  auto cps = text::codePoints(s);
  if (cps.size() <= kMaxChars) return s;
  std::string out;
  for (size_t i = 0; i < kMaxChars; ++i) out += cps[i];
  return out;
}

bool plainNumber(std::string_view s, double& out) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t digits = 0, dots = 0;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if (s[i] == '.' && dots == 0) ++dots;
    else return false;
  }
  if (!digits) return false;
  out = std::strtod(std::string(s).c_str(), nullptr);
  return true;
}

}  // namespace

struct XlsxWriter::Impl {
  std::string path;
  std::string tmpdir;
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* date = nullptr;
  lxw_format* integer = nullptr;
  std::vector<domain::Column> columns;
  std::set<std::string> names;
  lxw_row_t row = 0;
  bool finished = false;

  void check(lxw_error e) {
    if (e != LXW_NO_ERROR) throw writeFailed(lxw_strerror(e));
  }
};

XlsxWriter::XlsxWriter(std::string path, const XlsxWriterOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->path = std::move(path);
  impl_->tmpdir = options.tmpdir;
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  opt.tmpdir = impl_->tmpdir.empty() ? nullptr : impl_->tmpdir.data();
  opt.use_zip64 = LXW_FALSE;  // under 4 GiB; readers without ZIP64 (ours via Poco Zip) stay able to read it
  impl_->wb = workbook_new_opt(impl_->path.c_str(), &opt);
  if (!impl_->wb) throw writeFailed("cannot create " + impl_->path);
  impl_->bold = workbook_add_format(impl_->wb);
  format_set_bold(impl_->bold);
  impl_->date = workbook_add_format(impl_->wb);
  format_set_num_format(impl_->date, "yyyy-mm-dd");
  impl_->integer = workbook_add_format(impl_->wb);
  format_set_num_format(impl_->integer, "0");
}

XlsxWriter::~XlsxWriter() {
  if (impl_->wb && !impl_->finished) {
    workbook_close(impl_->wb);
    std::remove(impl_->path.c_str());
  }
}

void XlsxWriter::beginSheet(std::string_view name, const std::vector<domain::Column>& columns) {
  if (impl_->finished) throw Error(errc::internal, "XLSX sheet after finish");
  std::string legal = legalSheetName(name, impl_->names);
  impl_->ws = workbook_add_worksheet(impl_->wb, legal.c_str());
  if (!impl_->ws) throw writeFailed("cannot add sheet " + legal);
  impl_->columns = columns;
  impl_->row = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    double width = columns[c].type == domain::CellType::text ? 20 : 14;
    impl_->check(worksheet_set_column(impl_->ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr));
  }
  worksheet_freeze_panes(impl_->ws, 1, 0);
  for (size_t c = 0; c < columns.size(); ++c)
    impl_->check(worksheet_write_string(impl_->ws, 0, static_cast<lxw_col_t>(c), fitCell(guardFormula(columns[c].label)).c_str(),
                                        impl_->bold));
  impl_->row = 1;
}

void XlsxWriter::row(const domain::Row& cells) {
  auto& d = *impl_;
  if (!d.ws || d.finished) throw Error(errc::internal, "XLSX row outside a sheet");
  if (cells.size() != d.columns.size()) throw Error(errc::internal, "XLSX row width differs from its header");
  if (d.row >= LXW_ROW_MAX) throw Error(errc::sheet_too_large, "more rows than one XLSX sheet holds");
  for (size_t i = 0; i < cells.size(); ++i) {
    auto col = static_cast<lxw_col_t>(i);
    const auto& cell = cells[i];
    const auto type = d.columns[i].type;
    if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      d.check(worksheet_write_number(d.ws, d.row, col, static_cast<double>(*n), nullptr));
    } else if (const auto* x = std::get_if<double>(&cell)) {
      if (std::isfinite(*x)) d.check(worksheet_write_number(d.ws, d.row, col, *x, nullptr));
    } else if (const auto* date = std::get_if<Date>(&cell)) {
      d.check(worksheet_write_number(d.ws, d.row, col, static_cast<double>(serialFromDate(*date)), d.date));
    } else if (const auto* s = std::get_if<std::string>(&cell)) {
      double v = 0;
      if ((type == domain::CellType::integer || type == domain::CellType::decimal) && plainNumber(*s, v))
        d.check(worksheet_write_number(d.ws, d.row, col, v, nullptr));
      else if (!s->empty())
        d.check(worksheet_write_string(d.ws, d.row, col, fitCell(guardFormula(*s)).c_str(), nullptr));
    }
  }
  ++d.row;
}

void XlsxWriter::finish() {
  if (impl_->finished) return;
  impl_->finished = true;
  lxw_error e = workbook_close(impl_->wb);
  impl_->wb = nullptr;
  if (e != LXW_NO_ERROR) {
    std::remove(impl_->path.c_str());
    throw writeFailed(lxw_strerror(e));
  }
}

void writeXlsxTemplate(const std::string& path, std::string_view sheet_name, const std::vector<TemplateColumn>& columns,
                       std::int64_t rows) {
  if (columns.empty()) throw Error(errc::template_invalid, "a template needs at least one column", "columns");
  for (const auto& c : columns)
    if (c.choices.size() > 1000) throw Error(errc::template_invalid, "a drop-down list holds at most 1000 items", "choices");
  rows = std::clamp<std::int64_t>(rows, 1, LXW_ROW_MAX - 1);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw writeFailed("cannot create " + path);
  std::set<std::string> used;
  std::string main_name = legalSheetName(sheet_name, used);
  std::string lists_name = legalSheetName("lists", used);
  lxw_worksheet* ws = workbook_add_worksheet(wb, main_name.c_str());
  lxw_worksheet* lists = workbook_add_worksheet(wb, lists_name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* number = workbook_add_format(wb);
  format_set_num_format(number, "0");
  lxw_format* text_fmt = workbook_add_format(wb);
  format_set_num_format(text_fmt, "@");
  lxw_error err = LXW_NO_ERROR;
  auto keep = [&](lxw_error e) { if (err == LXW_NO_ERROR) err = e; };
  lxw_col_t list_col = 0;
  std::string title = "输入有误";
  std::string message = "请从下拉列表中选择";
  for (size_t c = 0; c < columns.size() && ws && lists; ++c) {
    const auto& col = columns[c];
    auto cc = static_cast<lxw_col_t>(c);
    lxw_format* f = col.type == domain::CellType::date ? date
                    : (col.type == domain::CellType::integer || col.type == domain::CellType::decimal) ? number
                                                                                                        : text_fmt;
    keep(worksheet_set_column(ws, cc, cc, col.type == domain::CellType::text ? 24 : 14, f));
    std::string header = guardFormula(col.header) + (col.required ? "*" : "");
    keep(worksheet_write_string(ws, 0, cc, header.c_str(), bold));
    if (col.choices.empty()) continue;
    for (size_t i = 0; i < col.choices.size(); ++i)
      keep(worksheet_write_string(lists, static_cast<lxw_row_t>(i), list_col, guardFormula(col.choices[i]).c_str(), nullptr));
    char letters[8];
    lxw_col_to_name(letters, list_col, LXW_FALSE);
    std::string formula = "=" + lists_name + "!$" + letters + "$1:$" + letters + "$" + std::to_string(col.choices.size());
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = formula.data();
    dv.error_title = title.data();
    dv.error_message = message.data();
    keep(worksheet_data_validation_range(ws, 1, cc, static_cast<lxw_row_t>(rows), cc, &dv));
    ++list_col;
  }
  if (!ws || !lists) err = LXW_ERROR_MEMORY_MALLOC_FAILED;
  else {
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_activate(ws);
    worksheet_hide(lists);
  }
  lxw_error closed = workbook_close(wb);
  if (err == LXW_NO_ERROR) err = closed;
  if (err != LXW_NO_ERROR) {
    std::remove(path.c_str());
    throw writeFailed(lxw_strerror(err));
  }
}

}  // namespace trellis::io
