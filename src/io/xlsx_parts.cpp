#include "xlsx_parts.h"

#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DeclHandler.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/XML/XMLException.h>
#include <functional>

namespace trellis::io::xlsx {
namespace {

// ---- SAX for the small parts (relationships, workbook, styles, shared strings) ----------------

// Refuses any DTD, entity declaration or external entity: the parser never reads or fetches one.
class DtdRefuser : public Poco::XML::LexicalHandler, public Poco::XML::DeclHandler, public Poco::XML::EntityResolver {
 public:
  void startDTD(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override { refuse(); }
  void endDTD() override {}
  void startEntity(const Poco::XML::XMLString&) override { refuse(); }
  void endEntity(const Poco::XML::XMLString&) override {}
  void startCDATA() override {}
  void endCDATA() override {}
  void comment(const Poco::XML::XMLChar[], int, int) override {}
  void attributeDecl(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString*,
                     const Poco::XML::XMLString*) override { refuse(); }
  void elementDecl(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override { refuse(); }
  void externalEntityDecl(const Poco::XML::XMLString&, const Poco::XML::XMLString*, const Poco::XML::XMLString&) override { refuse(); }
  void internalEntityDecl(const Poco::XML::XMLString&, const Poco::XML::XMLString&) override { refuse(); }
  Poco::XML::InputSource* resolveEntity(const Poco::XML::XMLString*, const Poco::XML::XMLString&) override {
    refuse();
    return nullptr;
  }
  void releaseInputSource(Poco::XML::InputSource*) override {}

 private:
  [[noreturn]] static void refuse() {
    throw fileError(errc::xml_dtd, "XLSX 文件含有 DTD 或实体声明，出于安全原因已拒绝（不会解析或下载外部实体）");
  }
};

struct SaxEvents : public Poco::XML::DefaultHandler {
  std::function<void(const std::string& local, const Poco::XML::Attributes&)> start;
  std::function<void(const std::string& local)> end;
  std::function<void(const char*, int)> text;

  void startElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString&,
                    const Poco::XML::Attributes& attrs) override {
    if (start) start(local, attrs);
  }
  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString& local, const Poco::XML::XMLString&) override {
    if (end) end(local);
  }
  void characters(const Poco::XML::XMLChar ch[], int start_at, int length) override {
    if (text) text(ch + start_at, length);
  }
};

std::string attr(const Poco::XML::Attributes& a, const char* local) {
  for (int i = 0; i < a.getLength(); ++i)
    if (a.getLocalName(i) == local) return a.getValue(i);
  return {};
}

void parseSax(XlsxArchive& archive, const std::string& part, SaxEvents& events) {
  XlsxArchive::Part p(archive, part);
  DtdRefuser refuser;
  Poco::XML::SAXParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER, static_cast<Poco::XML::LexicalHandler*>(&refuser));
  parser.setProperty(Poco::XML::XMLReader::PROPERTY_DECLARATION_HANDLER, static_cast<Poco::XML::DeclHandler*>(&refuser));
  parser.setEntityResolver(&refuser);
  parser.setContentHandler(&events);
  Poco::XML::InputSource source(p.stream());
  try {
    parser.parse(&source);
  } catch (const Poco::Exception& e) {
    if (p.failure()) throw *p.failure();
    throw fileError(errc::xml_invalid, "XLSX 文件的 " + part + " 不是有效的 XML（" + e.displayText() + "）");
  }
  if (p.failure()) throw *p.failure();
}

// ---- package structure -------------------------------------------------------------------------

std::string dirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// target relative to base_dir ("xl/"), or absolute ("/xl/…"), with "." and ".." resolved.
std::string resolve(const std::string& base_dir, const std::string& target) {
  std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  size_t from = 0;
  while (from <= joined.size()) {
    size_t to = joined.find('/', from);
    if (to == std::string::npos) to = joined.size();
    std::string seg = joined.substr(from, to - from);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    from = to + 1;
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

struct Relationship {
  std::string type;    // the last segment of the Type URI, e.g. "worksheet"
  std::string target;  // resolved part name
};

std::map<std::string, Relationship> readRels(XlsxArchive& archive, const std::string& rels_part, const std::string& base_dir) {
  std::map<std::string, Relationship> out;
  if (!archive.has(rels_part)) return out;
  SaxEvents ev;
  ev.start = [&](const std::string& local, const Poco::XML::Attributes& a) {
    if (local != "Relationship") return;
    std::string type = attr(a, "Type");
    size_t slash = type.rfind('/');
    out[attr(a, "Id")] = {slash == std::string::npos ? type : type.substr(slash + 1), resolve(base_dir, attr(a, "Target"))};
  };
  parseSax(archive, rels_part, ev);
  return out;
}



// Built-in number formats that are dates (ECMA-376 18.8.30, with the CJK ids Excel uses in zh-CN).
bool builtinDateFormat(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// A custom format is a date when, outside quotes, escapes and [..] sections, it has y or d (or m
// with neither h nor s, which would make it a time).
bool customDateFormat(const std::string& code) {
  bool y = false, d = false, m = false, hs = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      size_t close = code.find('"', i + 1);
      if (close == std::string::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      size_t close = code.find(']', i + 1);
      if (close == std::string::npos) break;
      i = close;
    } else {
      char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      y |= l == 'y' || l == 'e';
      d |= l == 'd';
      m |= l == 'm';
      hs |= l == 'h' || l == 's';
    }
  }
  return y || d || (m && !hs);
}

}  // namespace

Workbook readWorkbook(XlsxArchive& archive) {
  Workbook wb;
  for (const auto& [id, rel] : readRels(archive, "_rels/.rels", ""))
    if (rel.type == "officeDocument") wb.part = rel.target;
  if (!archive.has(wb.part)) throw fileError(errc::xlsx_invalid, "文件不是 Excel 工作簿（缺少 " + wb.part + "）");
  std::string dir = dirOf(wb.part);
  std::string base = wb.part.substr(dir.size());
  auto rels = readRels(archive, dir + "_rels/" + base + ".rels", dir);
  std::vector<std::string> ids;
  SaxEvents ev;
  ev.start = [&](const std::string& local, const Poco::XML::Attributes& a) {
    if (local == "sheet") {
      SheetInfo s;
      s.index = wb.sheets.size();
      s.name = attr(a, "name");
      std::string state = attr(a, "state");
      s.hidden = state == "hidden" || state == "veryHidden";
      wb.sheets.push_back(s);
      ids.push_back(attr(a, "id"));
    } else if (local == "workbookPr") {
      std::string v = attr(a, "date1904");
      wb.date1904 = v == "1" || v == "true";
    }
  };
  parseSax(archive, wb.part, ev);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = rels.find(ids[i]);
    wb.sheet_parts.push_back(it != rels.end() ? it->second.target : "");
  }
  for (const auto& [id, rel] : rels) {
    if (rel.type == "sharedStrings") wb.shared_strings = rel.target;
    if (rel.type == "styles") wb.styles = rel.target;
  }
  return wb;
}

std::vector<bool> readDateStyles(XlsxArchive& archive, const std::string& part) {
  std::vector<bool> out;
  if (part.empty() || !archive.has(part)) return out;
  std::map<int, std::string> custom;
  bool in_xfs = false;
  SaxEvents ev;
  ev.start = [&](const std::string& local, const Poco::XML::Attributes& a) {
    if (local == "numFmt") custom[std::atoi(attr(a, "numFmtId").c_str())] = attr(a, "formatCode");
    else if (local == "cellXfs") in_xfs = true;
    else if (local == "xf" && in_xfs) {
      int id = std::atoi(attr(a, "numFmtId").c_str());
      auto it = custom.find(id);
      out.push_back(it != custom.end() ? customDateFormat(it->second) : builtinDateFormat(id));
    }
  };
  ev.end = [&](const std::string& local) {
    if (local == "cellXfs") in_xfs = false;
  };
  parseSax(archive, part, ev);
  return out;
}

std::vector<std::string> readSharedStrings(XlsxArchive& archive, const std::string& part, const ReadLimits& limits) {
  std::vector<std::string> out;
  if (part.empty() || !archive.has(part)) return out;
  std::uint64_t total = 0;
  bool in_t = false;
  int in_phonetic = 0;
  SaxEvents ev;
  ev.start = [&](const std::string& local, const Poco::XML::Attributes&) {
    if (local == "si") out.emplace_back();
    else if (local == "rPh") ++in_phonetic;
    else if (local == "t") in_t = true;
  };
  ev.end = [&](const std::string& local) {
    if (local == "rPh") --in_phonetic;
    else if (local == "t") in_t = false;
  };
  ev.text = [&](const char* s, int n) {
    if (!in_t || in_phonetic || out.empty()) return;
    auto& cur = out.back();
    // One byte past the cell cap marks the string as too large without holding all of it.
    size_t room = limits.max_cell_bytes + 1 > cur.size() ? limits.max_cell_bytes + 1 - cur.size() : 0;
    size_t take = std::min(room, static_cast<size_t>(n));
    cur.append(s, take);
    total += take;
    if (total > limits.max_shared_string_bytes)
      throw Error(errc::file_too_large, "XLSX 文件的共享文本超过 " +
                                                                  sizeText(limits.max_shared_string_bytes) + " 的上限", 
                  "file");
  };
  parseSax(archive, part, ev);
  return out;
}

}  // namespace trellis::io::xlsx
