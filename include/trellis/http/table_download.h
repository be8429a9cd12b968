// Reports and drill-downs as files (README "Exports"): ?format=csv | xlsx beside json | table.
// The tables are written by io::CsvWriter / io::XlsxWriter into a spooled file (Response::file),
// which the server sends in chunks after the head, so a 200k-row export never sits in memory.
// The answer carries Content-Disposition: attachment with an ASCII filename and the Chinese one
// as RFC 5987 filename*=UTF-8''…
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/table.h"
#include "trellis/http/request.h"

namespace trellis::http {

enum class TableFormat { json, table, csv, xlsx };

// format: absent or json, table (when allowed), csv, xlsx; anything else Error invalid "format"
// unknown_format.
TableFormat tableFormat(const Request& r, bool allow_table = true);

// `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded utf8>` (RFC 6266 / 5987).
std::string contentDisposition(const std::string& ascii_name, const std::string& utf8_name);

// A download of whatever `fill` pushes into the sink (csv or xlsx only; finish() is called here).
// base names have no extension: "progress_2026-12-03" and "进度_2026-12-03".
Response tableDownload(TableFormat format, const std::string& ascii_base, const std::string& zh_base,
                       const std::function<void(domain::TableSink&)>& fill);

// A download of the file `write` creates at the path it is given (a temporary file, removed when
// the response has been sent). extension: ".xlsx", ".csv".
Response spooledDownload(const std::string& extension, const std::string& content_type, const std::string& ascii_base,
                         const std::string& zh_base, const std::function<void(const std::string& path)>& write);

// Tables as a download. XLSX: every table a sheet, or only table number `sheet` (1-based) when
// given; CSV holds one table: number `sheet`, default the first. Error invalid "sheet"
// unknown_sheet when there is no such table. No table at all → one sheet "无数据" saying so.
Response tablesDownload(TableFormat format, const std::vector<domain::Table>& tables,
                        std::optional<std::int64_t> sheet, const std::string& ascii_base, const std::string& zh_base);

}  // namespace trellis::http
