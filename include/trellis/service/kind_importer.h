// What every import kind shares (issue 12; README "Import and export files"): the dry-run
// report's types, the frame of a kind's row scan, and the interface ImportBatches drives to
// commit and revert a batch of any kind. One subclass per kind: EnterpriseImport (enterprises),
// DesignationImport (designations), IndicatorImport (indicators), PoolMemberImport
// (pool_members), ContactImport (contacts), LiaisonAssignmentImport (liaison_assignments),
// TargetImport (targets), GraphNodeImport (graph_nodes).
//
// A kind's scan reads the file with the kind's header rule (config/import.json), maps the header
// (header_unmapped when it cannot), converts every bound cell (io::convertCell: units, full-width
// digits, dates) into a JSON body keyed by the field keys, and classifies the row — new, updated
// (field-by-field diffs), unchanged or refused (row, column, code, Chinese message) — by the same
// validators as the kind's API. The plan of a row that is not refused says which version of the
// stored record it was compared with and how to write it; the commit calls write() inside its
// transaction and keeps the returned change so that revert() can put the record back.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "trellis/core/error.h"
#include "trellis/domain/enterprise.h"
#include "trellis/io/import_mapping.h"
#include "trellis/io/table_file.h"
#include "trellis/io/table_source.h"
#include "trellis/io/xlsx_writer.h"
#include "trellis/service/caller.h"
#include "trellis/store/database.h"
#include "trellis/store/import_repository.h"

namespace trellis::service {

struct ImportRowError {
  std::string column;  // the header text of the column at fault; empty when the whole row is
  std::string code;
  std::string message;  // Chinese
};

struct ImportFieldDiff {
  std::string field;
  nlohmann::json from, to;  // contact_phone masked
};

struct ImportRowOutcome {
  std::int64_t row = 0;  // as the user sees it in the sheet
  std::string status;    // new | updated | unchanged | refused
  std::string uscc;      // normalised code, when the row has one (designations: of the matched enterprise)
  std::vector<ImportFieldDiff> diffs;
  std::vector<ImportRowError> errors;
  // The stored record compared with (updated/unchanged): enterprises its version, designations its id.
  std::optional<std::int64_t> base_version;
};

// What a row that is not refused would write. stored_version: the matched record's version (see
// base_version) as found now, absent when none matches; write: set for new and updated rows,
// writes the row on the commit's transaction (audited there) and returns the change to keep.
struct ImportRowPlan {
  std::optional<std::int64_t> stored_version;
  std::function<store::ImportChangeRecord(store::Connection&)> write;
};

struct ImportReport {
  std::string kind = "enterprises";
  std::vector<std::string> header;
  std::int64_t header_row = 0;
  std::vector<std::string> ignored_columns;
  std::int64_t rows = 0, created = 0, updated = 0, unchanged = 0, refused = 0;
  std::vector<ImportRowOutcome> outcomes;  // every row, in file order
};

nlohmann::json importReportToJson(const ImportReport& report);
// One row of the report: {row, status, uscc, diffs?, errors?}.
nlohmann::json importRowToJson(const ImportRowOutcome& outcome);

// The Chinese message registered for a validator's code (its own text is English, for logs).
std::string chineseMessage(const Error& e);

// The row's cell of field key as trimmed text ('' when the cell is empty or the file has no such column).
std::string importText(const nlohmann::json& body, const char* key);
// A validator's refusal (invalid, bad_request, conflict, failed_precondition) becomes the row's
// error; anything else (internal, unavailable) stops the scan.
bool isRowRefusal(const Error& e);

// An uploaded file opened with a kind's header rule, its header mapped.
struct ImportSheet {
  std::unique_ptr<io::TableSource> source;
  io::HeaderMatch match;
  // The header text of the column bound to field key ('' when the file has none).
  std::string headerOf(const std::string& key) const;
};

// What a kind's revert of one change wrote: the record's version (designations: the id of the
// record written) and whether the record was taken out (a new enterprise archived, a new
// designation revoked from its first day) rather than restored.
struct RevertedChange {
  std::int64_t version = 0;
  bool removed = false;
};

class KindImporter {
 public:
  virtual ~KindImporter() = default;
  const std::string& kind() const { return kind_; }
  // The policy action (auth/policy.cpp) of the API write this kind's rows make: a batch of the
  // kind is uploaded, committed and reverted only by a role the policy allows it (the CLI's
  // system caller too), as the API's own route would be.
  const std::string& writeAction() const { return write_action_; }
  // The enterprise a change of this kind names, for a refused revert's changed_rows: the part of
  // its record key before '/' (import_keys.h); '' for kinds whose records are not an enterprise's.
  virtual std::string enterpriseOf(const store::ImportChangeRecord& change) const;

  // The downloadable template (GET /api/v1/imports/templates/{kind}): every field of the kind in
  // config/import.json order under its first header, required ones marked, with the drop-down
  // choices the kind names (choicesFor). label: the kind's Chinese name (the sheet's name).
  std::vector<io::TemplateColumn> templateColumns() const;
  std::string label() const;

  // The file's rows as the dry run reads them (same header rule: the config's headers and those
  // of options.header_overrides), for the error download and the preview.
  std::unique_ptr<io::TableSource> openSource(const std::string& path, const io::TableFileOptions& options) const;
  // The kind's fields in config/import.json; throws invalid "unknown_kind" when the config has none.
  const io::ImportKind& fields() const;
  // How a header maps to the kind's fields under overrides (header text → field key, '' = ignore).
  io::HeaderMatch matchColumns(const std::vector<std::string>& header,
                               const std::map<std::string, std::string>& overrides) const;
  // Throws Error for file errors (io/ codes) and for a header that cannot be mapped
  // (invalid "header_unmapped", the problems in details). Writes nothing.
  ImportReport dryRun(const Caller& caller, const std::string& path, const io::TableFileOptions& options) const;
  // The check on c, the caller's transaction (the commit re-validates inside its write
  // transaction), calling visit for each row in file order with its outcome and plan; visit may
  // change the outcome (refuse the row) before it is counted and kept in the report.
  using RowVisitor = std::function<void(ImportRowOutcome& outcome, const ImportRowPlan& plan)>;
  virtual ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                            const io::TableFileOptions& options, const RowVisitor& visit) const = 0;
  // For the revert: nullopt when the record is still as the commit left it, else its current
  // version (designations: the id of the record that corrects it, 0 when it was revoked).
  virtual std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const = 0;
  // Puts the record of change back as it was before the commit (audited on c).
  virtual RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                                const store::ImportChangeRecord& change) const = 0;
  // Called by ImportBatches once the transaction that wrote changes (a commit) or put them back
  // (a revert) has committed — never before it, never when it rolled back: a kind whose records
  // something in memory copies (the graph engine) tells it here. Default: nothing to tell.
  virtual void afterCommit(const std::vector<store::ImportChangeRecord>& changes) const;

 protected:
  KindImporter(store::Database& db, const io::ImportMapping& mapping, std::string kind, std::string write_action);
  // The values a template column of field key offers in its drop-down list (none: free entry).
  virtual std::vector<std::string> choicesFor(const std::string& key) const;
  // Opens the file and maps its header; throws header_unmapped (with the problems) when it cannot.
  ImportSheet openSheet(const std::string& path, const io::TableFileOptions& options) const;
  // openSheet for the kinds whose rows name an enterprise: header_unmapped too when the file has
  // neither a 统一社会信用代码 nor a 企业名称 column.
  ImportSheet openEnterpriseSheet(const std::string& path, const io::TableFileOptions& options) const;
  // Decides one row: sets out.status (new/updated/unchanged; errors make it refused), diffs,
  // errors, uscc, base_version; returns the plan. body holds the row's converted cells (field key →
  // value; empty cells absent); out.errors already holds the row's read and conversion errors.
  using RowClassifier = std::function<ImportRowPlan(ImportRowOutcome& out, const nlohmann::json& body)>;
  // The enterprise a row names (every kind but enterprises; DI1 of designation_import.h): by
  // 统一社会信用代码, else by an exact registered name or alias among the enterprises the caller
  // sees — none is enterprise_not_found, more than one name_ambiguous, never a guess; a code
  // outside the caller's region scope is the same refusal as one not registered. Neither code nor
  // name: identity_required. Sets out.uscc; on a refusal adds the row's error and returns nullopt.
  std::optional<domain::Enterprise> rowEnterprise(store::Connection& c, const Caller& caller, const ImportSheet& sheet,
                                                  const nlohmann::json& body, ImportRowOutcome& out) const;
  // The frame every kind's scan shares: reads the rows, converts the bound cells, classifies, visits, counts.
  ImportReport scanRows(ImportSheet& sheet, const RowClassifier& classify, const RowVisitor& visit) const;
  // scanRows for the kinds whose rows name an enterprise (sheet from openEnterpriseSheet): a row
  // with read or conversion errors is refused with them, a row whose enterprise rowEnterprise
  // refuses with that refusal; classify decides the others, given the row's enterprise.
  using EnterpriseRowClassifier =
      std::function<ImportRowPlan(ImportRowOutcome& out, const nlohmann::json& body, const domain::Enterprise& e)>;
  ImportReport scanEnterpriseRows(store::Connection& c, const Caller& caller, ImportSheet& sheet,
                                  const EnterpriseRowClassifier& classify, const RowVisitor& visit) const;
  // A validator's refusal err as the row's error, in the column of the field it names; rethrows
  // what is not a row refusal (isRowRefusal).
  void refuseRow(ImportRowOutcome& out, const ImportSheet& sheet, const Error& err) const;
  // The file's second row naming the same record (key) is refused duplicate_in_file in the column
  // of field, with message; true when key is new to seen.
  static bool firstInFile(std::set<std::string>& seen, const std::string& key, ImportRowOutcome& out,
                          const ImportSheet& sheet, const std::string& field, const std::string& message);

  store::Database& db_;
  const io::ImportMapping& mapping_;

 private:
  std::string kind_;
  std::string write_action_;
};

}  // namespace trellis::service
