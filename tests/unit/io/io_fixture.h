// Files made by the io tests: a temporary directory, GBK text via iconv, XLSX archives written by
// hand with Poco Zip (parts given as text) and patched byte-wise for crafted bad files, and a
// helper that reads every row of a RowReader.
#pragma once
#include <Poco/DateTime.h>
#include <Poco/Zip/Compress.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iconv.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "trellis/core/error.h"
#include "trellis/io/table_source.h"

namespace trellis::io::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = std::filesystem::temp_directory_path().string() + "/trellis-io-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// UTF-8 → GBK with glibc iconv (the way an older system would have saved it).
inline std::string toGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv GBK unavailable");
  std::string in = utf8, out(utf8.size() * 2 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  size_t left = in.size(), room = out.size();
  size_t r = iconv(cd, &src, &left, &dst, &room);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) throw std::runtime_error("text not representable in GBK");
  out.resize(out.size() - room);
  return out;
}

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip archive of the given parts, deflated (or stored), written with Poco Zip Compress.
inline void writeZip(const std::string& path, const Parts& parts, bool deflate = true) {
  std::ofstream out(path, std::ios::binary);
  Poco::Zip::Compress c(out, true);
  for (const auto& [name, body] : parts) {
    std::istringstream in(body);
    c.addFile(in, Poco::DateTime(), name, deflate ? Poco::Zip::ZipCommon::CM_DEFLATE : Poco::Zip::ZipCommon::CM_STORE,
              Poco::Zip::ZipCommon::CL_MAXIMUM);
  }
  c.close();
}

inline const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
    R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";

inline const char* kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
    R"(</Relationships>)";

// A workbook of the named sheets (sheetN.xml in order), with shared strings and styles parts.
// styles: cellXfs numFmtIds; xf 1 is numFmt 14 (a date) unless given otherwise.
struct HandWorkbook {
  std::vector<std::pair<std::string, std::string>> sheets;  // name → sheetData inner XML
  std::vector<std::string> shared;                          // <si> inner XML, verbatim
  std::string styles_xml;                                   // whole styles.xml; default below
  std::string workbook_pr;                                  // e.g. <workbookPr date1904="1"/>
  std::vector<bool> hidden;
  std::string merge_cells;                                  // e.g. <mergeCells …/>, after sheetData
};

inline std::string sheetXml(const std::string& data, const std::string& tail = {}) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
         R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>)" +
         data + "</sheetData>" + tail + "</worksheet>";
}

inline Parts handParts(const HandWorkbook& wb) {
  Parts parts;
  parts.push_back({"[Content_Types].xml", kContentTypes});
  parts.push_back({"_rels/.rels", kRootRels});
  std::string book = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                     R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)" +
                     wb.workbook_pr + "<sheets>";
  std::string rels = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    bool hide = i < wb.hidden.size() && wb.hidden[i];
    book += "<sheet name=\"" + wb.sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"" +
            (hide ? " state=\"hidden\"" : "") + "/>";
    rels += R"(<Relationship Id="rId)" + n +
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)" + n +
            R"(.xml"/>)";
    parts.push_back({"xl/worksheets/sheet" + n + ".xml", sheetXml(wb.sheets[i].second, wb.merge_cells)});
  }
  book += "</sheets></workbook>";
  rels += R"(<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
          R"(<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>)"
          R"(</Relationships>)";
  parts.push_back({"xl/workbook.xml", book});
  parts.push_back({"xl/_rels/workbook.xml.rels", rels});
  std::string sst = R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  for (const auto& si : wb.shared) sst += "<si>" + si + "</si>";
  sst += "</sst>";
  parts.push_back({"xl/sharedStrings.xml", sst});
  std::string styles = wb.styles_xml.empty()
                           ? R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
                             R"(<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>)"
                             R"(<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>)"
                           : wb.styles_xml;
  parts.push_back({"xl/styles.xml", styles});
  return parts;
}

inline void writeHandXlsx(const std::string& path, const HandWorkbook& wb, bool deflate = true) {
  writeZip(path, handParts(wb), deflate);
}

// Every row of reader, in order.
inline std::vector<SourceRow> readAll(RowReader& reader) {
  std::vector<SourceRow> rows;
  SourceRow row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

inline std::vector<SourceRow> readAll(TableSource& source) {
  std::vector<SourceRow> rows;
  SourceRow row;
  while (source.next(row)) rows.push_back(row);
  return rows;
}

// The Error code thrown by f, or "" when it did not throw.
template <class F>
std::string errorCode(F&& f) {
  try {
    f();
  } catch (const trellis::Error& e) {
    if (const char* v = std::getenv("TRELLIS_TEST_VERBOSE"); v && *v) std::fprintf(stderr, "%s: %s\n", e.code().c_str(), e.what());
    return e.code();
  }
  return "";
}

inline std::vector<std::string> texts(const SourceRow& row) {
  std::vector<std::string> out;
  for (const auto& c : row.cells) out.push_back(c.text);
  return out;
}

}  // namespace trellis::io::test
