// The import tables (sql/009_imports.sql): import_batch, import_row, import_change. Callers run
// these inside Database::write / Database::read.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trellis::store {

class Connection;

struct ImportBatchRecord {
  std::int64_t id = 0;
  std::string kind = "enterprises";
  std::string file_name, file_sha256;
  std::int64_t file_bytes = 0;
  std::string stored_path;  // relative to the import directory
  std::string sheet, encoding;
  std::string uploaded_by;
  std::int64_t uploaded_by_id = 0;
  std::string region_scope;  // '' = city-wide
  std::string status = "checked";
  std::string summary = "{}";
  std::int64_t rows_total = 0, rows_new = 0, rows_updated = 0, rows_unchanged = 0, rows_refused = 0;
  std::int64_t rows_committed = 0, rows_reverted = 0;
  std::string created_at;
  std::optional<std::string> committed_at, committed_by, reverted_at, reverted_by;
};

struct ImportRowRecord {
  std::int64_t row_no = 0;
  std::string status;
  std::string record_key;
  std::optional<std::int64_t> base_version;
  std::string outcome_json;
};

struct ImportChangeRecord {
  std::int64_t row_no = 0;
  std::string record_kind = "enterprise";  // enterprise | designation (sql/010_import_kinds.sql)
  std::string record_key;
  std::optional<std::int64_t> previous_version;
  std::optional<std::string> previous_snapshot;
  std::int64_t new_version = 0;
  std::optional<std::int64_t> reverted_version;
  bool excluded = false;
};

struct ImportRowFilter {
  std::string status;        // '' = every status
  // Rows with an error of this code and/or in this column (the header text); '' = any.
  std::string error_code, error_column;
  std::int64_t after_row = 0;
  int limit = 500;
};

class ImportRepository {
 public:
  // Inserts the batch (id ignored); returns its id.
  static std::int64_t insertBatch(Connection& c, const ImportBatchRecord& b);
  static void setStoredPath(Connection& c, std::int64_t id, const std::string& stored_path);
  static std::optional<ImportBatchRecord> findBatch(Connection& c, std::int64_t id);
  // Newest first; visible_region '' = every batch, else only batches of that region scope.
  static std::vector<ImportBatchRecord> listBatches(Connection& c, const std::optional<std::string>& region_scope,
                                                    std::int64_t before_id, int limit);
  // A checked batch checked again (another sheet or mapping): its sheet, summary and counts;
  // false when it is no longer 'checked'.
  static bool updateCheck(Connection& c, const ImportBatchRecord& b);
  // Marks a checked batch committed; false when it was not 'checked' (another commit won).
  static bool markCommitted(Connection& c, std::int64_t id, std::int64_t rows, const std::string& at, const std::string& by);
  // Marks a committed batch reverted; false when it was not 'committed'.
  static bool markReverted(Connection& c, std::int64_t id, std::int64_t rows, const std::string& at, const std::string& by);

  static void insertRow(Connection& c, std::int64_t batch_id, const ImportRowRecord& r);
  // Removes the dry run's rows of a batch (before a new check stores its own).
  static void deleteRows(Connection& c, std::int64_t batch_id);
  static std::optional<ImportRowRecord> findRow(Connection& c, std::int64_t batch_id, std::int64_t row_no);
  static std::vector<ImportRowRecord> rows(Connection& c, std::int64_t batch_id, const ImportRowFilter& f);

  static void insertChange(Connection& c, std::int64_t batch_id, const ImportChangeRecord& ch);
  static std::vector<ImportChangeRecord> changes(Connection& c, std::int64_t batch_id);
  static void markChangeReverted(Connection& c, std::int64_t batch_id, std::int64_t row_no,
                                 std::optional<std::int64_t> reverted_version, bool excluded);
};

}  // namespace trellis::store
