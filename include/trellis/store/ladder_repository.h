// The ladder tables of an enterprise (sql/004): designation, yearly_indicators, hnte_expert_score,
// ladder_facts. Callers run these inside Database::write / Database::read; values are checked by
// the service before they get here (the schema's CHECKs are the last line).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trellis/domain/designation.h"
#include "trellis/domain/indicators.h"

namespace trellis::store {

class Connection;

// Who recorded a designation and when; not part of the domain value the rules read.
struct DesignationRecord {
  std::int64_t enterprise_id = 0;
  domain::Designation designation;   // ends_on always set
  std::string revoked_by;            // empty unless revoked
  std::string recorded_by, recorded_at;
};

// The domain read models, under the names this repository has always used.
using LadderFacts = domain::LadderFacts;
using IndicatorsRow = domain::IndicatorsRecord;

class LadderRepository {
 public:
  // Every record of the enterprise (corrected and revoked ones included), by starts_on then id.
  static std::vector<DesignationRecord> designations(Connection& c, std::int64_t enterprise_id);
  static std::optional<DesignationRecord> designation(Connection& c, std::int64_t id);
  // Inserts; returns the id. corrects_id already corrected → Error conflict (UNIQUE).
  static std::int64_t insertDesignation(Connection& c, const DesignationRecord& r);
  // Sets revoked_on/reason/by on a row not yet revoked; false when none matched.
  static bool revokeDesignation(Connection& c, std::int64_t id, Date revoked_on, const std::string& reason,
                                const std::string& by);

  static std::optional<IndicatorsRow> indicators(Connection& c, std::int64_t enterprise_id, int year);
  static std::vector<domain::YearlyIndicators> allIndicators(Connection& c, std::int64_t enterprise_id);
  // Inserts (version 1) or replaces the year's row (version + 1); returns the new version.
  static std::int64_t putIndicators(Connection& c, std::int64_t enterprise_id, const domain::YearlyIndicators& v,
                                    const std::string& by, const std::string& at);

  // Deletes the year's row; false when there was none.
  static bool deleteIndicators(Connection& c, std::int64_t enterprise_id, int year);

  static std::optional<domain::HnteExpertScores> expertScores(Connection& c, std::int64_t enterprise_id, int year,
                                                              std::string* note = nullptr);
  static void putExpertScores(Connection& c, std::int64_t enterprise_id, int year, const domain::HnteExpertScores& s,
                              const std::string& note, const std::string& by, const std::string& at);

  static LadderFacts facts(Connection& c, std::int64_t enterprise_id);
  static void putFacts(Connection& c, std::int64_t enterprise_id, const LadderFacts& f, const std::string& by,
                       const std::string& at);
};

}  // namespace trellis::store
