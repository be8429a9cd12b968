// Read-only facts for the follow-up queue and the liaison metrics, gathered across the liaison
// tables, the enterprise register and pool_membership (owned by the reserve-pool repository;
// only read here). Dates are YYYY-MM-DD; assignment timestamps are compared by their date.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/date.h"

namespace trellis::store {

class Connection;

// An enterprise the officer is the active liaison of, with what the cadence needs.
struct PortfolioEntry {
  std::int64_t enterprise_id = 0;
  std::string uscc, name, region_code, contact_phone;
  Date assigned_on;
  std::optional<std::string> tier;       // "key" when any open membership is key, else "long_term"; none: no pool
  std::optional<Date> pool_entered_on;   // earliest open membership
  std::optional<Date> last_contact;      // on or before `today`
  std::optional<Date> last_next_contact_due;  // the explicit next-contact date of that contact
};

// An enterprise in an open reserve-pool membership on a date.
struct MemberFact {
  std::int64_t enterprise_id = 0;
  std::string region_code;
  std::string tier;          // key | long_term (the shortest cadence wins)
  Date entered_on;           // earliest open membership
};

struct ProblemFact {
  std::int64_t id = 0;
  std::int64_t enterprise_id = 0;
  Date raised_on;
  std::optional<int> satisfaction;
  // (on_date, to_status) of every event, in order.
  std::vector<std::pair<Date, std::string>> events;
};

struct RegionFacts {
  std::vector<MemberFact> members;                                // as of `to`
  std::map<std::int64_t, std::int64_t> officer_of;                // enterprise → officer, active on `to`
  std::map<std::int64_t, std::string> officer_login, officer_name;  // officers named in officer_of
  std::map<std::int64_t, std::vector<Date>> contact_dates;        // enterprise → dates ≤ `to`, ascending
  std::vector<ProblemFact> problems;                              // raised in [from, to]
};

class LiaisonFactsRepository {
 public:
  // The officer's active assignments (archived enterprises left out), as of `today`.
  static std::vector<PortfolioEntry> portfolio(Connection& c, std::int64_t officer_id, const Date& today);
  // Everything the metrics need for enterprises in `region` ("" = the whole city) over [from, to].
  static RegionFacts regionFacts(Connection& c, const std::string& region, const Date& from, const Date& to);
  // regionFacts of the city (key "") and of each of `regions`, read in one pass: each entry is
  // what regionFacts(c, key, from, to) answers (an enterprise of a region not listed counts for
  // the city only).
  static std::map<std::string, RegionFacts> everyRegionFacts(Connection& c, const std::vector<std::string>& regions,
                                                             const Date& from, const Date& to);
};

}  // namespace trellis::store
