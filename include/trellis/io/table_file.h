// Opens an uploaded file as a RowReader, choosing CSV or XLSX by its first bytes (a zip archive is
// XLSX; anything else is read as CSV), after checking its size against ReadLimits::max_file_bytes.
#pragma once
#include <memory>
#include <string>

#include "trellis/io/csv_reader.h"
#include "trellis/io/xlsx_reader.h"

namespace trellis::io {

enum class FileFormat { detect, csv, xlsx };

struct TableFileOptions {
  FileFormat format = FileFormat::detect;
  CsvOptions csv;        // CSV only
  SheetChoice sheet;     // XLSX only
  ReadLimits limits;
};

// The format the file at path has (by its first bytes); never detect.
FileFormat detectFileFormat(const std::string& path);

// A reader over the file at path (it owns the open file). Throws Error file_too_large, and every
// error the chosen reader throws.
std::unique_ptr<RowReader> openTableFile(const std::string& path, const TableFileOptions& options);

}  // namespace trellis::io
