#include "trellis/service/liaison_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "trellis/service/text_field.h"
#include "trellis/core/error.h"
#include "trellis/core/uscc.h"
#include "trellis/io/cursor.h"
#include "trellis/service/scope.h"
#include "trellis/store/contact_repository.h"
#include "trellis/store/enterprise_repository.h"
#include "trellis/store/liaison_repository.h"
#include "trellis/store/problem_repository.h"
#include "trellis/store/user_repository.h"

namespace trellis::service {
namespace {

using domain::Enterprise;

constexpr size_t kMaxPerson = 200, kMaxSummary = 2000, kMaxPolicy = 100, kMaxDescription = 1000, kMaxReason = 200;

// The officer named by login, checked for the enterprise (see liaison_service.h).
domain::User checkOfficer(store::Connection& c, const std::string& login, const Enterprise& e, const std::string& field) {
  auto u = store::UserRepository::findByLogin(c, login);
  if (!u) throw Error(errc::unknown_officer, "no user with login '" + login + "'", field);
  if (!u->active) throw Error(errc::officer_inactive, "user '" + login + "' is disabled", field);
  if (domain::parseRole(u->role) != domain::Role::liaison)
    throw Error(errc::not_a_liaison, "user '" + login + "' has role " + u->role + ", not liaison", field);
  if (u->region_scope != e.region_code)
    throw Error(errc::officer_region_mismatch, "liaison officer '" + login + "' serves region " + u->region_scope + ", the enterprise is in " +
                             e.region_code, field);
  return *u;
}

Date parseDate(const std::string& value, const std::string& field) {
  auto d = Date::parse(value);
  if (!d) throw Error(errc::invalid_date, field + " must be a date YYYY-MM-DD", field);
  return *d;
}

std::string officerLogin(const std::optional<domain::LiaisonAssignment>& a) {
  return a ? a->officer_login : std::string();
}

}  // namespace

LiaisonService::LiaisonService(const Context& ctx, const domain::LiaisonConfig& config)
    : ctx_(ctx), config_(config), scope_(ctx) {}

AssignmentView LiaisonService::viewOf(store::Connection& c, const Enterprise& e) const {
  AssignmentView v;
  v.enterprise = e;
  v.current = store::LiaisonRepository::active(c, e.id);
  v.history = store::LiaisonRepository::history(c, e.id);
  return v;
}

AssignmentView LiaisonService::assignment(const Caller& caller, const std::string& uscc) {
  AssignmentView v;
  scope_.read(caller, uscc, "liaison.read", [&](store::Connection& c, const Enterprise& e) { v = viewOf(c, e); });
  return v;
}

AssignmentView LiaisonService::assign(const Caller& caller, const std::string& uscc, const io::AssignmentRequest& r) {
  checkTextField(r.reason, "reason", kMaxReason, false);
  AssignmentView v;
  scope_.write(caller, uscc, "liaison.assign", [&](store::Connection& c, const Enterprise& e) {
    domain::User officer = checkOfficer(c, r.officer, e, "officer");
    auto before = store::LiaisonRepository::active(c, e.id);
    auto after = assignOn(c, caller, e, officer, r.reason);
    v = viewOf(c, e);
    v.changed = !before || before->id != after.id;
  });
  return v;
}

domain::User LiaisonService::assignableOfficerOn(store::Connection& c, const std::string& login, const Enterprise& e) const {
  if (login.empty()) throw Error(errc::required, "officer is required", "officer");
  return checkOfficer(c, login, e, "officer");
}

domain::LiaisonAssignment LiaisonService::assignOn(store::Connection& c, const Caller& caller, const Enterprise& e,
                                                   const domain::User& officer, const std::string& reason) {
  checkTextField(reason, "reason", kMaxReason, false);
  auto current = store::LiaisonRepository::active(c, e.id);
  if (current && current->officer_id == officer.id) return *current;
  std::string now = ctx_.now();
  if (current) store::LiaisonRepository::end(c, current->id, now, reason.empty() ? "reassigned" : reason);
  store::LiaisonRepository::insert(c, e.id, officer.id, now, caller.user_id);
  nlohmann::json changes = {{"officer", {current ? nlohmann::json(current->officer_login) : nlohmann::json(nullptr),
                                         officer.login}}};
  if (!reason.empty()) changes["reason"] = {nullptr, reason};
  ctx_.audit.record(c, caller, current ? "liaison.reassign" : "liaison.assign", enterpriseObject(e), changes.dump());
  return *store::LiaisonRepository::active(c, e.id);
}

void LiaisonService::restoreAssignmentOn(store::Connection& c, const Caller& caller, const Enterprise& e,
                                         std::optional<std::int64_t> previous_officer_id, const std::string& reason) {
  auto current = store::LiaisonRepository::active(c, e.id);
  std::string now = ctx_.now();
  if (current) store::LiaisonRepository::end(c, current->id, now, reason);
  nlohmann::json changes = {{"officer", {current ? nlohmann::json(current->officer_login) : nlohmann::json(nullptr), nullptr}}};
  if (previous_officer_id) {
    store::LiaisonRepository::insert(c, e.id, *previous_officer_id, now, caller.user_id);
    changes["officer"][1] = store::LiaisonRepository::active(c, e.id)->officer_login;
  }
  changes["reason"] = {nullptr, reason};
  ctx_.audit.record(c, caller, previous_officer_id ? "liaison.reassign" : "liaison.unassign", enterpriseObject(e),
                    changes.dump());
}

AssignmentView LiaisonService::unassign(const Caller& caller, const std::string& uscc, const std::string& reason) {
  checkTextField(reason, "reason", kMaxReason, false);
  AssignmentView v;
  scope_.write(caller, uscc, "liaison.unassign", [&](store::Connection& c, const Enterprise& e) {
    auto current = store::LiaisonRepository::active(c, e.id);
    if (!current) throw Error(errc::not_assigned, "the enterprise has no active liaison officer");
    store::LiaisonRepository::end(c, current->id, ctx_.now(), reason.empty() ? "ended" : reason);
    ctx_.audit.record(c, caller, "liaison.unassign", enterpriseObject(e),
                  nlohmann::json{{"officer", {current->officer_login, nullptr}}}.dump());
    v = viewOf(c, e);
    v.changed = true;
  });
  return v;
}

std::size_t LiaisonService::assignMany(const Caller& caller, const io::BulkAssignmentRequest& r) {
  checkTextField(r.reason, "reason", kMaxReason, false);
  std::size_t changed = 0;
  // All or nothing: an item hidden from the caller or naming nothing rolls the batch back and is
  // recorded as a refusal after it (EnterpriseScope::run), both answering invalid naming the item.
  scope_.run(caller, "liaison.bulk_assign", true, [&](store::Connection& c) {
    std::string now = ctx_.now();
    nlohmann::json changes = nlohmann::json::object();
    std::set<std::string> seen;
    for (size_t i = 0; i < r.items.size(); ++i) {
      std::string path = "assignments[" + std::to_string(i) + "]";
      std::string code;
      try {
        code = uscc::parse(r.items[i].uscc).code;
      } catch (const Error& err) {
        if (err.kind() != ErrorKind::invalid) throw;
        throw Error(errc::unknown_enterprise, path + ".uscc: " + err.what(), path + ".uscc");
      }
      auto absent = [&] {
        return Error(errc::unknown_enterprise, path + ".uscc: " + EnterpriseScope::enterpriseNotFound().what(),
                     path + ".uscc");
      };
      auto found = store::EnterpriseRepository::findByUscc(c, code);
      if (!found) EnterpriseScope::notFound(absent(), AuditObject{"enterprise", code, ""});
      if (!Scope(caller).sees(c, *found)) EnterpriseScope::hidden(*found, absent());
      const Enterprise& e = *found;
      if (!seen.insert(e.uscc).second)
        throw Error(errc::duplicate_enterprise, path + ".uscc " + e.uscc + " appears twice", path + ".uscc");
      domain::User officer = checkOfficer(c, r.items[i].officer, e, path + ".officer");
      auto current = store::LiaisonRepository::active(c, e.id);
      if (current && current->officer_id == officer.id) continue;
      if (current) store::LiaisonRepository::end(c, current->id, now, r.reason.empty() ? "reassigned" : r.reason);
      store::LiaisonRepository::insert(c, e.id, officer.id, now, caller.user_id);
      changes[e.uscc] = {current ? nlohmann::json(current->officer_login) : nlohmann::json(nullptr), officer.login};
      ++changed;
    }
    if (changed)
      ctx_.audit.record(c, caller, "liaison.bulk_assign", AuditObject{"enterprise", "", caller.region_scope}, changes.dump());
  });
  return changed;
}

PreparedContact LiaisonService::prepareContact(const Caller& caller, const io::ContactDraft& d, ContactSource source) const {
  const Date now_date = ctx_.today();
  domain::Contact ct;
  ct.contact_date = d.date ? parseDate(*d.date, "date") : now_date;
  if (ct.contact_date > now_date) throw Error(errc::date_in_future, "date is in the future", "date");
  const int backdate =
      source == ContactSource::import ? config_.imported_contact_backdate_days : config_.contact_backdate_days;
  if (ct.contact_date < now_date.addDays(-backdate))
    throw Error(errc::date_too_old,
                "a contact may be logged up to " + std::to_string(backdate) + " days after it happened", "date");
  ct.mode = d.mode.empty() ? config_.default_contact_mode : d.mode;
  if (!config_.findContactMode(ct.mode))
    throw Error(errc::unknown_mode, "mode '" + ct.mode + "' is not a contact mode (GET /api/v1/liaison/config)", "mode");
  ct.flag = d.flag.empty() ? config_.default_flag : d.flag;
  if (!config_.findFlag(ct.flag)) throw Error(errc::unknown_flag, "flag must be green, amber or red", "flag");
  checkTextField(d.met_with, "met_with", kMaxPerson, false);
  checkTextField(d.attendees, "attendees", kMaxPerson, false);
  checkTextField(d.summary, "summary", kMaxSummary, true, true);
  for (const auto& p : d.policies_explained) checkTextField(p, "policies_explained", kMaxPolicy, true);
  ct.met_with = d.met_with;
  ct.attendees = d.attendees;
  ct.summary = d.summary;
  ct.policies_explained = d.policies_explained;
  if (d.next_contact_due) {
    ct.next_contact_due = parseDate(*d.next_contact_due, "next_contact_due");
    if (*ct.next_contact_due < ct.contact_date)
      throw Error(errc::before_contact, "next_contact_due is before the contact's date", "next_contact_due");
    if (*ct.next_contact_due > ct.contact_date.addDays(366))
      throw Error(errc::too_far, "next_contact_due is more than a year after the contact", "next_contact_due");
  }
  std::string now = ctx_.now();
  ct.created_by = caller.user;
  ct.created_at = now;

  std::vector<domain::Problem> problems;
  for (size_t i = 0; i < d.problems.size(); ++i) {
    const auto& pd = d.problems[i];
    std::string path = "problems[" + std::to_string(i) + "]";
    domain::Problem p;
    const auto* category = config_.findCategory(pd.category);
    if (pd.category.empty()) throw Error(errc::required, path + ".category is required", path + ".category");
    if (!category)
      throw Error(errc::unknown_category, "category '" + pd.category + "' is not configured", path + ".category");
    checkTextField(pd.description, path + ".description", kMaxDescription, true, true);
    p.category = pd.category;
    p.description = pd.description;
    p.owner_unit = pd.owner_unit.empty() ? category->default_owner_unit : pd.owner_unit;
    if (!config_.findOwnerUnit(p.owner_unit))
      throw Error(errc::unknown_owner_unit, "owner unit '" + p.owner_unit + "' is not configured", path + ".owner_unit");
    p.deadline = pd.deadline ? parseDate(*pd.deadline, path + ".deadline")
                             : ct.contact_date.addDays(config_.default_problem_deadline_days);
    if (p.deadline < ct.contact_date)
      throw Error(errc::before_contact, path + ".deadline is before the contact's date", path + ".deadline");
    p.status = domain::ProblemStatus::open;
    p.raised_on = ct.contact_date;
    p.created_by = caller.user;
    p.created_at = p.updated_at = now;
    problems.push_back(std::move(p));
  }

  return {std::move(ct), std::move(problems)};
}

ContactView LiaisonService::logContactOn(store::Connection& c, const Caller& caller, const Enterprise& e,
                                         PreparedContact prepared, const std::optional<domain::User>& officer) {
  domain::Contact& ct = prepared.contact;
  std::vector<domain::Problem>& problems = prepared.problems;
  const std::string now = ct.created_at;
  ct.enterprise_id = e.id;
  auto current = store::LiaisonRepository::active(c, e.id);
  if (officer) {
    ct.officer_id = officer->id;
    ct.officer_login = officer->login;
  } else if (caller.role == domain::Role::liaison) {
    ct.officer_id = caller.user_id;
    ct.officer_login = caller.user;
  } else if (current) {
    ct.officer_id = current->officer_id;
    ct.officer_login = current->officer_login;
  }
  ct.id = store::ContactRepository::insert(c, ct, caller.user_id);
  nlohmann::json ids = nlohmann::json::array();
  for (auto& p : problems) {
    p.enterprise_id = e.id;
    p.contact_id = ct.id;
    p.id = store::ProblemRepository::insert(c, p);
    domain::ProblemEvent ev;
    ev.problem_id = p.id;
    ev.to_status = domain::ProblemStatus::open;
    ev.on_date = ct.contact_date;
    ev.at = now;
    ev.by = caller.user;
    ev.note = "raised in contact " + std::to_string(ct.id);
    store::ProblemRepository::appendEvent(c, ev, caller.user_id);
    ids.push_back(p.id);
  }
  nlohmann::json changes = {{"contact", {nullptr, ct.id}},     {"date", {nullptr, ct.contact_date.toString()}},
                            {"mode", {nullptr, ct.mode}},       {"flag", {nullptr, ct.flag}},
                            {"problems", {nullptr, ids}},
                            {"officer", {nullptr, officer ? officer->login : officerLogin(current)}}};
  ctx_.audit.record(c, caller, "contact.create", enterpriseObject(e), changes.dump());
  ContactView v;
  v.contact = ct;
  for (auto& p : problems) v.problems.push_back(domain::problemItemOn(std::move(p), ctx_.today()));
  return v;
}

std::optional<domain::User> LiaisonService::contactOfficerOn(store::Connection& c, const std::string& login,
                                                             const Enterprise& e) const {
  if (login.empty()) return std::nullopt;
  return checkOfficer(c, login, e, "officer");
}

void LiaisonService::removeContactOn(store::Connection& c, const Caller& caller, const Enterprise& e,
                                     const domain::Contact& ct) {
  if (!store::ContactRepository::remove(c, ct.id))
    throw Error(errc::internal, "contact " + std::to_string(ct.id) + " has problems or is gone; it cannot be removed");
  nlohmann::json changes = {{"contact", {ct.id, nullptr}}, {"date", {ct.contact_date.toString(), nullptr}},
                            {"mode", {ct.mode, nullptr}}, {"officer", {ct.officer_login, nullptr}}};
  ctx_.audit.record(c, caller, "contact.delete", enterpriseObject(e), changes.dump());
}

ContactView LiaisonService::logContact(const Caller& caller, const std::string& uscc, const io::ContactDraft& d) {
  PreparedContact prepared = prepareContact(caller, d);
  ContactView v;
  scope_.write(caller, uscc, "contact.create", [&](store::Connection& c, const Enterprise& e) {
    v = logContactOn(c, caller, e, std::move(prepared), std::nullopt);
  });
  return v;
}

ContactList LiaisonService::contacts(const Caller& caller, const std::string& uscc, std::optional<std::int64_t> limit,
                                     const std::string& cursor) {
  std::int64_t n = ctx_.pageLimit(limit);
  std::int64_t after = cursor.empty() ? 0 : io::decodeCursor(cursor);
  ContactList out;
  const Date on = ctx_.today();
  scope_.read(caller, uscc, "contact.read", [&](store::Connection& c, const Enterprise& e) {
    out.enterprise = e;
    auto page = store::ContactRepository::listForEnterprise(c, out.enterprise.id, after, static_cast<int>(n));
    for (auto& ct : page.items) {
    ContactView v;
    store::ProblemFilter f;
    f.contact_id = ct.id;
    f.limit = static_cast<int>(io::kMaxProblemsPerContact);
    for (auto& row : store::ProblemRepository::list(c, f).items)
      v.problems.push_back(domain::problemItemOn(std::move(row.problem), on));
    v.contact = std::move(ct);
    out.items.push_back(std::move(v));
    }
    if (page.next_after_id) out.next_cursor = io::encodeCursor(*page.next_after_id);
  });
  return out;
}

ContactLogList LiaisonService::contactLog(const Caller& caller, const ContactLogQuery& q) {
  if (q.from && q.to && *q.to < *q.from) throw Error(errc::invalid_period, "to must not be before from", "to");
  store::ContactLogFilter f;
  f.region = q.region;
  f.from = q.from;
  f.to = q.to;
  f.limit = static_cast<int>(ctx_.pageLimit(q.limit));
  if (!q.cursor.empty()) f.after_id = io::decodeCursor(q.cursor);
  const store::ListScope scope = Scope(caller).listFilter();
  ContactLogList out;
  ctx_.db.read([&](store::Connection& c) {
    auto page = store::ContactRepository::listLog(c, scope, f);
    out.items = std::move(page.items);
    if (page.next_after_id) out.next_cursor = io::encodeCursor(*page.next_after_id);
  });
  return out;
}

}  // namespace trellis::service
