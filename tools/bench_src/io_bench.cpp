// tools/bench io — the file layer's figures (issue 12 "Bench"): read a generated N-row enterprise
// CSV and XLSX through a TableSource with header mapping and cell conversion; write an M-row XLSX
// through io::XlsxWriter beside a bare libxlsxwriter loop writing the same cells. One operation
// per process, so the peak resident size printed is that operation's own.
//
//   io_bench gen-csv N FILE | gen-xlsx N FILE | read FILE | write-xlsx M FILE | raw-xlsx M FILE
//
// Prints one line: op=… rows=… seconds=… peak_rss_kib=… (and errors=… for read).
#include <sys/resource.h>
#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "trellis/core/error.h"
#include "trellis/io/cell_values.h"
#include "trellis/io/import_mapping.h"
#include "trellis/io/table_file.h"
#include "trellis/io/xlsx_writer.h"

using namespace trellis;

namespace {

long peakRssKib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

const char* kRegions[] = {"魏都区", "建安区", "鄢陵县", "襄城县", "禹州市", "长葛市"};

std::vector<domain::Column> columns() {
  using domain::CellType;
  return {{"uscc", "统一社会信用代码", CellType::text}, {"name", "企业名称", CellType::text},
          {"region", "所属县区", CellType::text},       {"founded_on", "成立日期", CellType::date},
          {"revenue", "营业收入（万元）", CellType::decimal}, {"employees", "职工总数", CellType::integer},
          {"address", "地址", CellType::text},          {"contact_phone", "联系电话", CellType::text}};
}

// Row i's cells, the same for every writer.
struct Values {
  std::string uscc, name, region, address, phone;
  Date founded;
  double revenue_wan;
  std::int64_t employees;
};

Values values(std::int64_t i) {
  Values v;
  char buf[32];
  std::snprintf(buf, sizeof buf, "91411%08lldX", static_cast<long long>(i));
  v.uscc = std::string(buf) + "Y";
  v.uscc.resize(18, '0');
  v.name = "许昌第" + std::to_string(i) + "号智能装备有限公司";
  v.region = kRegions[i % 6];
  v.founded = Date(2000, 1, 1).addDays(i % 8000);
  v.revenue_wan = static_cast<double>(i % 100000) + 0.25;
  v.employees = 10 + i % 500;
  v.address = "许昌市" + v.region + "创业大道" + std::to_string(i % 999) + "号";
  v.phone = "1380000" + std::to_string(1000 + i % 9000);
  return v;
}

domain::Row row(const Values& v) {
  return {v.uscc, v.name, v.region, v.founded, v.revenue_wan, v.employees, v.address, v.phone};
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int genCsv(std::int64_t n, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "\xEF\xBB\xBF统一社会信用代码,企业名称,所属县区,成立日期,营业收入（万元）,职工总数,地址,联系电话\r\n";
  for (std::int64_t i = 0; i < n; ++i) {
    Values v = values(i);
    out << v.uscc << ',' << v.name << ',' << v.region << ',' << v.founded.toString() << ',' << (i % 100000) << ".25," << v.employees
        << ',' << v.address << ',' << v.phone << "\r\n";
  }
  return out ? 0 : 1;
}

int writeOurs(std::int64_t n, const std::string& path, const char* op) {
  auto t0 = std::chrono::steady_clock::now();
  io::XlsxWriter w(path);
  w.beginSheet("企业", columns());
  for (std::int64_t i = 0; i < n; ++i) w.row(row(values(i)));
  w.finish();
  std::printf("op=%s rows=%lld seconds=%.3f peak_rss_kib=%ld\n", op, static_cast<long long>(n), since(t0), peakRssKib());
  return 0;
}

// The same cells with libxlsxwriter alone: constant memory, bold header, a date format.
int writeRaw(std::int64_t n, const std::string& path) {
  auto t0 = std::chrono::steady_clock::now();
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "企业");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  auto cols = columns();
  for (size_t c = 0; c < cols.size(); ++c) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), cols[c].label.c_str(), bold);
  for (std::int64_t i = 0; i < n; ++i) {
    Values v = values(i);
    auto r = static_cast<lxw_row_t>(i + 1);
    worksheet_write_string(ws, r, 0, v.uscc.c_str(), nullptr);
    worksheet_write_string(ws, r, 1, v.name.c_str(), nullptr);
    worksheet_write_string(ws, r, 2, v.region.c_str(), nullptr);
    worksheet_write_number(ws, r, 3, static_cast<double>(io::serialFromDate(v.founded)), date);
    worksheet_write_number(ws, r, 4, v.revenue_wan, nullptr);
    worksheet_write_number(ws, r, 5, static_cast<double>(v.employees), nullptr);
    worksheet_write_string(ws, r, 6, v.address.c_str(), nullptr);
    worksheet_write_string(ws, r, 7, v.phone.c_str(), nullptr);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return 1;
  std::printf("op=raw-xlsx rows=%lld seconds=%.3f peak_rss_kib=%ld\n", static_cast<long long>(n), since(t0), peakRssKib());
  return 0;
}

int read(const std::string& path, const std::string& mapping_path) {
  auto t0 = std::chrono::steady_clock::now();
  auto mapping = io::loadImportMapping(mapping_path);
  const io::ImportKind& kind = *mapping.findKind("enterprises");
  io::TableFileOptions options;
  options.limits.max_file_bytes = 1ull << 30;
  io::TableSource source(io::openTableFile(path, options), io::HeaderRule{kind.headerNames(), 2}, options.limits);
  auto match = io::matchHeader(mapping, kind, source.header());
  if (!match.ok()) {
    std::fprintf(stderr, "io_bench: header does not map: %s\n", match.problems.front().message.c_str());
    return 1;
  }
  io::SourceRow r;
  std::int64_t rows = 0, errors = 0;
  while (source.next(r)) {
    ++rows;
    errors += static_cast<std::int64_t>(r.issues.size());
    for (const auto& b : match.bound)
      if (!io::convertCell(*b.field, b.scale, r.cells[b.column]).ok()) ++errors;
  }
  std::printf("op=read rows=%lld errors=%lld seconds=%.3f peak_rss_kib=%ld\n", static_cast<long long>(rows),
              static_cast<long long>(errors), since(t0), peakRssKib());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: io_bench gen-csv N FILE | gen-xlsx N FILE | read FILE [MAPPING] | write-xlsx M FILE | raw-xlsx M FILE\n");
    return 2;
  }
  std::string op = argv[1];
  try {
    if (op == "read") return read(argv[2], argc > 3 ? argv[3] : "config/import.json");
    if (argc < 4) return 2;
    std::int64_t n = std::atoll(argv[2]);
    if (op == "gen-csv") return genCsv(n, argv[3]);
    if (op == "gen-xlsx" || op == "write-xlsx") return writeOurs(n, argv[3], op.c_str());
    if (op == "raw-xlsx") return writeRaw(n, argv[3]);
  } catch (const Error& e) {
    std::fprintf(stderr, "io_bench: %s: %s\n", e.code().c_str(), e.what());
    return 1;
  }
  return 2;
}
