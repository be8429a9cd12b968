// The contacts import (issue 12; README "Import and export files"): old liaison visit logs (走访
// 台账) as rows of contacts — enterprise, date, mode, officer, who was met, summary, flag, next
// contact due — checked by the same validators as POST /api/v1/enterprises/{uscc}/contacts
// (LiaisonService::prepareContact: a date not after today and within config/liaison.json's
// imported_contact_backdate_days (default 3660: old logs), not the API's 366, a
// configured mode and flag, the text limits). No problems are raised by an import.
//
// CI1 the enterprise: KindImporter::rowEnterprise (code, or exact registered name or alias, among
//     the enterprises the caller sees; out of scope = not registered). The mode and flag cells
//     are codes or their configured Chinese names (config/liaison.json).
// CI2 the officer (走访人账号), when given, is an active liaison officer of the enterprise's
//     region (LiaisonService::contactOfficerOn); the contact counts for them. Without it the
//     contact counts as the API decides (the caller when a liaison officer, else the active one).
// CI3 a contact of the same enterprise, date and summary already logged → unchanged (a file
//     imported twice logs nothing twice); else new. Contacts are never edited, so no row is
//     updated. The same enterprise, date and summary twice in one file refuses the later row
//     (duplicate_in_file).
// CI4 the commit writes through LiaisonService::logContactOn (audited contact.create). Revert
//     deletes the contacts the batch logged (audited contact.delete); one already gone is
//     changed_since_import.
#pragma once
#include <optional>
#include <string>

#include "trellis/io/import_mapping.h"
#include "trellis/service/kind_importer.h"
#include "trellis/service/liaison_service.h"
#include "trellis/store/database.h"

namespace trellis::service {

class ContactImport : public KindImporter {
 public:
  ContactImport(store::Database& db, const io::ImportMapping& mapping, LiaisonService& liaison);
  ImportReport scan(store::Connection& c, const Caller& caller, const std::string& path,
                    const io::TableFileOptions& options, const RowVisitor& visit) const override;
  std::optional<std::int64_t> movedSince(store::Connection& c, const store::ImportChangeRecord& change) const override;
  RevertedChange revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                        const store::ImportChangeRecord& change) const override;

 protected:
  std::vector<std::string> choicesFor(const std::string& key) const override;

 private:
  LiaisonService& liaison_;
};

}  // namespace trellis::service
