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
// Commit: a new row inserts the enterprise, an updated row writes its next version (the change
// keeps the previous version's JSON). Revert: an updated record is written back from that JSON, a
// new one is archived (the register has no delete; archive is how an enterprise leaves it).
#pragma once
#include <optional>
#include <string>

#include "trellis/domain/catalog.h"
#include "trellis/io/import_mapping.h"
#include "trellis/service/caller.h"
#include "trellis/service/enterprise_service.h"
#include "trellis/service/kind_importer.h"
#include "trellis/store/database.h"

namespace trellis::service {

class EnterpriseImport : public KindImporter {
 public:
  EnterpriseImport(store::Database& db, const domain::Catalog& catalog, const io::ImportMapping& mapping,
                   const EnterpriseService& enterprises);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;

 protected:
  std::vector<std::string> choicesFor(const std::string& key) const override;

 private:
  const domain::Catalog& catalog_;
  const EnterpriseService& enterprises_;
};

}  // namespace trellis::service
