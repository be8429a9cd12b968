#include "trellis/io/table_source.h"

#include <set>

#include "trellis/core/error.h"
#include "trellis/io/import_mapping.h"

namespace trellis::io {

std::string sizeText(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " 字节";
}

bool SourceRow::blank() const {
  if (!issues.empty()) return false;
  for (const auto& c : cells)
    if (!c.text.empty()) return false;
  return true;
}

namespace {

// The header text without a trailing parenthesised group (营业收入(万元) → 营业收入).
std::string baseName(const std::string& norm) {
  if (norm.size() > 2 && norm.back() == ')') {
    size_t open = norm.rfind('(');
    if (open != std::string::npos && open > 0) return norm.substr(0, open);
  }
  return norm;
}

size_t matches(const SourceRow& row, const std::set<std::string>& known) {
  size_t n = 0;
  for (const auto& c : row.cells) {
    if (c.text.empty()) continue;
    std::string norm = normaliseHeader(c.text);
    if (known.count(norm) || known.count(baseName(norm))) ++n;
  }
  return n;
}

}  // namespace

TableSource::TableSource(std::unique_ptr<RowReader> reader, const HeaderRule& rule, const ReadLimits& limits)
    : reader_(std::move(reader)), limits_(limits) {
  std::set<std::string> known;
  for (const auto& k : rule.known) known.insert(normaliseHeader(k));
  std::vector<SourceRow> scanned;
  size_t best = 0, best_at = 0;
  bool found = false;
  SourceRow row;
  while (scanned.size() < std::max<size_t>(limits_.header_scan_rows, 1) && reader_->next(row)) {
    if (row.blank()) continue;
    scanned.push_back(std::move(row));
    row = SourceRow{};
    if (known.empty()) {
      found = true;
      best_at = scanned.size() - 1;
      break;
    }
    size_t n = matches(scanned.back(), known);
    if (n > best) {
      best = n;
      best_at = scanned.size() - 1;
    }
  }
  if (!known.empty()) found = best >= std::max<size_t>(rule.min_matches, 1);
  if (!found)
    throw Error(errc::header_not_found, 
                scanned.empty() ? "文件中没有数据" : "前" + std::to_string(limits_.header_scan_rows) + "行中找不到表头（未识别到已知的列名）", 
                "file");
  const SourceRow& h = scanned[best_at];
  header_row_ = h.number;
  for (const auto& c : h.cells) header_.push_back(c.text);
  while (!header_.empty() && header_.back().empty()) header_.pop_back();
  for (size_t i = best_at + 1; i < scanned.size(); ++i) pending_.push_back(std::move(scanned[i]));
}

bool TableSource::next(SourceRow& row) {
  for (;;) {
    if (pending_at_ < pending_.size()) {
      row = std::move(pending_[pending_at_++]);
      if (pending_at_ == pending_.size()) {
        pending_.clear();
        pending_at_ = 0;
      }
    } else if (!reader_->next(row)) {
      return false;
    }
    if (row.blank()) continue;
    break;
  }
  if (++rows_ > limits_.max_rows)
    throw Error(errc::too_many_rows, "数据行超过上限 " + std::to_string(limits_.max_rows) + " 行", "file");
  size_t width = header_.size();
  size_t used = row.cells.size();
  while (used > 0 && row.cells[used - 1].text.empty()) --used;
  if (used > width) {
    size_t first = width;
    while (row.cells[first].text.empty()) ++first;
    row.issues.push_back({"row_too_long",
                          "本行有 " + std::to_string(used) + " 列数据，超过表头的 " + std::to_string(width) + " 列", first + 1});
  }
  row.cells.resize(width);
  return true;
}

}  // namespace trellis::io
