// What a caller may see and change, decided in one place (issue 3 object-level scope): a region
// scope (empty = the whole city) and, for liaison officers, only the enterprises they are the
// active liaison of. Lists take it as their SQL filter (Scope::listFilter); a use case on one
// object asks Scope::sees, and runs through EnterpriseScope, which loads the enterprise and
// records the refusal.
//
// Hidden means absent (issue 8 §4): an object out of the caller's scope answers exactly like one
// that does not exist — the same Error not_found, whose message names no key — and costs the same
// time: the out-of-scope attempt is recorded as a refusal (outcome denied) in its own transaction
// after the rollback, and a key that names nothing is recorded the same way (outcome invalid,
// reason "absent"), so both paths do one extra write and one request cannot tell them apart.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "trellis/core/error.h"
#include "trellis/domain/enterprise.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"
#include "trellis/store/database.h"
#include "trellis/store/list_scope.h"

namespace trellis::service {

class Scope {
 public:
  explicit Scope(const Caller& caller) : caller_(caller) {}

  // The WHERE fragment of every scoped list (enterprises, problems, pool members, milestones,
  // pool counts). A liaison officer without an account id (none exists) matches nothing.
  store::ListScope listFilter() const;
  // True when the caller may see the enterprise with this id in this region: its region is in
  // scope and, for liaison officers, they are its active liaison. Run on c, the caller's
  // transaction.
  bool sees(store::Connection& c, std::int64_t enterprise_id, const std::string& region_code) const;
  bool sees(store::Connection& c, const domain::Enterprise& e) const { return sees(c, e.id, e.region_code); }

 private:
  const Caller& caller_;
};

using EnterpriseWork = std::function<void(store::Connection&, const domain::Enterprise&)>;

// Runs a use case on one enterprise the caller may see: the enterprise is loaded by USCC inside
// the transaction and checked with Scope::sees.
class EnterpriseScope {
 public:
  explicit EnterpriseScope(const Context& ctx) : ctx_(ctx) {}

  // fn runs inside Database::write (one transaction; its audit rows commit with it).
  // Throws Error invalid (field "uscc") for a malformed code, not_found as above, and what fn throws.
  void write(const Caller& caller, std::string_view uscc, const std::string& action, const EnterpriseWork& fn) const;
  // fn runs inside Database::read (one snapshot).
  void read(const Caller& caller, std::string_view uscc, const std::string& action, const EnterpriseWork& fn) const;

  // The not_found of an enterprise asked for by its code, absent or hidden alike.
  static Error enterpriseNotFound();

  // For use cases that reach the enterprise another way (a membership id), inside run()'s
  // transaction. hidden signals an enterprise the caller may not see (ask Scope::sees first):
  // run() records the refusal and throws `absent`, the error the caller gets when the key names
  // nothing. notFound signals a key that names nothing: run() records the probe (asked_for) and
  // throws `absent`. Both take the error only when they throw, so a visible object costs none.
  [[noreturn]] static void hidden(const domain::Enterprise& e, const Error& absent);
  [[noreturn]] static void notFound(const Error& absent, const AuditObject& asked_for);
  // Runs fn(c) in a write (write = true) or read transaction, turning the two signals above into
  // a recorded refusal + the absent error.
  void run(const Caller& caller, const std::string& action, bool write,
           const std::function<void(store::Connection&)>& fn) const;

 private:
  void inScope(const Caller& caller, std::string_view uscc, const std::string& action, bool write,
               const EnterpriseWork& fn) const;
  const Context& ctx_;
};

}  // namespace trellis::service
