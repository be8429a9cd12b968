// List exports (issue 12 "Export"): ?format=csv|xlsx on a list route answers the whole list as an
// attachment instead of a JSON page. The table is written through io::CsvWriter / io::XlsxWriter
// into a temporary file, which the server then streams (Response::file) and removes, so
// neither the rows nor the file are ever held in memory.
#pragma once
#include <functional>
#include <string>

#include "trellis/domain/table.h"
#include "trellis/http/request.h"

namespace trellis::http {

enum class ListFormat { json, csv, xlsx };

// The "format" query parameter: absent or "json", "csv", "xlsx"; anything else is Error invalid
// "unknown_format" (field "format").
ListFormat listFormatParam(const Request& r);

// Runs fill with a sink of the format (csv or xlsx) writing to a new temporary file and answers
// 200 with it as an attachment named base_name + ".csv" / ".xlsx" (ascii_base for old clients). What fill throws propagates,
// and the file is removed.
Response exportResponse(ListFormat format, const std::string& base_name, const std::string& ascii_base,
                        const std::function<void(domain::TableSink&)>& fill);

// Content-Disposition: attachment with an ASCII fallback filename and the UTF-8 name in
// RFC 5987 form (filename*=UTF-8''%E4%BC%81…), so Chinese names survive every browser.
std::string attachmentDisposition(const std::string& utf8_name, const std::string& ascii_fallback);

}  // namespace trellis::http
