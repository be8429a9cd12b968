#include "trellis/io/xlsx_reader.h"

#include <expat.h>

#include <deque>

#include "trellis/io/cell_values.h"
#include "xlsx_archive.h"
#include "xlsx_parts.h"

namespace trellis::io {
namespace {

using xlsx::fileError;
using xlsx::Workbook;
using xlsx::XlsxArchive;

// "AB12" → 27 (0-based column 27); nullopt when malformed.
std::optional<size_t> columnOf(const std::string& ref) {
  size_t col = 0, i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
    if (col > 16384) return std::nullopt;
    ++i;
  }
  if (i == 0) return std::nullopt;
  return col - 1;
}

}  // namespace

// ---- the sheet, pulled row by row --------------------------------------------------------------

// The sheet is parsed with expat (the engine under Poco XML) fed 64 KiB at a time: the handlers
// below complete rows into `ready`, next() hands them out and feeds more when it runs dry, so
// memory holds one chunk's rows. A DTD, an entity declaration or an external entity stops the
// parser (on top of the prolog check in XlsxArchive); nothing is ever expanded or fetched.
struct XlsxReader::Impl {
  ReadLimits limits;
  XlsxArchive archive;
  Workbook wb;
  SheetInfo sheet;
  std::vector<bool> date_styles;
  std::vector<std::string> strings;
  std::unique_ptr<XlsxArchive::Part> part;
  XML_Parser parser = nullptr;
  std::deque<SourceRow> ready;
  std::optional<Error> failure;
  std::vector<char> chunk = std::vector<char>(64 * 1024);
  bool ended = false;

  // Parse state.
  bool in_data = false, in_row = false, in_cell = false, in_v = false, in_is = false, in_t = false;
  int phonetic = 0;
  std::int64_t last_row = 0;
  size_t next_col = 0;
  SourceRow row;
  std::string cell_ref, cell_type, cell_style, value, inline_text;
  bool cell_big = false;

  Impl(const std::string& path, const ReadLimits& l) : limits(l), archive(path, l), wb(xlsx::readWorkbook(archive)) {}
  ~Impl() {
    if (parser) XML_ParserFree(parser);
  }

  void start();
  bool readRow(SourceRow& out);
  void fail(Error e) {
    if (!failure) failure = std::move(e);
    XML_StopParser(parser, XML_FALSE);
  }
  void onStart(std::string_view name, const XML_Char** atts);
  void onEnd(std::string_view name);
  void onText(const char* s, int n);
  void finishCell();
  void addText(std::string& to, const char* s, size_t n) {
    if (to.size() + n > limits.max_cell_bytes) {
      cell_big = true;
      return;
    }
    to.append(s, n);
  }

  static std::string_view local(const XML_Char* name) {
    std::string_view n(name);
    size_t colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
  }
  // Handlers never let an exception cross expat's C frames: it is kept and the parser stopped.
  template <class F>
  static void guarded(void* self, F&& f) {
    auto* d = static_cast<Impl*>(self);
    if (d->failure) return;
    try {
      f(*d);
    } catch (const Error& e) {
      d->fail(e);
    } catch (const std::exception& e) {
      d->fail(Error(errc::internal, std::string("XLSX sheet: ") + e.what()));
    }
  }
  static void XMLCALL startH(void* self, const XML_Char* name, const XML_Char** atts) {
    guarded(self, [&](Impl& d) { d.onStart(local(name), atts); });
  }
  static void XMLCALL endH(void* self, const XML_Char* name) {
    guarded(self, [&](Impl& d) { d.onEnd(local(name)); });
  }
  static void XMLCALL textH(void* self, const XML_Char* s, int n) {
    guarded(self, [&](Impl& d) { d.onText(s, n); });
  }
  static void XMLCALL doctypeH(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Impl*>(self)->fail(fileError(errc::xml_dtd, "XLSX 工作表含有 DTD 或实体声明，出于安全原因已拒绝（不会解析或下载外部实体）"));
  }
  static void XMLCALL entityH(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                              const XML_Char*, const XML_Char*) {
    static_cast<Impl*>(self)->fail(fileError(errc::xml_dtd, "XLSX 工作表含有实体声明，出于安全原因已拒绝（不会解析或下载外部实体）"));
  }
  static int XMLCALL externalH(XML_Parser, const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    return XML_STATUS_ERROR;  // never fetched
  }
};

void XlsxReader::Impl::start() {
  parser = XML_ParserCreate("UTF-8");
  if (!parser) throw Error(errc::internal, "expat: out of memory");
  XML_SetUserData(parser, this);
  XML_SetElementHandler(parser, &startH, &endH);
  XML_SetCharacterDataHandler(parser, &textH);
  XML_SetStartDoctypeDeclHandler(parser, &doctypeH);
  XML_SetEntityDeclHandler(parser, &entityH);
  XML_SetExternalEntityRefHandler(parser, &externalH);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
}

void XlsxReader::Impl::onStart(std::string_view n, const XML_Char** atts) {
  auto attr = [&](std::string_view key) -> const char* {
    for (int i = 0; atts[i]; i += 2)
      if (local(atts[i]) == key) return atts[i + 1];
    return nullptr;
  };
  if (n == "sheetData") {
    in_data = true;
  } else if (in_data && !in_row && n == "row") {
    in_row = true;
    row = SourceRow{};
    row.number = last_row + 1;
    if (const char* r = attr("r")) {
      char* end = nullptr;
      long long v = std::strtoll(r, &end, 10);
      if (v < 1 || *end) throw fileError(errc::xlsx_invalid, std::string("XLSX 工作表的行号“") + r + "”无效");
      row.number = v;
    }
    next_col = 0;
  } else if (in_row && !in_cell && n == "c") {
    in_cell = true;
    const char* r = attr("r");
    const char* t = attr("t");
    const char* st = attr("s");
    cell_ref = r ? r : "";
    cell_type = t ? t : "";
    cell_style = st ? st : "";
    value.clear();
    inline_text.clear();
    cell_big = false;
  } else if (in_cell && !in_is && n == "v") {
    in_v = true;
  } else if (in_cell && n == "is") {
    in_is = true;
  } else if (in_is && n == "rPh") {
    ++phonetic;
  } else if (in_is && n == "t") {
    in_t = true;
  }
}

void XlsxReader::Impl::onEnd(std::string_view n) {
  if (n == "v") in_v = false;
  else if (n == "t") in_t = false;
  else if (n == "rPh" && phonetic) --phonetic;
  else if (n == "is") in_is = false;
  else if (n == "c" && in_cell) {
    finishCell();
    in_cell = false;
  } else if (n == "row" && in_row) {
    in_row = false;
    last_row = row.number;
    ready.push_back(std::move(row));
  } else if (n == "sheetData") {
    in_data = false;
  }
}

void XlsxReader::Impl::onText(const char* s, int n) {
  if (in_v) addText(value, s, static_cast<size_t>(n));
  else if (in_t && !phonetic) addText(inline_text, s, static_cast<size_t>(n));
}

void XlsxReader::Impl::finishCell() {
  std::optional<size_t> col = cell_ref.empty() ? std::optional<size_t>(next_col) : columnOf(cell_ref);
  if (!col) throw fileError(errc::xlsx_invalid, "XLSX 工作表第" + std::to_string(row.number) + "行的单元格引用“" + cell_ref + "”无效");
  if (*col >= limits.max_columns)
    throw fileError(errc::too_many_columns, "第" + std::to_string(row.number) + "行超过 " + std::to_string(limits.max_columns) + " 列的上限");
  if (row.cells.size() <= *col) row.cells.resize(*col + 1);
  next_col = *col + 1;
  SourceCell& c = row.cells[*col];
  if (cell_type == "s") {
    char* end = nullptr;
    unsigned long idx = std::strtoul(value.c_str(), &end, 10);
    if (value.empty() || *end || idx >= strings.size())
      throw fileError(errc::xlsx_invalid, "XLSX 工作表第" + std::to_string(row.number) + "行引用了不存在的共享文本");
    if (strings[idx].size() > limits.max_cell_bytes) cell_big = true;
    else c = {CellKind::text, strings[idx]};
  } else if (cell_type == "inlineStr") {
    c = {CellKind::text, inline_text};
  } else if (cell_type == "str") {
    c = {CellKind::text, value};
  } else if (cell_type == "b") {
    c = {CellKind::boolean, value == "1" || value == "true" ? "1" : "0"};
  } else if (cell_type == "e") {
    c = {CellKind::error, value};
  } else if (cell_type == "d") {
    auto d = Date::parse(value.substr(0, 10));
    c = d ? SourceCell{CellKind::date, d->toString()} : SourceCell{CellKind::text, value};
  } else if (!value.empty()) {
    c = {CellKind::number, value};
    char* end = nullptr;
    unsigned long s = std::strtoul(cell_style.c_str(), &end, 10);
    if (!cell_style.empty() && !*end && s < date_styles.size() && date_styles[s]) {
      std::optional<Date> d;
      if (wb.date1904) {
        auto serial = dateFromSerial(value);  // 1904 system: day 0 is 1904-01-01
        if (serial) d = serial->addDays(1462);
        if (value == "0") d = Date(1904, 1, 1);
      } else {
        d = dateFromSerial(value);
      }
      if (d) c = {CellKind::date, d->toString()};
    }
  }
  if (c.kind != CellKind::empty && c.text.empty() && c.kind != CellKind::boolean) c.kind = CellKind::empty;
  if (cell_big) {
    c = {CellKind::text, ""};
    row.issues.push_back({"cell_too_large", "单元格超过 " + sizeText(limits.max_cell_bytes) + " 的上限", *col + 1});
  }
}

bool XlsxReader::Impl::readRow(SourceRow& out) {
  while (ready.empty()) {
    if (ended) return false;
    std::istream& in = part->stream();
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto n = static_cast<int>(in.gcount());
    if (part->failure()) throw *part->failure();
    bool last = n == 0;
    if (XML_Parse(parser, chunk.data(), n, last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
      if (failure) throw *failure;
      if (part->failure()) throw *part->failure();
      throw fileError(errc::xml_invalid, "XLSX 文件的 " + part->name() + " 不是有效的 XML（第" + std::to_string(XML_GetCurrentLineNumber(parser)) +
                                         "行：" + XML_ErrorString(XML_GetErrorCode(parser)) + "）");
    }
    if (failure) throw *failure;
    if (last) ended = true;
  }
  out = std::move(ready.front());
  ready.pop_front();
  return true;
}

namespace {

const SheetInfo& chooseSheet(const Workbook& wb, const SheetChoice& choice) {
  std::string names;
  for (const auto& s : wb.sheets) names += (names.empty() ? "" : "、") + s.name;
  auto missing = [&](const std::string& what) {
    return Error(errc::xlsx_no_sheet, "工作簿中没有" + what + "（现有工作表：" + names + "）", "sheet");
  };
  if (choice.name) {
    for (const auto& s : wb.sheets)
      if (s.name == *choice.name) return s;
    throw missing("名为“" + *choice.name + "”的工作表");
  }
  if (choice.index) {
    if (*choice.index < wb.sheets.size()) return wb.sheets[*choice.index];
    throw missing("第 " + std::to_string(*choice.index + 1) + " 个工作表");
  }
  for (const auto& s : wb.sheets)
    if (!s.hidden) return s;
  throw missing("可见的工作表");
}

}  // namespace

std::vector<SheetInfo> listXlsxSheets(const std::string& path, const ReadLimits& limits) {
  XlsxArchive archive(path, limits);
  return xlsx::readWorkbook(archive).sheets;
}

XlsxReader::XlsxReader(const std::string& path, const SheetChoice& choice, const ReadLimits& limits)
    : impl_(std::make_unique<Impl>(path, limits)) {
  auto& d = *impl_;
  d.sheet = chooseSheet(d.wb, choice);
  const std::string& part = d.wb.sheet_parts[d.sheet.index];
  if (part.empty() || !d.archive.has(part)) throw fileError(errc::xlsx_invalid, "XLSX 文件缺少工作表“" + d.sheet.name + "”的数据");
  d.date_styles = xlsx::readDateStyles(d.archive, d.wb.styles);
  d.strings = xlsx::readSharedStrings(d.archive, d.wb.shared_strings, limits);
  d.part = std::make_unique<XlsxArchive::Part>(d.archive, part);
  d.start();
}

XlsxReader::~XlsxReader() = default;

bool XlsxReader::next(SourceRow& row) { return impl_->readRow(row); }

const SheetInfo& XlsxReader::sheet() const { return impl_->sheet; }

}  // namespace trellis::io
