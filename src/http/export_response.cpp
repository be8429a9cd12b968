#include "trellis/http/export_response.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "trellis/core/error.h"
#include "trellis/io/csv_writer.h"
#include "trellis/io/xlsx_writer.h"

namespace trellis::http {
namespace {

// A new empty file in the system's temporary directory, owned by the BodyFile (removed with it).
std::shared_ptr<BodyFile> temporaryFile(const char* suffix) {
  std::string pattern = (std::filesystem::temp_directory_path() / "trellis-export-XXXXXX").string() + suffix;
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemps(name.data(), static_cast<int>(std::char_traits<char>::length(suffix)));
  if (fd < 0) throw Error(errc::unavailable, "cannot create a temporary file for the export");
  ::close(fd);
  return std::make_shared<BodyFile>(std::string(name.data()));
}

bool attrChar(unsigned char c) {
  // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '&': case '+': case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default: return false;
  }
}

}  // namespace

ListFormat listFormatParam(const Request& r) {
  std::string f = r.textParam("format");
  if (f.empty() || f == "json") return ListFormat::json;
  if (f == "csv") return ListFormat::csv;
  if (f == "xlsx") return ListFormat::xlsx;
  throw Error(errc::unknown_format, "format must be json, csv or xlsx", "format");
}

std::string attachmentDisposition(const std::string& utf8_name, const std::string& ascii_fallback) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : utf8_name) {
    if (attrChar(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return "attachment; filename=\"" + ascii_fallback + "\"; filename*=UTF-8''" + encoded;
}

Response exportResponse(ListFormat format, const std::string& base_name, const std::string& ascii_base,
                        const std::function<void(domain::TableSink&)>& fill) {
  Response r;
  r.status = 200;
  if (format == ListFormat::csv) {
    auto file = temporaryFile(".csv");
    {
      std::ofstream out(file->path, std::ios::binary | std::ios::trunc);
      if (!out) throw Error(errc::unavailable, "cannot write the export file");
      io::CsvWriter sink(out);
      fill(sink);
      sink.finish();
    }
    r.file = file;
    r.content_type = "text/csv; charset=utf-8";
    r.with("Content-Disposition", attachmentDisposition(base_name + ".csv", ascii_base + ".csv"));
  } else {
    auto file = temporaryFile(".xlsx");
    {
      io::XlsxWriter sink(file->path);
      fill(sink);
      sink.finish();
    }
    r.file = file;
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.with("Content-Disposition", attachmentDisposition(base_name + ".xlsx", ascii_base + ".xlsx"));
  }
  return r;
}

}  // namespace trellis::http
