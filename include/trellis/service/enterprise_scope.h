// Runs a use case on one enterprise the caller may see (issue 3 object-level scope): the
// enterprise is loaded by USCC inside the transaction and checked with Scope::sees (scope.h).
// Hidden means absent (issue 8 §4): an object out of the caller's scope answers exactly like one
// that does not exist — the same Error not_found, whose message names no key — and costs the same
// time: the out-of-scope attempt is recorded as a refusal (outcome denied) in its own transaction
// after the rollback, and a key that names nothing is recorded the same way (outcome invalid,
// reason "absent"), so both paths do one extra write and one request cannot tell them apart.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "trellis/core/error.h"
#include "trellis/domain/enterprise.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/service/context.h"

namespace trellis::service {

using EnterpriseWork = std::function<void(store::Connection&, const domain::Enterprise&)>;

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

  // For use cases that reach the enterprise another way (a membership id). Call inside run()'s
  // transaction. requireVisible signals an invisible enterprise: run() records the refusal and
  // throws `absent`, the error the caller gets when the key names nothing. requireFound signals
  // a key that names nothing: run() records the probe (asked_for) and throws `absent`.
  static void requireVisible(store::Connection& c, const Caller& caller, const domain::Enterprise& e, const Error& absent);
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
