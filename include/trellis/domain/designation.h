// A designation: one rung of the cultivation ladder held over a period (ARCHITECTURE.md "Designation").
// Records are never overwritten: a correction is a new record whose corrects_id names the old one,
// and a revocation sets revoked_on + revocation_reason. Validity is computed by rules::Ladder.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "trellis/core/date.h"

namespace trellis::domain {

struct Designation {
  std::int64_t id = 0;                    // internal row id; 0 before it is stored
  std::string stage;                      // a stage id of config/ladder.json, e.g. "hnte"
  Date starts_on;                         // certificate date (hnte) / filing date (tech_sme)
  std::optional<Date> ends_on;            // last valid day, inclusive; computed by rules::Ladder
  std::string number;                     // HNTE certificate (GR…) or tech-SME registration number
  std::string source;                     // e.g. the announcement batch 豫科〔2021〕8号
  std::string evidence;                   // free note on the evidence seen
  std::optional<Date> revoked_on;         // first day it no longer holds
  std::string revocation_reason;
  std::optional<std::int64_t> corrects_id;  // the record this one corrects (supersedes)
};

}  // namespace trellis::domain
