// Internal to io/: the zip side of the XLSX reader. An XlsxArchive checks the archive as a whole
// (size, end-of-central-directory present, no encrypted entry, stored/deflate only) and opens one
// part at a time as a std::istream whose bytes are counted while they are inflated — the total
// and the ratio to the compressed size are capped there, not taken from the headers — and whose
// XML prolog is checked for a DTD before any parser sees it.
#pragma once
#include <cstdint>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/error.h"
#include "trellis/io/read_limits.h"

namespace trellis::io::xlsx {

class PartBuf;

class XlsxArchive {
 public:
  // Throws Error file_too_large, zip_not_zip, zip_truncated, zip_encrypted, zip_unsupported.
  XlsxArchive(const std::string& path, const ReadLimits& limits);
  ~XlsxArchive();

  bool has(const std::string& name) const;

  // The part as a stream (one open at a time: it shares the file). Throws Error xlsx_invalid when
  // the part is missing. Read errors surface as the Error that failure() returns.
  class Part {
   public:
    Part(XlsxArchive& archive, const std::string& name);
    ~Part();
    std::istream& stream();
    // The Error a read stopped on (zip_bomb, zip_corrupt, xml_dtd, …), if any.
    const std::optional<Error>& failure() const;
    const std::string& name() const { return name_; }

   private:
    std::string name_;
    std::unique_ptr<PartBuf> buf_;
    std::unique_ptr<std::istream> stream_;
  };

 private:
  friend class PartBuf;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Error fileError(const ErrorCode& code, std::string message);

}  // namespace trellis::io::xlsx
