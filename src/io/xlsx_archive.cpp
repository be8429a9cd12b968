#include "xlsx_archive.h"

#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipException.h>
#include <Poco/Zip/ZipLocalFileHeader.h>
#include <Poco/Zip/ZipStream.h>
#include <algorithm>
#include <streambuf>

namespace trellis::io::xlsx {

Error fileError(const ErrorCode& code, std::string message) { return Error(code, std::move(message), "file"); }

struct XlsxArchive::Impl {
  std::ifstream file;
  std::uint64_t size = 0;
  ReadLimits limits;
  std::unique_ptr<Poco::Zip::ZipArchive> zip;
  std::uint64_t inflated = 0;  // over every part read so far
};

namespace {

std::uint32_t le(const std::string& b, size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<size_t>(i)]);
  return v;
}

// Reads the end-of-central-directory record and walks the central directory ourselves, before
// Poco parses anything: a missing or cut record is a truncated file; an encrypted entry or a
// compression method other than stored (0) or deflate (8) is refused by name.
void checkCentralDirectory(std::ifstream& f, std::uint64_t size) {
  const std::uint64_t tail_len = std::min<std::uint64_t>(size, 65535 + 22);
  std::string tail(tail_len, '\0');
  f.seekg(static_cast<std::streamoff>(size - tail_len));
  f.read(tail.data(), static_cast<std::streamsize>(tail_len));
  if (f.gcount() != static_cast<std::streamsize>(tail_len)) throw fileError(errc::zip_truncated, "XLSX 文件不完整（可能上传中断或文件已损坏）");
  size_t eocd = std::string::npos;
  for (size_t p = tail.rfind(std::string("PK\x05\x06", 4)); p != std::string::npos; p = p ? tail.rfind(std::string("PK\x05\x06", 4), p - 1) : std::string::npos) {
    if (p + 22 <= tail.size() && p + 22 + le(tail, p + 20, 2) == tail.size()) {
      eocd = p;
      break;
    }
    if (p == 0) break;
  }
  if (eocd == std::string::npos) throw fileError(errc::zip_truncated, "XLSX 文件不完整（可能上传中断或文件已损坏）");
  std::uint64_t entries = le(tail, eocd + 10, 2), cd_size = le(tail, eocd + 12, 4), cd_offset = le(tail, eocd + 16, 4);
  std::uint64_t eocd_at = size - tail_len + eocd;
  if (cd_offset == 0xFFFFFFFFu || entries == 0xFFFF) throw fileError(errc::zip_unsupported, "XLSX 文件使用了不支持的 ZIP64 格式");
  if (cd_offset + cd_size > eocd_at) throw fileError(errc::zip_truncated, "XLSX 文件不完整（中央目录缺失）");
  if (entries > 10000) throw fileError(errc::xlsx_invalid, "XLSX 文件包含的部件过多");
  std::string cd(cd_size, '\0');
  f.seekg(static_cast<std::streamoff>(cd_offset));
  f.read(cd.data(), static_cast<std::streamsize>(cd_size));
  if (f.gcount() != static_cast<std::streamsize>(cd_size)) throw fileError(errc::zip_truncated, "XLSX 文件不完整（中央目录缺失）");
  size_t at = 0;
  for (std::uint64_t i = 0; i < entries; ++i) {
    if (at + 46 > cd.size() || cd.compare(at, 4, std::string("PK\x01\x02", 4)) != 0)
      throw fileError(errc::zip_corrupt, "XLSX 文件已损坏（中央目录无效）");
    std::uint32_t flags = le(cd, at + 8, 2), method = le(cd, at + 10, 2);
    size_t name_len = le(cd, at + 28, 2), extra = le(cd, at + 30, 2), comment = le(cd, at + 32, 2);
    if (at + 46 + name_len > cd.size()) throw fileError(errc::zip_corrupt, "XLSX 文件已损坏（中央目录无效）");
    std::string name = cd.substr(at + 46, name_len);
    if (flags & 0x41) throw fileError(errc::zip_encrypted, "XLSX 文件已加密，请取消密码保护后再上传");
    if (method != 0 && method != 8) throw fileError(errc::zip_unsupported, "XLSX 文件使用了不支持的压缩方式（" + name + "）");
    at += 46 + name_len + extra + comment;
  }
  f.clear();
  f.seekg(0);
}

}  // namespace

XlsxArchive::XlsxArchive(const std::string& path, const ReadLimits& limits) : impl_(std::make_unique<Impl>()) {
  auto& d = *impl_;
  d.limits = limits;
  d.file.open(path, std::ios::binary);
  if (!d.file) throw Error(errc::internal, "cannot open " + path);
  d.file.seekg(0, std::ios::end);
  d.size = static_cast<std::uint64_t>(d.file.tellg());
  d.file.seekg(0);
  if (d.size > limits.max_file_bytes)
    throw Error(errc::file_too_large, "文件超过 " + sizeText(limits.max_file_bytes) + " 的上限", "file");
  char sig[4] = {0, 0, 0, 0};
  d.file.read(sig, 4);
  d.file.clear();
  d.file.seekg(0);
  if (std::string_view(sig, 4) != std::string_view("PK\x03\x04", 4)) throw fileError(errc::zip_not_zip, "文件不是 XLSX（zip）格式");
  checkCentralDirectory(d.file, d.size);
  try {
    d.zip = std::make_unique<Poco::Zip::ZipArchive>(d.file);
  } catch (const Poco::Exception& e) {
    std::string what = e.displayText();
    if (what.find("ncrypt") != std::string::npos) throw fileError(errc::zip_encrypted, "XLSX 文件已加密，请取消密码保护后再上传");
    throw fileError(errc::zip_corrupt, "XLSX 文件已损坏，无法读取其目录（" + what + "）");
  }
  d.file.clear();
  for (auto it = d.zip->headerBegin(); it != d.zip->headerEnd(); ++it) {
    const auto& h = it->second;
    if (h.isEncrypted()) throw fileError(errc::zip_encrypted, "XLSX 文件已加密，请取消密码保护后再上传");
    auto m = h.getCompressionMethod();
    if (m != Poco::Zip::ZipCommon::CM_STORE && m != Poco::Zip::ZipCommon::CM_DEFLATE)
      throw fileError(errc::zip_unsupported, "XLSX 文件使用了不支持的压缩方式（" + it->first + "）");
  }
  for (auto it = d.zip->fileInfoBegin(); it != d.zip->fileInfoEnd(); ++it)
    if (it->second.isEncrypted()) throw fileError(errc::zip_encrypted, "XLSX 文件已加密，请取消密码保护后再上传");
}

XlsxArchive::~XlsxArchive() = default;

bool XlsxArchive::has(const std::string& name) const { return impl_->zip->findHeader(name) != impl_->zip->headerEnd(); }

// Reads a part through Poco's inflater in chunks, counting and capping, and guards the prolog.
class PartBuf : public std::streambuf {
 public:
  PartBuf(XlsxArchive::Impl& a, const Poco::Zip::ZipLocalFileHeader& h, std::string name)
      : a_(a), name_(std::move(name)), compressed_(std::max<std::uint64_t>(1, std::min<std::uint64_t>(h.getCompressedSize(), a.size))) {
    a_.file.clear();
    try {
      zin_ = std::make_unique<Poco::Zip::ZipInputStream>(a_.file, h, true);
      zin_->exceptions(std::ios::badbit);  // Poco's own exception (CRC, inflate error) reaches the catch below
    } catch (const Poco::Exception& e) {
      fail(fileError(errc::zip_corrupt, "XLSX 文件已损坏（" + name_ + "：" + e.displayText() + "）"));
    }
  }
  const std::optional<Error>& failure() const { return failure_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (failure_ || !zin_ || done_) return traits_type::eof();
    std::size_t n = 0;
    try {
      zin_->read(buf_, sizeof buf_);
      n = static_cast<std::size_t>(zin_->gcount());
    } catch (const Poco::Exception& e) {
      std::string what = e.displayText();
      bool crc = what.find("CRC") != std::string::npos || what.find("crc") != std::string::npos;
      fail(fileError(crc ? errc::zip_corrupt : errc::zip_truncated,
                     std::string(crc ? "XLSX 文件已损坏（校验和不符）" : "XLSX 文件不完整或已损坏") + "：" + name_ + "（" + what + "）"));
      return traits_type::eof();
    }
    if (n == 0) {
      done_ = true;
      if (!prolog_done_ && prolog_state_ != 0) fail(fileError(errc::xml_invalid, name_ + " 不是完整的 XML"));
      return traits_type::eof();
    }
    part_ += n;
    a_.inflated += n;
    // Counted here, as the bytes come out of the inflater: the sizes in the headers are not trusted.
    bool total = a_.inflated > a_.limits.max_inflated_bytes;
    bool ratio = part_ > a_.limits.ratio_grace_bytes && part_ / compressed_ > a_.limits.max_inflate_ratio;
    if (total || ratio) {
      fail(fileError(errc::zip_bomb, "XLSX 文件解压后过大或压缩比异常（疑似压缩炸弹），已拒绝：" + name_));
      return traits_type::eof();
    }
    if (!prolog_done_ && !guard(std::string_view(buf_, n))) return traits_type::eof();
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  void fail(Error e) {
    if (!failure_) failure_ = std::move(e);
  }

  // Scans the bytes ahead of the root element: XML declaration, processing instructions,
  // comments, whitespace. Any other "<!" there is a DOCTYPE: refused. UTF-16 is refused.
  bool guard(std::string_view s) {
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      // A NUL or a UTF-16 byte-order mark among the first bytes: UTF-16/32, refused. (A UTF-8
      // BOM is not markup and passes through state 0.)
      if (prolog_seen_ < 4 && (c == 0 || c == 0xFE || c == 0xFF)) {
        fail(fileError(errc::xlsx_invalid, name_ + " 不是 UTF-8 编码的 XML"));
        return false;
      }
      ++prolog_seen_;
      if (prolog_seen_ > 64 * 1024) {
        fail(fileError(errc::xml_invalid, name_ + " 的 XML 开头过长"));
        return false;
      }
      switch (prolog_state_) {
        case 0:  // between markup
          if (c == '<') prolog_state_ = 1;
          break;
        case 1:  // after '<'
          if (c == '?') prolog_state_ = 2;
          else if (c == '!') prolog_state_ = 4;
          else {
            prolog_done_ = true;  // the root element: the prolog is over
            return true;
          }
          break;
        case 2:  // in <? … ?>
          if (c == '?') prolog_state_ = 3;
          break;
        case 3:
          prolog_state_ = c == '>' ? 0 : (c == '?' ? 3 : 2);
          break;
        case 4:  // after "<!": only a comment may follow
          if (c != '-') {
            fail(fileError(errc::xml_dtd, name_ + " 含有 DTD 或实体声明，出于安全原因已拒绝（不会解析或下载外部实体）"));
            return false;
          }
          prolog_state_ = 5;
          break;
        case 5:
          if (c != '-') {
            fail(fileError(errc::xml_dtd, name_ + " 含有 DTD 或实体声明，出于安全原因已拒绝（不会解析或下载外部实体）"));
            return false;
          }
          prolog_state_ = 6;
          break;
        case 6:  // in a comment, until "-->"
          if (c == '-') prolog_state_ = 7;
          break;
        case 7:
          prolog_state_ = c == '-' ? 8 : 6;
          break;
        case 8:
          prolog_state_ = c == '>' ? 0 : (c == '-' ? 8 : 6);
          break;
        default:
          break;
      }
    }
    return true;
  }

  XlsxArchive::Impl& a_;
  std::string name_;
  std::uint64_t compressed_;
  std::unique_ptr<Poco::Zip::ZipInputStream> zin_;
  std::optional<Error> failure_;
  std::uint64_t part_ = 0;
  bool done_ = false;
  bool prolog_done_ = false;
  int prolog_state_ = 0;
  std::uint64_t prolog_seen_ = 0;
  char buf_[64 * 1024];
};

XlsxArchive::Part::Part(XlsxArchive& archive, const std::string& name) : name_(name) {
  auto it = archive.impl_->zip->findHeader(name);
  if (it == archive.impl_->zip->headerEnd()) throw fileError(errc::xlsx_invalid, "XLSX 文件缺少 " + name);
  buf_ = std::make_unique<PartBuf>(*archive.impl_, it->second, name);
  stream_ = std::make_unique<std::istream>(buf_.get());
}

XlsxArchive::Part::~Part() = default;

std::istream& XlsxArchive::Part::stream() { return *stream_; }

const std::optional<Error>& XlsxArchive::Part::failure() const { return buf_->failure(); }

}  // namespace trellis::io::xlsx
