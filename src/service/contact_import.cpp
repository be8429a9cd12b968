#include "trellis/service/contact_import.h"

#include <set>

#include "trellis/core/error.h"
#include "import_keys.h"
#include "trellis/store/contact_repository.h"
#include "trellis/store/enterprise_repository.h"

namespace trellis::service {
namespace {

// A configured code named by its code or its Chinese name; the cell as written when neither
// (the validator then refuses it with its own code).
std::string codeOf(const std::vector<domain::LabeledCode>& codes, const std::string& cell) {
  for (const auto& c : codes)
    if (c.code == cell || c.name == cell) return c.code;
  return cell;
}

std::vector<std::string> namesOf(const std::vector<domain::LabeledCode>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(c.name);
  return out;
}

}  // namespace

ContactImport::ContactImport(store::Database& db, const io::ImportMapping& mapping, LiaisonService& liaison)
    : KindImporter(db, mapping, "contacts", "contact.write"), liaison_(liaison) {}

ImportReport ContactImport::scan(store::Connection& c, const Caller& caller, const std::string& path,
                                 const io::TableFileOptions& options, const RowVisitor& visit) const {
  ImportSheet sheet = openEnterpriseSheet(path, options);
  const domain::LiaisonConfig& config = liaison_.config();
  std::set<std::string> seen;
  return scanEnterpriseRows(c, caller, sheet, [&](ImportRowOutcome& out, const nlohmann::json& body,
                                                 const domain::Enterprise& e) {  // CI1: the row's enterprise
    ImportRowPlan plan;
    io::ContactDraft draft;
    if (body.contains("date")) draft.date = importText(body, "date");
    else {
      out.errors.push_back({sheet.headerOf("date"), "required", "请填写走访日期"});
      return plan;
    }
    draft.mode = codeOf(config.contact_modes, importText(body, "mode"));
    draft.flag = codeOf(config.flags, importText(body, "flag"));
    draft.met_with = importText(body, "met_with");
    draft.attendees = importText(body, "attendees");
    draft.summary = importText(body, "summary");
    if (body.contains("next_contact_due")) draft.next_contact_due = importText(body, "next_contact_due");
    std::optional<PreparedContact> prepared;
    std::optional<domain::User> officer;
    try {
      prepared = liaison_.prepareContact(caller, draft, LiaisonService::ContactSource::import);
      officer = liaison_.contactOfficerOn(c, importText(body, "officer"), e);  // CI2
    } catch (const Error& err) {
      refuseRow(out, sheet, err);
      return plan;
    }
    const domain::Contact& ct = prepared->contact;
    if (!firstInFile(seen, e.uscc + "|" + ct.contact_date.toString() + "|" + ct.summary, out, sheet, "summary",
                     "同一企业同一天的同一走访记录在本文件中重复出现"))
      return plan;
    // CI3: logged before? Its id is the version compared with.
    if (auto same = store::ContactRepository::findSame(c, e.id, ct.contact_date, ct.summary)) {
      out.status = "unchanged";
      out.base_version = same->id;
      plan.stored_version = same->id;
      return plan;
    }
    out.status = "new";
    domain::Enterprise enterprise = e;
    PreparedContact row_contact = *prepared;
    plan.write = [this, &caller, enterprise, row_contact, officer, row = out.row](store::Connection& wc) {
      ContactView written = liaison_.logContactOn(wc, caller, enterprise, row_contact, officer);  // CI4
      store::ImportChangeRecord ch;
      ch.row_no = row;
      ch.record_kind = "contact";
      ch.record_key = import_keys::recordKey(enterprise.uscc, written.contact.id);
      ch.new_version = written.contact.id;
      return ch;
    };
    return plan;
  }, visit);
}

std::vector<std::string> ContactImport::choicesFor(const std::string& key) const {
  if (key == "mode") return namesOf(liaison_.config().contact_modes);
  if (key == "flag") return namesOf(liaison_.config().flags);
  return {};
}

std::optional<std::int64_t> ContactImport::movedSince(store::Connection& c, const store::ImportChangeRecord& ch) const {
  if (!store::ContactRepository::find(c, import_keys::numberOf(ch.record_key))) return 0;
  return std::nullopt;
}

RevertedChange ContactImport::revert(store::Connection& c, const Caller& caller, std::int64_t batch_id,
                                     const store::ImportChangeRecord& ch) const {
  auto ct = store::ContactRepository::find(c, import_keys::numberOf(ch.record_key));
  auto e = store::EnterpriseRepository::findByUscc(c, import_keys::usccOf(ch.record_key));
  if (!ct || !e || ct->enterprise_id != e->id)
    throw Error(errc::internal, "import batch " + std::to_string(batch_id) + " names an unknown contact");
  liaison_.removeContactOn(c, caller, *e, *ct);
  return {0, true};
}

}  // namespace trellis::service
