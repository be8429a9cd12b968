// A table as the reports and lists hand it to io/ for CSV and XLSX (issue 11, issue 12): the
// producer pushes rows into a TableSink, so 200k rows go out without being held in memory, and
// io/ writes them without knowing where they came from (report/ → domain ← io/, no cycle).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "trellis/core/date.h"

namespace trellis::domain {

// How a column's cells are typed in a sheet: numbers stay numbers and dates stay dates.
enum class CellType {
  text,
  integer,  // counts, money in integer yuan
  decimal,  // ratios and shares, e.g. attainment 0.8125 (rendered by the writer's number format)
  date,
};

struct Column {
  std::string key;    // stable machine name, e.g. "uscc"
  std::string label;  // header the officer reads, e.g. "统一社会信用代码"
  CellType type = CellType::text;
};

// One value; monostate is an empty cell.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string, Date>;
using Row = std::vector<Cell>;

// Receives a table row by row. beginSheet may be called more than once (XLSX: one sheet each;
// a CSV writer refuses a second sheet). Every row has exactly as many cells as the sheet's columns.
class TableSink {
 public:
  virtual ~TableSink() = default;
  virtual void beginSheet(std::string_view name, const std::vector<Column>& columns) = 0;
  virtual void row(const Row& cells) = 0;
  // Flushes and closes; no row may follow.
  virtual void finish() = 0;
};

// A small table held whole (a report's summary); large lists stream straight into a sink instead.
struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<Row> rows;

  // beginSheet + every row; finish() is left to the caller, so several tables can share a sink.
  void writeTo(TableSink& sink) const;
};

}  // namespace trellis::domain
