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
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/table.h"
#include "trellis/io/read_limits.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/service/kind_importer.h"
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
};

struct UploadResult {
  store::ImportBatchRecord batch;
  ImportReport report;
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
  // "unknown_kind" (no importer of file.kind), "header_unmapped".
  UploadResult upload(const Caller& caller, const UploadedFile& file);
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
  // and 错误说明 (every error of the row: column, message, code), one sheet.
  void writeErrors(const Caller& caller, std::int64_t id, domain::TableSink& sink) const;
  // The original file of a batch (for the error download).
  std::string storedFile(const store::ImportBatchRecord& b) const;
  const ImportSettings& settings() const { return settings_; }
  // The importer of kind; throws invalid "unknown_kind" (field "kind") naming the kinds there are.
  const KindImporter& importer(const std::string& kind) const;

 private:
  io::TableFileOptions optionsOf(const store::ImportBatchRecord& b) const;
  bool visible(const Caller& caller, const store::ImportBatchRecord& b) const;
  // The kind's API write permission (KindImporter::writeAction): 403 import_kind_forbidden, the
  // refusal audited as action on object.
  void requireWrite(const Caller& caller, const KindImporter& kind, const char* action, const AuditObject& object) const;

  const Context& ctx_;
  std::vector<const KindImporter*> kinds_;
  ImportSettings settings_;
};

nlohmann::json importBatchToJson(const store::ImportBatchRecord& b);

}  // namespace trellis::service
