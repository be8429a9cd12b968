// The liaison assignments import (issue 12; README "Import and export files"): the counties'
// 包联分工 sheets as rows of one-to-one assignments — enterprise, officer (账号), the officer's name
// as the sheet writes it, a reason — checked by the same rules as PUT /api/v1/enterprises/{uscc}/
// liaison (LiaisonService::assignableOfficerOn: an active liaison officer of the enterprise's
// region) and allowed to the roles that may assign (liaison.assign).
//
// LA1 the enterprise: KindImporter::rowEnterprise (code, or exact registered name or alias, among
//     the enterprises the caller sees; out of scope = not registered).
// LA2 the officer by login (包联干部账号, required): unknown_officer, officer_inactive,
//     not_a_liaison, officer_region_mismatch as the API; a 包联干部 name cell, when given, must be
//     that user's display name (officer_name_mismatch: the sheet names someone else).
// LA3 the enterprise's active officer is the row's → unchanged; none → new; another → updated
//     (diff officer: from its login to the row's). The same enterprise twice in one file refuses
//     the later row (duplicate_in_file): one officer per enterprise.
// LA4 the commit writes through LiaisonService::assignOn (audited liaison.assign / reassign; the
//     old assignment ended with the row's reason, default "reassigned").
// LA5 revert: the assignment the batch opened is ended (reason "撤销导入批次 #N") and the officer
//     before it, if any, made active again (audited liaison.reassign, else liaison.unassign). An
//     enterprise whose active assignment is no longer the one the batch opened (reassigned or
//     ended since) is changed_since_import.
#pragma once
#include <optional>
#include <string>

#include "trellis/io/import_mapping.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/liaison_service.h"
#include "trellis/store/database.h"

namespace trellis::service {

class LiaisonAssignmentImport : public KindImporter {
 public:
  LiaisonAssignmentImport(store::Database& db, const io::ImportMapping& mapping, LiaisonService& liaison);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;

 private:
  LiaisonService& liaison_;
};

}  // namespace trellis::service
