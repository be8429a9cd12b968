// Runs a use case on one enterprise the caller may see (issue 3 object-level scope): the
// enterprise is loaded by USCC inside the transaction and checked with EnterpriseService::visible.
// Absent and out of scope read the same — Error not_found — so existence does not leak; an
// out-of-scope attempt is recorded as a refusal in its own transaction, after the rollback.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "trellis/domain/enterprise.h"
#include "trellis/service/audit_trail.h"
#include "trellis/service/caller.h"
#include "trellis/store/database.h"

namespace trellis::service {

using EnterpriseWork = std::function<void(store::Connection&, const domain::Enterprise&)>;

class EnterpriseScope {
 public:
  EnterpriseScope(store::Database& db, const AuditTrail& audit) : db_(db), audit_(audit) {}

  // fn runs inside Database::write (one transaction; its audit rows commit with it).
  // Throws Error invalid (field "uscc") for a malformed code, not_found as above, and what fn throws.
  void write(const Caller& caller, std::string_view uscc, const std::string& action, const EnterpriseWork& fn) const;
  // fn runs inside Database::read (one snapshot).
  void read(const Caller& caller, std::string_view uscc, const std::string& action, const EnterpriseWork& fn) const;

  // For use cases that reach the enterprise another way (a membership id): throws the not_found
  // of an invisible object after recording the refusal. Call inside the transaction; the
  // refusal is written when the exception leaves run().
  static void requireVisible(store::Connection& c, const Caller& caller, const domain::Enterprise& e);
  // Runs fn(c) in a write (write = true) or read transaction, turning requireVisible's signal
  // into a recorded refusal + not_found.
  void run(const Caller& caller, const std::string& action, bool write,
           const std::function<void(store::Connection&)>& fn) const;

 private:
  void inScope(const Caller& caller, std::string_view uscc, const std::string& action, bool write,
               const EnterpriseWork& fn) const;
  store::Database& db_;
  const AuditTrail& audit_;
};

}  // namespace trellis::service
