// The enterprise import dry run (issue 12): every row of an uploaded CSV/XLSX file (read by io/)
// checked by the same validators as POST /api/v1/enterprises (EnterpriseService::check), and
// classified against the register as new, updated (field-by-field diffs), unchanged or refused.
// Nothing is written. Refusals carry the row number the user sees, the column's header, an error
// code and a Chinese message.
//
// Matching: by 统一社会信用代码; a row without one is refused (uscc_required), never matched by a
// guess. A county caller's rows of another region, and codes registered outside its scope, are
// refused (region_out_of_scope). A code twice in one file refuses the later row (duplicate_in_file).
// Only columns present in the file are compared; a missing column leaves the stored value alone.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include "trellis/domain/catalog.h"
#include "trellis/io/import_mapping.h"
#include "trellis/io/table_file.h"
#include "trellis/io/table_source.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/store/database.h"

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
  std::string uscc;      // normalised code, when the row has one
  std::vector<ImportFieldDiff> diffs;
  std::vector<ImportRowError> errors;
  std::optional<std::int64_t> base_version;  // the stored record's version compared with (updated/unchanged)
};

// What a row that is not refused would write: the record as stored (absent for a new one) and
// the record the row leaves (the file's columns over the stored values).
struct ImportRowPlan {
  std::optional<domain::Enterprise> existing;
  std::optional<domain::Enterprise> merged;
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

class EnterpriseImport {
 public:
  EnterpriseImport(const Context& ctx, const domain::Catalog& catalog, const io::ImportMapping& mapping,
                   const EnterpriseService& enterprises);
  // Throws Error for file errors (io/ codes) and for a header that cannot be mapped
  // (invalid "header_unmapped", the problems in details). Writes nothing.
  ImportReport dryRun(const Caller& caller, const std::string& path, const io::TableFileOptions& options) const;
  // The same check on c, the caller's transaction (the commit re-validates inside its write
  // transaction), calling visit for each row in file order with its outcome and plan; visit may
  // change the outcome (refuse the row) before it is counted and kept in the report.
  // The file's rows as the dry run reads them (same header rule), for the error download.
  std::unique_ptr<io::TableSource> openSource(const std::string& path, const io::TableFileOptions& options) const;
  using RowVisitor = std::function<void(ImportRowOutcome& outcome, const ImportRowPlan& plan)>;
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const;

 private:
  const Context& ctx_;
  const domain::Catalog& catalog_;
  const io::ImportMapping& mapping_;
  const EnterpriseService& enterprises_;
};

}  // namespace trellis::service
