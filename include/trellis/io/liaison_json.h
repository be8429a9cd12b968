// The liaison wire format: strict JSON in (unknown fields are refused with 422 naming them,
// nested ones as "problems[0].x"), JSON out. Types are checked here, values by the services.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/liaison.h"

namespace trellis::io {

// PUT/POST /enterprises/{uscc}/liaison: {"officer": login, "reason"?}.
struct AssignmentRequest {
  std::string officer;
  std::string reason;
};

// POST /liaison/assignments: {"assignments": [{"uscc", "officer"}, …], "reason"?}.
struct BulkAssignmentRequest {
  struct Item {
    std::string uscc;
    std::string officer;
  };
  std::vector<Item> items;
  std::string reason;
};

struct ProblemDraft {
  std::string category;
  std::string description;
  std::string owner_unit;                // empty: the category's default owner unit
  std::optional<std::string> deadline;   // YYYY-MM-DD; none: contact date + the configured days
};

// POST /enterprises/{uscc}/contacts. Only summary is required; the rest has defaults.
struct ContactDraft {
  std::optional<std::string> date;       // none: today in the configured zone
  std::string mode;                      // empty: the configured default (on_site)
  std::string met_with;
  std::string attendees;
  std::string summary;
  std::vector<std::string> policies_explained;
  std::string flag;                      // empty: the configured default (green)
  std::optional<std::string> next_contact_due;
  std::vector<ProblemDraft> problems;
};

// PATCH /problems/{id}: a status change and/or owner unit and deadline edits.
struct ProblemPatch {
  std::optional<std::int64_t> version;
  std::optional<std::string> status;
  std::optional<std::string> note;
  std::optional<std::string> resolution;
  std::optional<std::int64_t> satisfaction;
  std::optional<std::string> owner_unit;
  std::optional<std::string> deadline;
};

inline constexpr std::size_t kMaxProblemsPerContact = 20;
inline constexpr std::size_t kMaxBulkAssignments = 500;

AssignmentRequest parseAssignmentRequest(const nlohmann::json& body);
BulkAssignmentRequest parseBulkAssignmentRequest(const nlohmann::json& body);
ContactDraft parseContactDraft(const nlohmann::json& body);
ProblemPatch parseProblemPatch(const nlohmann::json& body);

nlohmann::json assignmentToJson(const domain::LiaisonAssignment& a);
nlohmann::json contactToJson(const domain::Contact& c);
// A contact-log row (GET /contacts): contactToJson plus enterprise {uscc, name, region} and
// officer {login, display_name} (null when none).
nlohmann::json contactLogItemToJson(const domain::ContactLogItem& item);
// The problem with what the service decided (overdue), as a contact lists it.
nlohmann::json problemToJson(const domain::ProblemItem& p);
// problemToJson plus "enterprise": {uscc, name, region}, as the problem lists and views show it.
nlohmann::json problemWithEnterpriseToJson(const domain::ProblemItem& p);
// {"uscc", "name", "region"}: the enterprise a contact list, an assignment or a problem belongs to.
nlohmann::json enterpriseRefToJson(const std::string& uscc, const std::string& name, const std::string& region);
nlohmann::json problemEventToJson(const domain::ProblemEvent& e);
// Owner units, modes, flags, categories and cadence, for forms.
nlohmann::json liaisonConfigToJson(const domain::LiaisonConfig& cfg);

}  // namespace trellis::io
