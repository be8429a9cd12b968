// Opens an uploaded file as a RowReader, choosing CSV or XLSX by its first bytes (a zip archive is
// XLSX; anything else is read as CSV), after checking its size against ReadLimits::max_file_bytes.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "trellis/domain/table.h"
#include "trellis/io/csv_reader.h"
#include "trellis/io/xlsx_reader.h"

namespace trellis::io {

enum class FileFormat { detect, csv, xlsx };

struct TableFileOptions {
  FileFormat format = FileFormat::detect;
  CsvOptions csv;        // CSV only
  SheetChoice sheet;     // XLSX only
  ReadLimits limits;
  // A confirmed mapping (header text → field key, '' = ignore the column) that the import kinds'
  // header match applies over config/import.json (io::matchHeader overrides); the reader itself
  // does not use it. Empty: the config alone.
  std::map<std::string, std::string> header_overrides;
};

// The format the file at path has (by its first bytes); never detect.
FileFormat detectFileFormat(const std::string& path);

// A reader over the file at path (it owns the open file). Throws Error file_too_large, and every
// error the chosen reader throws.
std::unique_ptr<RowReader> openTableFile(const std::string& path, const TableFileOptions& options);

// Writes what fill sends to a TableSink as a file at path: CSV (UTF-8 with BOM) or XLSX (format
// csv or xlsx, never detect). Error export_write_failed when the file cannot be written; a fill
// that throws leaves no complete file behind (XLSX is removed, CSV is cut short).
void writeTableFile(const std::string& path, FileFormat format, const std::function<void(domain::TableSink&)>& fill);

}  // namespace trellis::io
