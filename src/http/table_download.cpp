#include "trellis/http/table_download.h"

#include <Poco/TemporaryFile.h>

#include "trellis/core/error.h"
#include "trellis/io/table_file.h"

namespace trellis::http {
namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

bool attrChar(unsigned char c) {
  // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

TableFormat tableFormat(const Request& r, bool allow_table) {
  auto f = r.param("format");
  if (!f || *f == "json") return TableFormat::json;
  if (*f == "table" && allow_table) return TableFormat::table;
  if (*f == "csv") return TableFormat::csv;
  if (*f == "xlsx") return TableFormat::xlsx;
  throw Error(errc::unknown_format, allow_table ? "format must be json, table, csv or xlsx" : "format must be json, csv or xlsx", "format");
}

std::string contentDisposition(const std::string& ascii_name, const std::string& utf8_name) {
  std::string plain;
  for (char c : ascii_name) {
    auto u = static_cast<unsigned char>(c);
    plain += (u < 0x20 || u > 0x7e || c == '"' || c == '\\') ? '_' : c;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : utf8_name) {
    auto u = static_cast<unsigned char>(c);
    if (attrChar(u)) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[u >> 4];
      encoded += kHex[u & 0xF];
    }
  }
  return "attachment; filename=\"" + plain + "\"; filename*=UTF-8''" + encoded;
}

Response spooledDownload(const std::string& extension, const std::string& content_type, const std::string& ascii_base,
                         const std::string& zh_base, const std::function<void(const std::string& path)>& write) {
  Response out;
  // Owned from here: removed whatever happens below (an export cut short leaves no file).
  out.file = std::make_shared<BodyFile>(Poco::TemporaryFile::tempName() + extension);
  write(out.file->path);
  out.content_type = content_type;
  out.with("Content-Disposition", contentDisposition(ascii_base + extension, zh_base + extension));
  return out;
}

Response tableDownload(TableFormat format, const std::string& ascii_base, const std::string& zh_base,
                       const std::function<void(domain::TableSink&)>& fill) {
  if (format != TableFormat::csv && format != TableFormat::xlsx)
    throw Error(errc::internal, "tableDownload wants csv or xlsx");
  if (format == TableFormat::csv)
    return spooledDownload(".csv", "text/csv; charset=utf-8", ascii_base, zh_base,
                           [&](const std::string& path) { io::writeTableFile(path, io::FileFormat::csv, fill); });
  return spooledDownload(".xlsx", kXlsxType, ascii_base, zh_base,
                         [&](const std::string& path) { io::writeTableFile(path, io::FileFormat::xlsx, fill); });
}

Response tablesDownload(TableFormat format, const std::vector<domain::Table>& tables,
                        std::optional<std::int64_t> sheet, const std::string& ascii_base, const std::string& zh_base) {
  if (sheet && (*sheet < 1 || *sheet > static_cast<std::int64_t>(tables.size())))
    throw Error(errc::unknown_sheet, "sheet must be 1 to " + std::to_string(tables.size()) + " (the report's tables)", "sheet");
  return tableDownload(format, ascii_base, zh_base, [&](domain::TableSink& sink) {
    if (tables.empty()) {
      domain::Table none{"无数据", {{"note", "说明", domain::CellType::text}}, {{std::string("没有符合条件的数据")}}};
      none.writeTo(sink);
      return;
    }
    if (sheet) {
      tables[static_cast<std::size_t>(*sheet - 1)].writeTo(sink);
    } else if (format == TableFormat::csv) {
      tables.front().writeTo(sink);
    } else {
      for (const auto& t : tables) t.writeTo(sink);
    }
  });
}

}  // namespace trellis::http
