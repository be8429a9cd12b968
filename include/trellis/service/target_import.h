// The targets import (issue 12; README "Import and export files"): the bureau's 目标任务分解 sheet
// as rows of region shares of a city target — metric, period, region, value — checked by the
// same rules as PUT /api/v1/reports/targets/{metric}/{period} (ReportService::checkShare) and
// allowed to the bureau only, as that route is (plan.target).
//
// TI1 the metric cell is a metric key of config/plan.json or its Chinese name; the period "YYYY"
//     or "YYYY-YYYY" and a city target of config/targets.json for it (unknown_metric,
//     invalid_period, no_city_target); the region a code or name of a region below the city
//     (unknown_region; the city itself too); the value 0 … 10^9 (out_of_range).
// TI2 upsert by (metric, period, region): no stored share → new; another value → updated (diff
//     value); the same → unchanged. A region's share is kept beside the other regions' shares of
//     the split (a row changes one region, not the whole split as the PUT does). The same
//     (metric, period, region) twice in one file refuses the later row (duplicate_in_file).
// TI3 the commit writes each share through ReportService::setShareOn (audited plan.target, the
//     region's before and after, as the PUT is).
// TI4 revert: a share the batch created is removed, an updated one gets its value back (both
//     audited plan.target). A share whose value is no longer the one the batch wrote is
//     changed_since_import (its versions are its values: the split keeps no version).
#pragma once
#include <optional>
#include <string>

#include "trellis/io/import_mapping.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/report_service.h"
#include "trellis/store/database.h"

namespace trellis::service {

class TargetImport : public KindImporter {
 public:
  TargetImport(store::Database& db, const io::ImportMapping& mapping, ReportService& reports);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;
  std::string enterpriseOf(const store::ImportChangeRecord& change) const override;

 protected:
  std::vector<std::string> choicesFor(const std::string& key) const override;

 private:
  // The share a change names (record key "<metric>|<period>|<region>").
  domain::Target shareOf(const store::ImportChangeRecord& change) const;

  ReportService& reports_;
};

}  // namespace trellis::service
