#include "trellis/io/liaison_json.h"

#include <nlohmann/json.hpp>

#include "trellis/core/error.h"
#include "trellis/io/json_body.h"

namespace trellis::io {
namespace {

constexpr std::size_t kMaxPolicies = 20;

// requireKnownFields for an object nested at `path` ("problems[2]"): names the field in full.
void requireKnownNested(const nlohmann::json& o, const std::vector<std::string>& allowed, const std::string& path) {
  if (!o.is_object()) throw Error(errc::wrong_type, path + " must be an object", path);
  for (const auto& [key, value] : o.items()) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (!known) throw Error(errc::unknown_field, "unknown field '" + path + "." + key + "'", path + "." + key);
  }
}

std::string nestedString(const nlohmann::json& o, const char* key, const std::string& path) {
  const auto& v = o.at(key);
  if (!v.is_string()) throw Error(errc::wrong_type, path + "." + key + " must be a string", path + "." + key);
  return v.get<std::string>();
}

bool present(const nlohmann::json& o, const char* key) { return o.contains(key) && !o.at(key).is_null(); }

nlohmann::json optionalDate(const std::optional<Date>& d) { return d ? nlohmann::json(d->toString()) : nlohmann::json(nullptr); }

}  // namespace

AssignmentRequest parseAssignmentRequest(const nlohmann::json& body) {
  requireKnownFields(body, {"officer", "reason"});
  AssignmentRequest r;
  if (!present(body, "officer")) throw Error(errc::required, "officer (the liaison officer's login) is required", "officer");
  r.officer = stringField(body, "officer");
  if (present(body, "reason")) r.reason = stringField(body, "reason");
  return r;
}

BulkAssignmentRequest parseBulkAssignmentRequest(const nlohmann::json& body) {
  requireKnownFields(body, {"assignments", "reason"});
  BulkAssignmentRequest r;
  if (!present(body, "assignments")) throw Error(errc::required, "assignments is required", "assignments");
  const auto& items = body.at("assignments");
  if (!items.is_array()) throw Error(errc::wrong_type, "assignments must be an array", "assignments");
  if (items.empty()) throw Error(errc::required, "assignments is empty", "assignments");
  if (items.size() > kMaxBulkAssignments)
    throw Error(errc::too_many, "at most " + std::to_string(kMaxBulkAssignments) + " assignments at once", "assignments");
  for (size_t i = 0; i < items.size(); ++i) {
    std::string path = "assignments[" + std::to_string(i) + "]";
    requireKnownNested(items[i], {"uscc", "officer"}, path);
    for (const char* key : {"uscc", "officer"})
      if (!present(items[i], key)) throw Error(errc::required, path + "." + key + " is required", path + "." + key);
    r.items.push_back({nestedString(items[i], "uscc", path), nestedString(items[i], "officer", path)});
  }
  if (present(body, "reason")) r.reason = stringField(body, "reason");
  return r;
}

ContactDraft parseContactDraft(const nlohmann::json& body) {
  requireKnownFields(body, {"date", "mode", "met_with", "attendees", "summary", "policies_explained", "flag",
                            "next_contact_due", "problems"});
  ContactDraft d;
  if (present(body, "date")) d.date = stringField(body, "date");
  if (present(body, "mode")) d.mode = stringField(body, "mode");
  if (present(body, "met_with")) d.met_with = stringField(body, "met_with");
  if (present(body, "attendees")) d.attendees = stringField(body, "attendees");
  if (present(body, "summary")) d.summary = stringField(body, "summary");
  if (present(body, "policies_explained")) d.policies_explained = stringArrayField(body, "policies_explained", kMaxPolicies);
  if (present(body, "flag")) d.flag = stringField(body, "flag");
  if (present(body, "next_contact_due")) d.next_contact_due = stringField(body, "next_contact_due");
  if (present(body, "problems")) {
    const auto& items = body.at("problems");
    if (!items.is_array()) throw Error(errc::wrong_type, "problems must be an array", "problems");
    if (items.size() > kMaxProblemsPerContact)
      throw Error(errc::too_many, "at most " + std::to_string(kMaxProblemsPerContact) + " problems per contact", "problems");
    for (size_t i = 0; i < items.size(); ++i) {
      std::string path = "problems[" + std::to_string(i) + "]";
      requireKnownNested(items[i], {"category", "description", "owner_unit", "deadline"}, path);
      ProblemDraft p;
      if (present(items[i], "category")) p.category = nestedString(items[i], "category", path);
      if (present(items[i], "description")) p.description = nestedString(items[i], "description", path);
      if (present(items[i], "owner_unit")) p.owner_unit = nestedString(items[i], "owner_unit", path);
      if (present(items[i], "deadline")) p.deadline = nestedString(items[i], "deadline", path);
      d.problems.push_back(std::move(p));
    }
  }
  return d;
}

ProblemPatch parseProblemPatch(const nlohmann::json& body) {
  requireKnownFields(body, {"version", "status", "note", "resolution", "satisfaction", "owner_unit", "deadline"});
  ProblemPatch p;
  if (present(body, "version")) p.version = intField(body, "version");
  if (present(body, "status")) p.status = stringField(body, "status");
  if (present(body, "note")) p.note = stringField(body, "note");
  if (present(body, "resolution")) p.resolution = stringField(body, "resolution");
  if (present(body, "satisfaction")) p.satisfaction = intField(body, "satisfaction");
  if (present(body, "owner_unit")) p.owner_unit = stringField(body, "owner_unit");
  if (present(body, "deadline")) p.deadline = stringField(body, "deadline");
  return p;
}

nlohmann::json assignmentToJson(const domain::LiaisonAssignment& a) {
  return {{"officer", {{"login", a.officer_login}, {"display_name", a.officer_name}}},
          {"assigned_at", a.assigned_at},
          {"assigned_by", a.assigned_by},
          {"ended_at", a.ended_at ? nlohmann::json(*a.ended_at) : nlohmann::json(nullptr)},
          {"end_reason", a.end_reason ? nlohmann::json(*a.end_reason) : nlohmann::json(nullptr)}};
}

nlohmann::json contactToJson(const domain::Contact& c) {
  return {{"id", c.id},
          {"date", c.contact_date.toString()},
          {"mode", c.mode},
          {"officer", c.officer_login.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.officer_login)},
          {"met_with", c.met_with},
          {"attendees", c.attendees},
          {"summary", c.summary},
          {"policies_explained", c.policies_explained},
          {"flag", c.flag},
          {"next_contact_due", optionalDate(c.next_contact_due)},
          {"created_by", c.created_by},
          {"created_at", c.created_at}};
}

nlohmann::json problemToJson(const domain::ProblemItem& item) {
  const domain::Problem& p = item.problem;
  return {{"id", p.id},
          {"contact_id", p.contact_id ? nlohmann::json(*p.contact_id) : nlohmann::json(nullptr)},
          {"category", p.category},
          {"description", p.description},
          {"owner_unit", p.owner_unit},
          {"deadline", p.deadline.toString()},
          {"status", domain::problemStatusName(p.status)},
          {"overdue", item.overdue},
          {"resolution", p.resolution},
          {"satisfaction", p.satisfaction ? nlohmann::json(*p.satisfaction) : nlohmann::json(nullptr)},
          {"raised_on", p.raised_on.toString()},
          {"resolved_on", optionalDate(p.resolved_on)},
          {"closed_on", optionalDate(p.closed_on)},
          {"created_by", p.created_by},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at},
          {"version", p.version}};
}

nlohmann::json enterpriseRefToJson(const std::string& uscc, const std::string& name, const std::string& region) {
  return {{"uscc", uscc}, {"name", name}, {"region", region}};
}

nlohmann::json contactLogItemToJson(const domain::ContactLogItem& item) {
  nlohmann::json j = contactToJson(item.contact);
  j["enterprise"] = enterpriseRefToJson(item.uscc, item.enterprise_name, item.region_code);
  j["officer_name"] = item.officer_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.officer_name);
  return j;
}

nlohmann::json problemWithEnterpriseToJson(const domain::ProblemItem& p) {
  nlohmann::json j = problemToJson(p);
  j["enterprise"] = enterpriseRefToJson(p.uscc, p.enterprise_name, p.region_code);
  return j;
}

nlohmann::json problemEventToJson(const domain::ProblemEvent& e) {
  return {{"from", e.from_status ? nlohmann::json(domain::problemStatusName(*e.from_status)) : nlohmann::json(nullptr)},
          {"to", domain::problemStatusName(e.to_status)},
          {"on", e.on_date.toString()},
          {"at", e.at},
          {"by", e.by},
          {"note", e.note}};
}

nlohmann::json liaisonConfigToJson(const domain::LiaisonConfig& cfg) {
  auto labeled = [](const std::vector<domain::LabeledCode>& items) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : items) out.push_back({{"code", i.code}, {"name", i.name}});
    return out;
  };
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& c : cfg.categories)
    categories.push_back({{"code", c.code}, {"name", c.name}, {"default_owner_unit", c.default_owner_unit}});
  nlohmann::json statuses = nlohmann::json::array();
  for (auto s : {domain::ProblemStatus::open, domain::ProblemStatus::in_progress, domain::ProblemStatus::resolved,
                 domain::ProblemStatus::closed, domain::ProblemStatus::escalated}) {
    nlohmann::json next = nlohmann::json::array();
    for (auto t : domain::allowedTransitions(s)) next.push_back(domain::problemStatusName(t));
    statuses.push_back({{"code", domain::problemStatusName(s)}, {"next", next}});
  }
  return {{"owner_units", labeled(cfg.owner_units)},
          {"contact_modes", labeled(cfg.contact_modes)},
          {"flags", labeled(cfg.flags)},
          {"categories", categories},
          {"problem_statuses", statuses},
          {"default_contact_mode", cfg.default_contact_mode},
          {"default_flag", cfg.default_flag},
          {"cadence_days", {{"key", cfg.key_cadence_days}, {"long_term", cfg.long_term_cadence_days},
                            {"unpooled", cfg.unpooled_cadence_days}}},
          {"due_soon_days", cfg.due_soon_days},
          {"default_problem_deadline_days", cfg.default_problem_deadline_days},
          {"satisfied_at_least", cfg.satisfied_at_least}};
}

}  // namespace trellis::io
