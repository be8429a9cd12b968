// Import batches (issue 12): an uploaded file is stored, dry-run checked by its kind's importer
// (kind_importer.h: one importer per kind) and kept with its report as a batch; the batch is then committed — one transaction, every row or
// none by default, or only the rows that pass — and may later be reverted, every record it
// touched put back to its version before the commit.
//
// Scope: a batch belongs to its uploader's region scope (city-wide for the bureau and the CLI).
// A caller sees, commits and reverts only batches of its own scope; any other batch is absent
// (not_found "import", the same answer and the same refusal audit write as an unknown id).
//
// Permission: on top of import.run, a kind is uploaded, committed and reverted only by a role
// the policy allows the kind's API write (KindImporter::writeAction): targets by the bureau only.
//
// Commit re-checks every row inside its write transaction (the register may have changed since
// the dry run): a row refused then, refused now, or whose record is not at the version the dry
// run compared with (record_changed_since_check) is refused. Revert refuses (409
// changed_since_import, the rows listed) when a record the batch wrote has moved on since,
// unless those rows are left out. What a revert writes is the kind's (KindImporter::revert): a
// new enterprise is archived, a new designation revoked from its first day (neither register has
// a delete), an updated record is written back as it was.
//
// Mapping (import_preview.h): the upload answers with a preview of the file (sheets, header, first
// rows, column → field); a mapping sent with the upload, or else one saved for the kind and that
// header (saved_mappings.h), replaces the config's match and is kept with the batch, so the commit
// and the error download read the file the way its dry run did. recheck() runs the dry run of a
// checked batch again on its stored file with another sheet or mapping.
//
// Progress: while a commit or revert runs (one write transaction, so nothing of it is visible in
// the database until it ends), a counter in memory says how many rows it has done of how many;
// GET /api/v1/imports/{id} reads it (progressOf). It is gone when the transaction ends.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/table.h"
#include "trellis/io/read_limits.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/service/import_preview.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/saved_mappings.h"
#include "trellis/store/database.h"
#include "trellis/store/import_repository.h"

namespace trellis::service {

struct ImportSettings {
  std::string store_dir;  // the import directory: batch files are kept here
  io::ReadLimits limits;  // max_file_bytes is the upload limit (default 50 MiB), max_rows 1M
};

struct UploadedFile {
  std::string path;            // the file as received
  bool take = true;            // move it into the import directory (an upload); false: copy (CLI)
  std::string file_name;       // as the user named it (may be empty)
  std::string kind = "enterprises";
  std::string sheet;           // XLSX: the sheet's name; '' = the first
  std::string encoding;        // CSV: utf8 | gb18030 | ''/auto = detect
  // The mapping the user confirmed (import_preview.h: header → field key or null); absent: the
  // mapping saved for this kind and header, else the config alone.
  std::optional<nlohmann::json> mapping;
  bool save_mapping = false;   // keep `mapping` as the saved mapping of this kind and header
};

// Another look at a checked batch: its sheet (absent: the batch's), its mapping (absent: the one
// saved for the new header, else the config; a sheet change never carries the old sheet's
// mapping over), and whether to save the mapping.
struct RecheckRequest {
  std::optional<std::string> sheet;
  std::optional<nlohmann::json> mapping;
  bool save_mapping = false;
};

struct UploadResult {
  store::ImportBatchRecord batch;
  ImportReport report;
  ImportPreview preview;
};

// A commit or revert under way: rows (changes, for a revert) done of total.
struct ImportProgress {
  std::string action;  // commit | revert
  std::int64_t done = 0, total = 0;
};

struct CommitResult {
  store::ImportBatchRecord batch;
  ImportReport report;  // the re-check made at commit
  std::int64_t written = 0;
};

// imported_version / current_version: the record's version the import wrote and its version now
// (0: it is gone); designations the id of the record the import wrote and of the record that
// corrects it now (0: it was revoked). record: the change's key ("<uscc>/<year>" for indicators,
// "<uscc>/<member id>" for pool members, "<uscc>/<contact id>" for contacts; else the uscc).
struct RevertConflict {
  std::int64_t row = 0;
  std::string uscc, record;
  std::int64_t imported_version = 0, current_version = 0;
};

struct RevertResult {
  store::ImportBatchRecord batch;
  // archived: records the batch created that the revert took out (KindImporter RevertedChange::removed).
  std::int64_t restored = 0, archived = 0, excluded = 0;
};

class ImportBatches {
 public:
  // kinds: one importer per import kind (kind() distinct), all outliving this.
  ImportBatches(const Context& ctx, std::vector<const KindImporter*> kinds, ImportSettings settings);

  // Checks the file and stores it as a batch (status checked) with its report. Throws the file
  // errors of io/ (nothing stored; the received file is left to the caller to remove), invalid
  // "unknown_kind" (no importer of file.kind), the mapping's refusals (import_preview.h),
  // "header_unmapped" (its details carry the problems and the preview, so the user can map the
  // columns and send the file again).
  UploadResult upload(const Caller& caller, const UploadedFile& file);
  // The dry run of a checked batch again, on its stored file, with another sheet or mapping: its
  // report, counts, sheet and mapping are replaced (audited import.recheck). Throws
  // failed_precondition "import_not_checked", xlsx_no_sheet, the mapping's refusals,
  // "header_unmapped" (nothing changed).
  UploadResult recheck(const Caller& caller, std::int64_t id, const RecheckRequest& request);
  // The preview of a batch's stored file under the batch's own sheet and mapping.
  ImportPreview preview(const Caller& caller, std::int64_t id) const;
  // The commit or revert of b running now, if any (b from get(): in the caller's scope).
  std::optional<ImportProgress> progressOf(const store::ImportBatchRecord& b) const;
  const SavedMappings& mappings() const { return mappings_; }
  store::ImportBatchRecord get(const Caller& caller, std::int64_t id) const;
  std::vector<store::ImportRowRecord> rows(const Caller& caller, std::int64_t id, const store::ImportRowFilter& f) const;
  std::vector<store::ImportBatchRecord> list(const Caller& caller, std::int64_t before_id, int limit) const;
  // Throws failed_precondition "import_not_checked" (committed or reverted already), conflict
  // "import_rows_refused" (all or none, some row refused; nothing written; details list them).
  CommitResult commit(const Caller& caller, std::int64_t id, bool only_valid);
  // Throws failed_precondition "import_not_committed", invalid "exclude_rows" "unknown_row",
  // conflict "changed_since_import" (details: rows).
  RevertResult revert(const Caller& caller, std::int64_t id, const std::vector<std::int64_t>& exclude_rows);

  // The error download: the file's rows as uploaded, after a 行号 column and followed by 导入结果
  // and 错误说明 (every error of the row: column, message, code), one sheet. With a filter (status,
  // error_code, error_column; its paging members unused) only the rows it selects.
  void writeErrors(const Caller& caller, std::int64_t id, domain::TableSink& sink,
                   const store::ImportRowFilter& only = {}) const;
  // The original file of a batch (for the error download).
  std::string storedFile(const store::ImportBatchRecord& b) const;
  const ImportSettings& settings() const { return settings_; }
  // The importer of kind; throws invalid "unknown_kind" (field "kind") naming the kinds there are.
  const KindImporter& importer(const std::string& kind) const;

 private:
  struct ProgressCounter {
    std::string action;
    std::atomic<std::int64_t> done{0};
    std::int64_t total = 0;
  };
  // Registers a counter for batch id until the returned handle is destroyed.
  std::shared_ptr<ProgressCounter> startProgress(std::int64_t id, const std::string& action, std::int64_t total);

  io::TableFileOptions optionsOf(const store::ImportBatchRecord& b) const;
  bool visible(const Caller& caller, const store::ImportBatchRecord& b) const;
  // The kind's API write permission (KindImporter::writeAction): 403 import_kind_forbidden, the
  // refusal audited as action on object.
  void requireWrite(const Caller& caller, const KindImporter& kind, const char* action, const AuditObject& object) const;
  // The preview of path under options (sheet, encoding) with the mapping in effect — the client's
  // (checked against the header), else the one saved for this kind and header, else none — which
  // it also sets into options.header_overrides for the dry run.
  ImportPreview mappedPreview(const KindImporter& kind, const std::string& path, io::TableFileOptions& options,
                              const std::optional<nlohmann::json>& mapping) const;
  // The dry run under options; a header_unmapped refusal gets the preview into its details.
  ImportReport checkedDryRun(const KindImporter& kind, const Caller& caller, const std::string& path,
                             const io::TableFileOptions& options, const ImportPreview& preview) const;
  // The batch's summary (header, mapping, error summary) and counts from a dry run.
  static void describeCheck(store::ImportBatchRecord& b, const ImportReport& r, const ImportPreview& preview);
  // The dry run's verdict on every row, kept for the report and the commit.
  static void storeRows(store::Connection& c, std::int64_t id, const ImportReport& r);
  // A dry run's verdict counts ({new, updated, unchanged, refused}), as the audit rows of a
  // commit and a recheck carry them.
  static nlohmann::json verdictCounts(const ImportReport& r);

  const Context& ctx_;
  std::vector<const KindImporter*> kinds_;
  ImportSettings settings_;
  SavedMappings mappings_;
  mutable std::mutex progress_mutex_;
  std::map<std::int64_t, std::shared_ptr<ProgressCounter>> progress_;
};

// The batch: id, kind, file, status, header, mapping, mapping_source, error_summary
// [{code, column, rows}] (the dry run's refusals grouped, most rows first), counts, who and when.
nlohmann::json importBatchToJson(const store::ImportBatchRecord& b);
nlohmann::json importProgressToJson(const std::optional<ImportProgress>& p);

}  // namespace trellis::service
