// The designations import (issue 12; README "Import and export files"): the province's official
// lists — HNTE recognition batches (证书编号 GR…, 发证日期; valid 3 years) and tech-SME 入库
// lists (登记编号, 入库日期 / 年度) — as rows of designations, checked by the same validators as
// POST /api/v1/enterprises/{uscc}/designations (LadderService::checkDesignationOn, DS1–DS6).
//
// The enterprise (DI1): by 统一社会信用代码; a row without one names it by an exact registered
// name or alias (EnterpriseRepository::findByRegisteredName) among the enterprises the caller
// sees — none is enterprise_not_found, more than one name_ambiguous, never a guess. A code not
// registered and a code outside the caller's region scope are the same refusal
// (enterprise_not_found): out of scope looks exactly like absent. Neither code nor name:
// identity_required.
// The record (DI2), upsert by (enterprise, stage, number): a live record (not corrected, not
// revoked) of the row's stage with the row's number matches — a row without a number matches a
// live record of that stage without one starting the same day. No match: new (DS5 refuses a
// second record of the same stage and start, or year for tech_sme). A match whose 发证日期, or
// whose 批次 / 备注 when the file has those columns, differ: updated — the commit records a
// correction (corrects_id), history is never overwritten. Otherwise unchanged.
// The stage cell (DI3) is a stage id or its configured Chinese name (config/ladder.json). A 年度
// column, when present, must be the year of 发证日期 (inconsistent_dates); a 有效期至 column must
// be the end the ladder computes (DS3). The same (enterprise, stage, number) or (enterprise,
// stage, starts_on) twice in one file refuses the later row (duplicate_in_file).
// Revert (DI4): a new record is revoked from its first day (so it never held; the designation
// table has no delete), reason "撤销导入批次 #N"; an updated one is corrected back to the fields it
// had. A record corrected or revoked since the commit is changed_since_import. Pool members the
// commit graduated (GR1) stay graduated: the revert names only the designation records.
#pragma once
#include <optional>
#include <string>

#include "trellis/io/import_mapping.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/ladder_service.h"
#include "trellis/store/database.h"

namespace trellis::service {

class DesignationImport : public KindImporter {
 public:
  DesignationImport(store::Database& db, const io::ImportMapping& mapping, LadderService& ladder);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;

 protected:
  std::vector<std::string> choicesFor(const std::string& key) const override;

 private:
  LadderService& ladder_;
};

}  // namespace trellis::service
