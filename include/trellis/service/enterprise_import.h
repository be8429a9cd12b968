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
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include "trellis/domain/catalog.h"
#include "trellis/io/import_mapping.h"
#include "trellis/io/table_file.h"
#include "trellis/service/caller.h"
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

class EnterpriseImport {
 public:
  EnterpriseImport(store::Database& db, const domain::Catalog& catalog, const io::ImportMapping& mapping,
                   const EnterpriseService& enterprises);
  // Throws Error for file errors (io/ codes) and for a header that cannot be mapped
  // (invalid "header_unmapped", the problems in details). Writes nothing.
  ImportReport dryRun(const Caller& caller, const std::string& path, const io::TableFileOptions& options) const;

 private:
  store::Database& db_;
  const domain::Catalog& catalog_;
  const io::ImportMapping& mapping_;
  const EnterpriseService& enterprises_;
};

}  // namespace trellis::service
