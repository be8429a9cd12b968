// The reserve-pool import (issue 12; README "Import and export files"): the counties' spreadsheet
// pools as rows of memberships — pool, enterprise, tier, target rung and year, entry date, note —
// checked by the same rules as POST /api/v1/pools/{pool}/members (PoolService::checkEntryOn,
// PE1–PE7).
//
// PM1 the enterprise: KindImporter::rowEnterprise (code, or exact registered name or alias, among
//     the enterprises the caller sees; out of scope = not registered). The pool cell is a pool id
//     or its Chinese name (domain::pools()); the tier key | long_term or 重点 | 中长期; the target
//     a stage id or its Chinese name (config/ladder.json). An unknown pool is pool_not_found.
// PM2 upsert by (enterprise, pool): no open membership → new (PE1–PE7, the tier 重点 when the
//     file has none); an open one → the file's non-empty tier, target, target year and note over
//     the stored ones — updated with the diffs (PE2 against its entered_on, PE3–PE5 when the target
//     changes), or unchanged. A 入库日期 differing from the open member's is inconsistent_dates
//     (the import does not move an entry). The same enterprise and pool twice in one file refuses
//     the later row (duplicate_in_file).
// PM3 the commit writes through PoolService::enterOn (audited pool.enter, the roadmap generated)
//     or amendOn (pool.amend, the roadmap following the new target), as the API's writes do.
// PM4 revert: a member the batch added is removed with its generated roadmap (audited
//     pool.remove); an amended one gets its tier, target and note back (pool.amend). A member
//     whose version moved on since (amended, exited, graduated) or that has pipeline steps since
//     is changed_since_import.
#pragma once
#include <optional>
#include <string>

#include "trellis/io/import_mapping.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/pool_service.h"
#include "trellis/store/database.h"

namespace trellis::service {

class PoolMemberImport : public KindImporter {
 public:
  PoolMemberImport(store::Database& db, const io::ImportMapping& mapping, PoolService& pools);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;

 protected:
  std::vector<std::string> choicesFor(const std::string& key) const override;

 private:
  PoolService& pools_;
};

}  // namespace trellis::service
