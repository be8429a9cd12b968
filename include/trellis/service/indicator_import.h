// The yearly indicators import (issue 12; README "Import and export files"): one row per
// enterprise × year with the fields PUT /api/v1/enterprises/{uscc}/indicators/{year} accepts,
// checked by the same parser and validators (io::parseIndicators, LadderService::checkIndicators
// IN1–IN7). Money columns are yuan unless the header names a unit (营业收入（万元）), converted by
// io/'s decimal arithmetic, never a float.
//
// IM1 the enterprise: KindImporter::rowEnterprise (code, or exact registered name or alias, among
//     the enterprises the caller sees; out of scope = not registered).
// IM2 upsert by (enterprise, 年度): no stored row → new; else the file's non-empty cells over the
//     stored values (a column missing from the file or an empty cell keeps the stored value) —
//     updated with the field-by-field diffs, or unchanged. The merged record is what IN1–IN7
//     check, so a file that sets only 科技人员数 is refused when it exceeds the stored 职工总数.
//     The same enterprise and year twice in one file refuses the later row (duplicate_in_file).
// IM3 the commit writes through LadderService::putIndicatorsOn: a new version of the year's row,
//     audited indicators.write, the enterprise's roadmaps regenerated, as for the API.
// IM4 revert: an updated row gets the previous values back as a further version; a row the batch
//     created is deleted (audited indicators.delete). A row whose version moved on since the
//     commit (edited, or deleted) is changed_since_import.
#pragma once
#include <optional>
#include <string>

#include "trellis/io/import_mapping.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/ladder_service.h"
#include "trellis/store/database.h"

namespace trellis::service {

class IndicatorImport : public KindImporter {
 public:
  IndicatorImport(store::Database& db, const io::ImportMapping& mapping, LadderService& ladder);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;

 private:
  LadderService& ladder_;
};

}  // namespace trellis::service
