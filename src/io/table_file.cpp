#include "trellis/io/table_file.h"

#include <fstream>

#include "trellis/core/error.h"
#include "trellis/io/csv_writer.h"
#include "trellis/io/xlsx_writer.h"

namespace trellis::io {
namespace {

// A CsvReader that owns its file.
class CsvFileReader : public RowReader {
 public:
  CsvFileReader(const std::string& path, const CsvOptions& options, const ReadLimits& limits)
      : file_(path, std::ios::binary), reader_((check(path), file_), options, limits) {}
  bool next(SourceRow& row) override { return reader_.next(row); }

 private:
  void check(const std::string& path) {
    if (!file_) throw Error(errc::internal, "cannot open " + path);
  }
  std::ifstream file_;
  CsvReader reader_;
};

}  // namespace

FileFormat detectFileFormat(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(errc::internal, "cannot open " + path);
  char sig[4] = {0, 0, 0, 0};
  f.read(sig, 4);
  return std::string_view(sig, 4) == std::string_view("PK\x03\x04", 4) ? FileFormat::xlsx : FileFormat::csv;
}

std::unique_ptr<RowReader> openTableFile(const std::string& path, const TableFileOptions& options) {
  FileFormat format = options.format == FileFormat::detect ? detectFileFormat(path) : options.format;
  if (format == FileFormat::xlsx) return std::make_unique<XlsxReader>(path, options.sheet, options.limits);
  return std::make_unique<CsvFileReader>(path, options.csv, options.limits);
}

void writeTableFile(const std::string& path, FileFormat format, const std::function<void(domain::TableSink&)>& fill) {
  if (format == FileFormat::csv) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(errc::export_write_failed, "the export file could not be created");
    CsvWriter writer(file);
    fill(writer);
    writer.finish();
    file.close();
    if (!file) throw Error(errc::export_write_failed, "the export file could not be written");
    return;
  }
  if (format != FileFormat::xlsx) throw Error(errc::internal, "writeTableFile wants csv or xlsx");
  XlsxWriter writer(path);
  fill(writer);
  writer.finish();
}

}  // namespace trellis::io
