#include "trellis/io/csv_reader.h"

#include <cerrno>
#include <iconv.h>
#include <string>

#include "trellis/core/error.h"

namespace trellis::io {

const char* textEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::detect: return "detect";
    case TextEncoding::utf8: return "utf8";
    case TextEncoding::gb18030: return "gb18030";
  }
  return "detect";
}

TextEncoding parseTextEncoding(std::string_view name) {
  std::string n;
  for (char c : name)
    if (c != '-' && c != '_') n += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (n.empty() || n == "auto" || n == "detect") return TextEncoding::detect;
  if (n == "utf8") return TextEncoding::utf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") return TextEncoding::gb18030;
  throw Error(errc::unknown_encoding, "encoding must be utf8, gb18030 (gbk) or auto", "encoding");
}

namespace {

constexpr size_t kChunk = 64 * 1024;

Error fileError(const ErrorCode& code, std::string message) { return Error(code, std::move(message), "file"); }

// Validates UTF-8 incrementally and classifies physical lines: one with an invalid sequence, one
// that is well-formed with at least two 3-byte sequences (Chinese in UTF-8).
struct Utf8Scan {
  int need = 0;
  int seq = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  bool line_invalid = false;
  int line_cjk = 0;
  std::int64_t line = 1;
  std::int64_t first_invalid_line = 0;
  std::int64_t first_utf8_line = 0;
  bool any_multibyte = false;

  void lead(unsigned char c) {
    lo = 0x80;
    hi = 0xBF;
    if (c < 0x80) {
      if (c == '\n') endLine();
      return;
    }
    if (c >= 0xC2 && c <= 0xDF) need = 1, seq = 2;
    else if (c == 0xE0) need = 2, seq = 3, lo = 0xA0;
    else if (c == 0xED) need = 2, seq = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) need = 2, seq = 3;
    else if (c == 0xF0) need = 3, seq = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) need = 3, seq = 4;
    else if (c == 0xF4) need = 3, seq = 4, hi = 0x8F;
    else line_invalid = true;
  }
  void byte(unsigned char c) {
    if (need) {
      if (c >= lo && c <= hi) {
        lo = 0x80;
        hi = 0xBF;
        if (--need == 0) {
          any_multibyte = true;
          if (seq == 3) ++line_cjk;
        }
        return;
      }
      need = 0;
      line_invalid = true;
    }
    lead(c);
  }
  void endLine() {
    if (need) line_invalid = true, need = 0;
    if (line_invalid && !first_invalid_line) first_invalid_line = line;
    if (!line_invalid && line_cjk >= 2 && !first_utf8_line) first_utf8_line = line;
    line_invalid = false;
    line_cjk = 0;
    ++line;
  }
  bool valid() const { return first_invalid_line == 0; }
};

class Iconv {
 public:
  Iconv() : cd_(iconv_open("UTF-8", "GB18030")) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw Error(errc::internal, "iconv cannot convert GB18030 to UTF-8");
  }
  ~Iconv() { iconv_close(cd_); }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  // Converts carry_ + in, appending UTF-8 to out; an incomplete sequence at the end is kept for
  // the next call (or, with last, is an error). Returns false on an invalid sequence.
  bool convert(std::string_view in, std::string& out, bool last) {
    carry_.append(in);
    char* src = carry_.data();
    size_t left = carry_.size();
    char buf[kChunk];
    while (left > 0) {
      char* dst = buf;
      size_t room = sizeof buf;
      size_t r = iconv(cd_, &src, &left, &dst, &room);
      out.append(buf, static_cast<size_t>(dst - buf));
      if (r != static_cast<size_t>(-1)) continue;
      if (errno == E2BIG) continue;
      if (errno == EINVAL && !last) break;
      carry_.erase(0, carry_.size() - left);
      return false;
    }
    carry_.erase(0, carry_.size() - left);
    return true;
  }
  // Bytes of carry_ consumed before the failure (for a line number).
  const std::string& pending() const { return carry_; }

 private:
  iconv_t cd_;
  std::string carry_;
};

}  // namespace

struct CsvReader::Impl {
  std::istream& in;
  CsvOptions options;
  ReadLimits limits;
  TextEncoding encoding = TextEncoding::utf8;
  std::unique_ptr<Iconv> iconv;
  std::string buf;
  size_t pos = 0;
  bool eof = false;
  std::int64_t record = 0;

  Impl(std::istream& s, const CsvOptions& o, const ReadLimits& l) : in(s), options(o), limits(l) {}

  void settleEncoding();
  bool fill();
  int get() {
    if (pos == buf.size() && !fill()) return -1;
    return static_cast<unsigned char>(buf[pos++]);
  }
  int peek() {
    if (pos == buf.size() && !fill()) return -1;
    return static_cast<unsigned char>(buf[pos]);
  }
  bool readRecord(SourceRow& row);
};

void CsvReader::Impl::settleEncoding() {
  in.seekg(0, std::ios::end);
  auto end = in.tellg();
  in.seekg(0, std::ios::beg);
  if (end < 0 || !in) throw Error(errc::internal, "CSV input is not seekable");
  auto size = static_cast<std::uint64_t>(end);
  if (size > limits.max_file_bytes)
    throw Error(errc::file_too_large, 
                "文件超过 " + sizeText(limits.max_file_bytes) + " 的上限", "file");

  char head[4] = {0, 0, 0, 0};
  in.read(head, 4);
  auto got = static_cast<size_t>(in.gcount());
  in.clear();
  std::string_view h(head, got);
  size_t bom = 0;
  TextEncoding bom_encoding = TextEncoding::detect;
  if (h.starts_with("\xEF\xBB\xBF")) bom = 3, bom_encoding = TextEncoding::utf8;
  else if (h.starts_with("\x84\x31\x95\x33")) bom = 4, bom_encoding = TextEncoding::gb18030;
  else if (h.starts_with("\xFF\xFE") || h.starts_with("\xFE\xFF") || h.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
    throw fileError(errc::file_unsupported_encoding, "文件是 UTF-16/UTF-32 编码，请另存为 UTF-8 或 GBK 编码的 CSV");
  if (bom_encoding != TextEncoding::detect && options.encoding != TextEncoding::detect && options.encoding != bom_encoding)
    throw fileError(errc::file_encoding, std::string("文件的字节顺序标记表明是 ") + textEncodingName(bom_encoding) + " 编码，与所选编码不符");

  // One pass over the whole file: NUL bytes, UTF-8 validity by line, GB18030 convertibility.
  in.seekg(static_cast<std::streamoff>(bom), std::ios::beg);
  Utf8Scan utf8;
  Iconv gb;
  bool gb_ok = true;
  std::int64_t gb_bad_line = 0, raw_lines = 1;
  std::string scratch;
  std::vector<char> chunk(kChunk);
  for (;;) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto n = static_cast<size_t>(in.gcount());
    if (n == 0) break;
    std::string_view c(chunk.data(), n);
    if (c.find('\0') != std::string_view::npos)
      throw fileError(errc::file_binary, "文件含有二进制内容（NUL 字节），不是文本格式的 CSV；Excel 文件请直接上传 .xlsx");
    for (char ch : c) utf8.byte(static_cast<unsigned char>(ch));
    if (gb_ok) {
      scratch.clear();
      if (!gb.convert(c, scratch, false)) {
        gb_ok = false;
        // The failing byte is the first of gb.pending(); count lines before it.
        size_t consumed = n - std::min(n, gb.pending().size());
        for (size_t i = 0; i < consumed; ++i) raw_lines += c[i] == '\n';
        gb_bad_line = raw_lines;
      } else {
        for (char ch : c) raw_lines += ch == '\n';
      }
    }
  }
  utf8.endLine();
  if (gb_ok) {
    scratch.clear();
    if (!gb.convert({}, scratch, true)) gb_ok = false, gb_bad_line = raw_lines;
  }
  in.clear();
  in.seekg(static_cast<std::streamoff>(bom), std::ios::beg);

  auto mixed = [&] {
    return fileError(errc::file_mixed_encoding, "文件混用了多种编码：第" + std::to_string(utf8.first_utf8_line) + "行是 UTF-8，第" +
                                                std::to_string(utf8.first_invalid_line) + "行不是；请统一另存为 UTF-8 或 GBK");
  };
  TextEncoding want = options.encoding != TextEncoding::detect ? options.encoding : bom_encoding;
  if (want == TextEncoding::detect) {
    if (utf8.valid()) want = TextEncoding::utf8;
    else if (utf8.first_utf8_line) throw mixed();
    else if (gb_ok) want = TextEncoding::gb18030;
    else throw fileError(errc::file_encoding, "第" + std::to_string(gb_bad_line) + "行既不是 UTF-8 也不是 GBK/GB18030 编码");
  } else if (want == TextEncoding::utf8) {
    if (!utf8.valid()) {
      if (utf8.first_utf8_line) throw mixed();
      throw fileError(errc::file_encoding, "第" + std::to_string(utf8.first_invalid_line) + "行不是有效的 UTF-8 编码" +
                                           (gb_ok ? "（文件像是 GBK 编码）" : ""));
    }
  } else {
    if (utf8.valid() && utf8.any_multibyte && bom_encoding != TextEncoding::gb18030)
      throw fileError(errc::file_encoding, "文件是 UTF-8 编码，不是所选的 GBK/GB18030");
    if (!utf8.valid() && utf8.first_utf8_line) throw mixed();
    if (!gb_ok) throw fileError(errc::file_encoding, "第" + std::to_string(gb_bad_line) + "行不是有效的 GBK/GB18030 编码");
  }
  encoding = want;
  if (encoding == TextEncoding::gb18030) iconv = std::make_unique<Iconv>();
}

bool CsvReader::Impl::fill() {
  if (eof) return false;
  buf.erase(0, pos);
  pos = 0;
  std::string raw(kChunk, '\0');
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<size_t>(in.gcount()));
  bool last = raw.empty();
  if (iconv) {
    if (!iconv->convert(raw, buf, last))
      throw fileError(errc::file_encoding, "第" + std::to_string(record + 1) + "行附近不是有效的 GBK/GB18030 编码");
  } else {
    buf += raw;
  }
  if (last) eof = true;
  return pos < buf.size();
}

bool CsvReader::Impl::readRecord(SourceRow& row) {
  row.cells.clear();
  row.issues.clear();
  int c = peek();
  if (c < 0) return false;
  row.number = ++record;
  std::string cell;
  bool too_large = false;
  auto endCell = [&] {
    if (row.cells.size() >= limits.max_columns)
      throw fileError(errc::too_many_columns, "第" + std::to_string(row.number) + "行超过 " + std::to_string(limits.max_columns) + " 列的上限");
    SourceCell sc;
    if (too_large) {
      sc.kind = CellKind::text;
      row.issues.push_back({"cell_too_large", "单元格超过 " + sizeText(limits.max_cell_bytes) + " 的上限",
                            row.cells.size() + 1});
    } else if (!cell.empty()) {
      sc.kind = CellKind::text;
      sc.text = std::move(cell);
    }
    row.cells.push_back(std::move(sc));
    cell.clear();
    too_large = false;
  };
  auto append = [&](int ch) {
    if (too_large) return;
    if (cell.size() >= limits.max_cell_bytes) {
      too_large = true;
      cell.clear();
      return;
    }
    cell += static_cast<char>(ch);
  };
  const int delim = static_cast<unsigned char>(options.delimiter);
  bool quoted = false;    // inside a quoted section
  for (;;) {
    c = get();
    if (c < 0) {
      if (quoted) throw fileError(errc::csv_unterminated_quote, "第" + std::to_string(row.number) + "行的引号没有闭合");
      endCell();
      return true;
    }
    if (quoted) {
      if (c == '"') {
        if (peek() == '"') {
          get();
          append('"');
        } else {
          quoted = false;
        }
      } else {
        append(c);
      }
      continue;
    }
    if (c == '"' && cell.empty() && !too_large) {
      quoted = true;
    } else if (c == delim) {
      endCell();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && peek() == '\n') get();
      endCell();
      return true;
    } else {
      append(c);
    }
  }
}

CsvReader::CsvReader(std::istream& in, const CsvOptions& options, const ReadLimits& limits)
    : impl_(std::make_unique<Impl>(in, options, limits)) {
  impl_->settleEncoding();
}

CsvReader::~CsvReader() = default;

bool CsvReader::next(SourceRow& row) { return impl_->readRecord(row); }

TextEncoding CsvReader::encoding() const { return impl_->encoding; }

}  // namespace trellis::io
