// CSV as counties have it (issue 12): UTF-8 with or without BOM, or GB18030/GBK from older
// systems, detected or declared, converted to UTF-8 with glibc iconv; RFC 4180 quoting with
// embedded newlines and doubled quotes; CRLF, LF or CR line ends.
//
// Detection (TextEncoding::detect) reads the whole stream once before the first row (bounded by
// ReadLimits::max_file_bytes) and rewinds it: NUL bytes → file_binary; a UTF-16/32 byte-order mark
// → file_unsupported_encoding; valid UTF-8 → utf8; otherwise, when some line is well-formed UTF-8
// with Chinese in it while another is not → file_mixed_encoding (naming both lines); otherwise
// gb18030 if it converts cleanly, else file_encoding. A declared encoding is checked the same way.
#pragma once
#include <istream>
#include <memory>
#include <string_view>

#include "trellis/io/table_source.h"

namespace trellis::io {

enum class TextEncoding { detect, utf8, gb18030 };

// "utf8" / "gb18030"; "gbk" and "gb2312" are accepted by parseTextEncoding as gb18030 (a superset).
const char* textEncodingName(TextEncoding e);
// "" and "auto" are detect; throws Error invalid (field "encoding") for any other name.
TextEncoding parseTextEncoding(std::string_view name);

struct CsvOptions {
  TextEncoding encoding = TextEncoding::detect;
  char delimiter = ',';
};

class CsvReader : public RowReader {
 public:
  // `in` must be seekable (a file or string stream) and outlive the reader. The encoding is
  // settled here (file errors thrown from the constructor).
  CsvReader(std::istream& in, const CsvOptions& options, const ReadLimits& limits);
  ~CsvReader() override;

  bool next(SourceRow& row) override;
  // The encoding in use (never detect).
  TextEncoding encoding() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trellis::io
