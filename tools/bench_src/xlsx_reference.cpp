// The reference of the XLSX export figures (tools/bench reports, tools/bench import): a bare
// libxlsxwriter loop, constant-memory mode as Trellis uses it, writing the cells of a list the
// server exported as CSV — the same rows and columns, dates as dates and whole numbers as
// numbers, everything else as text.
//
//   xlsx_reference IN.csv OUT.xlsx
//
// The CSV is read into memory first (not timed); then the workbook is written and closed (timed).
// Prints "op=raw-xlsx rows=N write_ms=… peak_rss_kib=…".
#include <sys/resource.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// RFC 4180 fields of a whole file: quoted fields may hold commas, doubled quotes and newlines.
std::vector<std::vector<std::string>> readCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, any = false;
  std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
      any = true;
    }
  }
  if (!field.empty() || any) rows.back().push_back(std::move(field));
  while (!rows.empty() && rows.back().empty()) rows.pop_back();
  return rows;
}

bool isDate(const std::string& s, lxw_datetime& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return false;
  out = {std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)), 0, 0, 0};
  return true;
}

bool isWholeNumber(const std::string& s) {
  if (s.empty() || s.size() > 15) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return s.size() == 1 || s[0] != '0';  // leading zeros (codes, phones) stay text
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: xlsx_reference IN.csv OUT.xlsx\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  auto rows = readCsv(buf.str());
  auto t0 = std::chrono::steady_clock::now();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(argv[2], &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Sheet1");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      auto row = static_cast<lxw_row_t>(r);
      auto col = static_cast<lxw_col_t>(c);
      lxw_datetime dt{};
      if (v.empty()) continue;
      if (r > 0 && isDate(v, dt)) worksheet_write_datetime(ws, row, col, &dt, date);
      else if (r > 0 && isWholeNumber(v)) worksheet_write_number(ws, row, col, std::stod(v), nullptr);
      else worksheet_write_string(ws, row, col, v.c_str(), nullptr);
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    std::cerr << "xlsx_reference: could not write " << argv[2] << "\n";
    return 1;
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf("op=raw-xlsx rows=%zu write_ms=%.1f peak_rss_kib=%ld\n", rows.empty() ? 0 : rows.size() - 1, ms, u.ru_maxrss);
  return 0;
}
