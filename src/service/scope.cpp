#include "trellis/service/scope.h"

#include "trellis/core/uscc.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/liaison_repository.h"

namespace trellis::service {

store::ListScope Scope::listFilter() const {
  store::ListScope s;
  s.regions = caller_.visibleRegions();
  if (caller_.assignedOnly()) s.officer_id = caller_.user_id ? caller_.user_id : -1;
  return s;
}

bool Scope::sees(store::Connection& c, std::int64_t enterprise_id, const std::string& region_code) const {
  if (!caller_.canSeeRegion(region_code)) return false;
  return !caller_.assignedOnly() || store::LiaisonRepository::isActiveOfficer(c, enterprise_id, caller_.user_id);
}

namespace {

// Thrown inside the transaction so it rolls back; turned into an audit row + not_found outside it.
struct Hidden {
  domain::Enterprise enterprise;
  Error absent;
};
struct Absent {
  Error absent;
  AuditObject asked_for;
};

}  // namespace

Error EnterpriseScope::enterpriseNotFound() {
  return Error(errc::enterprise_not_found, "no enterprise with this 统一社会信用代码 (or not in your scope)");
}

void EnterpriseScope::hidden(const domain::Enterprise& e, const Error& absent) { throw Hidden{e, absent}; }

void EnterpriseScope::notFound(const Error& absent, const AuditObject& asked_for) { throw Absent{absent, asked_for}; }

void EnterpriseScope::run(const Caller& caller, const std::string& action, bool write,
                          const std::function<void(store::Connection&)>& fn) const {
  try {
    if (write) ctx_.db.write(fn);
    else ctx_.db.read(fn);
  } catch (const Hidden& out_of_scope) {
    ctx_.audit.recordRefusal(caller, action, enterpriseObject(out_of_scope.enterprise), "denied", "out of scope");
    throw out_of_scope.absent;
  } catch (const Absent& absent) {
    ctx_.audit.recordRefusal(caller, action, absent.asked_for, "invalid", "absent");
    throw absent.absent;
  }
}

void EnterpriseScope::inScope(const Caller& caller, std::string_view raw, const std::string& action, bool write,
                              const EnterpriseWork& fn) const {
  std::string code = uscc::parse(raw).code;
  run(caller, action, write, [&](store::Connection& c) {
    auto e = store::EnterpriseRepository::findByUscc(c, code);
    if (!e) notFound(enterpriseNotFound(), AuditObject{"enterprise", code, ""});
    if (!Scope(caller).sees(c, *e)) hidden(*e, enterpriseNotFound());
    fn(c, *e);
  });
}

void EnterpriseScope::write(const Caller& caller, std::string_view uscc, const std::string& action,
                            const EnterpriseWork& fn) const {
  inScope(caller, uscc, action, true, fn);
}

void EnterpriseScope::read(const Caller& caller, std::string_view uscc, const std::string& action,
                           const EnterpriseWork& fn) const {
  inScope(caller, uscc, action, false, fn);
}

}  // namespace trellis::service
