// One-to-one liaison use cases: assignments (one active officer per enterprise, with history)
// and the contact log with the problems raised in it. One transaction each, audited in it.
// Scope: an enterprise outside the caller's region — or, for a liaison officer, not assigned to
// them — is 404 and the refusal is audited (Scope::sees, EnterpriseScope).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/clock.h"
#include "trellis/domain/enterprise.h"
#include "trellis/domain/liaison.h"
#include "trellis/domain/user.h"
#include "trellis/io/liaison_json.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/scope.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/contact_repository.h"
#include "trellis/store/database.h"

namespace trellis::service {

struct AssignmentView {
  domain::Enterprise enterprise;
  std::optional<domain::LiaisonAssignment> current;
  std::vector<domain::LiaisonAssignment> history;  // newest first, the current one included
  bool changed = false;                            // false: the officer was already assigned
};

struct ContactView {
  domain::Contact contact;
  std::vector<domain::ProblemItem> problems;  // raised in this contact, current state, as read today
};

struct ContactList {
  domain::Enterprise enterprise;
  std::vector<ContactView> items;
  std::string next_cursor;  // empty on the last page
};

// GET /contacts: the contact log across the enterprises the caller sees (走访台账).
struct ContactLogQuery {
  std::string region;
  std::optional<Date> from, to;       // contact_date within [from, to]
  std::optional<std::int64_t> limit;  // default 50, at most max_page_size
  std::string cursor;
};

struct ContactLogList {
  std::vector<domain::ContactLogItem> items;
  std::string next_cursor;  // empty on the last page
};

// A contact checked by prepareContact (date, mode, flag, texts, problems), not yet written.
struct PreparedContact {
  domain::Contact contact;
  std::vector<domain::Problem> problems;
};

class LiaisonService {
 public:
  LiaisonService(const Context& ctx, const domain::LiaisonConfig& config);

  const domain::LiaisonConfig& config() const { return config_; }
  AssignmentView assignment(const Caller& caller, const std::string& uscc);
  // Assigns or reassigns (the old row is ended with the reason, default "reassigned"). The
  // officer must be an active user with role liaison whose region is the enterprise's: Error
  // invalid field "officer" (unknown_officer, officer_inactive, not_a_liaison,
  // officer_region_mismatch). Assigning the current officer again changes nothing.
  AssignmentView assign(const Caller& caller, const std::string& uscc, const io::AssignmentRequest& request);
  // Ends the active assignment (reason default "ended"); failed_precondition "not_assigned".
  AssignmentView unassign(const Caller& caller, const std::string& uscc, const std::string& reason);
  // All or nothing, one transaction and one audit row; errors name the item
  // ("assignments[3].officer"). An unknown or out-of-scope code is invalid "unknown_enterprise".
  // Returns how many assignments changed.
  std::size_t assignMany(const Caller& caller, const io::BulkAssignmentRequest& request);

  // Logs a contact and the problems raised in it. Defaults: date today (configured zone), mode
  // and flag from config/liaison.json, problem owner unit from its category, deadline date +
  // default_problem_deadline_days. The contact counts for the caller when a liaison officer
  // logs it, else for the enterprise's active officer (none when unassigned).
  ContactView logContact(const Caller& caller, const std::string& uscc, const io::ContactDraft& draft);
  ContactList contacts(const Caller& caller, const std::string& uscc, std::optional<std::int64_t> limit,
                       const std::string& cursor);
  // Scoped like every list (Scope::listFilter): a county sees its region's contacts, a liaison
  // officer those of the enterprises assigned to it. to before from: Error invalid "to".
  ContactLogList contactLog(const Caller& caller, const ContactLogQuery& query);

  // logContact's parts, for the contacts import (service/contact_import.h) so that a file row
  // passes exactly what POST …/contacts checks. prepareContact: every check of the draft alone
  // (date within the configured window and not after today, mode, flag, texts, problems).
  // The date window is config/liaison.json's contact_backdate_days for a live log and
  // imported_contact_backdate_days for an imported one (old visit logs).
  enum class ContactSource { api, import };
  PreparedContact prepareContact(const Caller& caller, const io::ContactDraft& draft,
                                 ContactSource source = ContactSource::api) const;
  // The officer a contact is logged for, named by login: an active liaison officer of e's region
  // (invalid "officer": unknown_officer, officer_inactive, not_a_liaison, officer_region_mismatch);
  // nullopt for ''.
  std::optional<domain::User> contactOfficerOn(store::Connection& c, const std::string& login,
                                               const domain::Enterprise& e) const;
  // Writes a prepared contact of e on c, the caller's write transaction, audited contact.create;
  // it counts for officer when one is given, else as logContact decides.
  ContactView logContactOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                           PreparedContact prepared, const std::optional<domain::User>& officer);
  // assign's parts, for the assignments import (service/liaison_assignment_import.h), so that a
  // file row passes exactly what PUT …/liaison checks. assignableOfficerOn: the officer named by
  // login, checked for e as assign checks it (invalid "officer": unknown_officer,
  // officer_inactive, not_a_liaison, officer_region_mismatch; required when login is '').
  domain::User assignableOfficerOn(store::Connection& c, const std::string& login, const domain::Enterprise& e) const;
  // Makes officer e's active liaison on c, the caller's write transaction: the active assignment
  // (if any, not officer's) ended with reason (default "reassigned"), audited liaison.assign /
  // liaison.reassign as assign is. Returns the active assignment after it.
  domain::LiaisonAssignment assignOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                                     const domain::User& officer, const std::string& reason);
  // An import's revert: ends e's active assignment with reason and, when previous_officer_id is
  // given, makes that officer active again as it was before the import (not checked again: the
  // state before the batch is put back), audited liaison.reassign, else liaison.unassign.
  void restoreAssignmentOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e,
                           std::optional<std::int64_t> previous_officer_id, const std::string& reason);
  // Deletes a contact that raised no problem (an import's revert of the contact it logged),
  // audited contact.delete.
  void removeContactOn(store::Connection& c, const Caller& caller, const domain::Enterprise& e, const domain::Contact& ct);

 private:
  AssignmentView viewOf(store::Connection& c, const domain::Enterprise& e) const;

  const Context& ctx_;
  const domain::LiaisonConfig& config_;
  EnterpriseScope scope_;  // load-check-refuse for use cases on one enterprise
};

}  // namespace trellis::service
