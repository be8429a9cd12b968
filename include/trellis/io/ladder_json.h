// The ladder's wire format: designations, yearly indicators, expert scores, compliance facts in
// (strict: an unknown member is refused naming it, a wrong type names the field), and the
// position, timeline and EligibilityReport out. Types are checked here, values by the service.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "trellis/domain/designation.h"
#include "trellis/domain/indicators.h"
#include "trellis/rules/evaluation.h"
#include "trellis/rules/ladder.h"

namespace trellis::io {

// POST …/designations and …/designations/{id}/correction. Dates stay text; the service parses
// them so it can name the field.
struct DesignationDraft {
  std::string stage;
  std::string starts_on;
  std::optional<std::string> ends_on;  // optional; must equal the computed end when sent
  std::string number;
  std::string source;
  std::string evidence;
};

struct RevocationDraft {
  std::string revoked_on;
  std::string reason;
};

struct ExpertScoresDraft {
  domain::HnteExpertScores scores;
  std::string note;
};

struct LadderFactsDraft {
  std::optional<bool> resident_audited_taxpayer, industry_allowed, clean_record, core_tech_in_key_fields,
      provincial_rd_institution;
  std::optional<std::string> national_award_top3_on, led_standard_on;
};

DesignationDraft parseDesignationDraft(const nlohmann::json& body);
RevocationDraft parseRevocation(const nlohmann::json& body);
// Members are the names of domain::indicatorIntFields / indicatorBoolFields plus "version"
// (optional: the version read, for a stale-edit check). null = not reported.
domain::YearlyIndicators parseIndicators(const nlohmann::json& body, int year, std::optional<std::int64_t>* version);
ExpertScoresDraft parseExpertScores(const nlohmann::json& body);
LadderFactsDraft parseLadderFacts(const nlohmann::json& body);

// status: valid | expired | revoked | superseded | pending (starts after as_of).
nlohmann::json designationToJson(const domain::Designation& d, const rules::Ladder& ladder, const std::string& status);
// Every indicator (null when not reported) and the derived ratios.
nlohmann::json indicatorsToJson(const domain::YearlyIndicators& v);
// indicatorsToJson plus version, updated_by, updated_at.
nlohmann::json indicatorsRecordToJson(const domain::IndicatorsRecord& r);
nlohmann::json expertScoresToJson(const domain::HnteExpertScores& s);
// Every fact, null when not known.
nlohmann::json ladderFactsToJson(const domain::LadderFacts& f);
nlohmann::json reportToJson(const rules::EligibilityReport& r, const rules::Ladder& ladder);
// GET /ladder/stages: {"items": the stages in rank order, "pools": the reserve pools in display
// order with the stages each takes}.
nlohmann::json ladderCatalogToJson(const rules::Ladder& ladder);
nlohmann::json timelineEventToJson(const rules::TimelineEvent& e, const rules::Ladder& ladder);

}  // namespace trellis::io
