// What a caller may see and change, decided in one place (issue 3 object-level scope): a region
// scope (empty = the whole city) and, for liaison officers, only the enterprises they are the
// active liaison of. Lists take it as their SQL filter (listFilter); a use case on one object
// asks sees(); the audited refusal of an object out of scope is EnterpriseScope's (hidden means
// absent).
#pragma once
#include <cstdint>
#include <string>

#include "trellis/domain/enterprise.h"
#include "trellis/service/caller.h"
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

}  // namespace trellis::service
