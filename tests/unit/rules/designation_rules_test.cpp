// The pure designation rules (rules/designation_rules.h) on the shipped ladder: the status a
// record shows on a day, DS4 (reachable) and DS5 (no duplicate) — facts in, decisions out.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "trellis/core/error.h"
#include "trellis/rules/designation_rules.h"

using trellis::Date;
using trellis::domain::Designation;
using trellis::rules::checkPlacement;
using trellis::rules::designationStatus;
using trellis::rules::Ladder;
using trellis::rules::test::held;

namespace {

// The code of the Error checkPlacement throws; "" when it throws none.
std::string placementError(const Ladder& l, const Designation& d, const std::vector<Designation>& all) {
  try {
    checkPlacement(l, d, all);
  } catch (const trellis::Error& e) {
    return e.code();
  }
  return "";
}

}  // namespace

TEST_CASE("designation status on a day: pending, valid, expired, revoked, superseded", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  std::vector<Designation> all = {held(1, "hnte", Date(2021, 12, 15))};
  CHECK(designationStatus(l, all[0], all, Date(2021, 12, 14)) == "pending");
  CHECK(designationStatus(l, all[0], all, Date(2021, 12, 15)) == "valid");
  CHECK(designationStatus(l, all[0], all, Date(2024, 12, 14)) == "valid");  // the last day of LV1's window
  CHECK(designationStatus(l, all[0], all, Date(2024, 12, 15)) == "expired");

  SECTION("revoked from revoked_on on, not before") {
    all[0].revoked_on = Date(2023, 3, 1);
    CHECK(designationStatus(l, all[0], all, Date(2023, 2, 28)) == "valid");
    CHECK(designationStatus(l, all[0], all, Date(2023, 3, 1)) == "revoked");
    CHECK(designationStatus(l, all[0], all, Date(2025, 1, 1)) == "revoked");  // revoked wins over expired
  }
  SECTION("superseded by a correction, whatever the day") {
    Designation fix = held(2, "hnte", Date(2021, 11, 30));
    fix.corrects_id = 1;
    all.push_back(fix);
    CHECK(trellis::rules::supersededIn(all[0], all));
    CHECK_FALSE(trellis::rules::supersededIn(all[1], all));
    CHECK(designationStatus(l, all[0], all, Date(2020, 1, 1)) == "superseded");
    CHECK(designationStatus(l, all[0], all, Date(2022, 6, 1)) == "superseded");
    CHECK(designationStatus(l, all[1], all, Date(2022, 6, 1)) == "valid");
  }
}

TEST_CASE("DS4 a local-policy stage needs a predecessor held on starts_on; national stages do not", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  Designation eaglet = held(10, "eaglet", Date(2023, 5, 1));
  CHECK(placementError(l, eaglet, {}) == "stage_not_reachable");
  CHECK(placementError(l, eaglet, {held(1, "hnte", Date(2021, 12, 15))}) == "");
  // Held, but not on starts_on (expired on 2024-12-14).
  Designation late = held(11, "eaglet", Date(2025, 2, 1));
  CHECK(placementError(l, late, {held(1, "hnte", Date(2021, 12, 15))}) == "stage_not_reachable");
  // A revoked predecessor no longer leads anywhere.
  Designation revoked = held(1, "hnte", Date(2021, 12, 15));
  revoked.revoked_on = Date(2022, 1, 10);
  CHECK(placementError(l, eaglet, {revoked}) == "stage_not_reachable");
  // The national stages are recorded whatever the enterprise held before.
  CHECK(placementError(l, held(12, "hnte", Date(2023, 5, 1)), {}) == "");
  CHECK(placementError(l, held(13, "tech_sme", Date(2023, 5, 1)), {}) == "");
}

TEST_CASE("DS5 no live duplicate: the same day, or the same year for a calendar-year stage", "[unit][rules]") {
  const Ladder& l = trellis::rules::test::shippedLadder();
  std::vector<Designation> all = {held(1, "tech_sme", Date(2024, 3, 1)), held(2, "hnte", Date(2021, 12, 15))};
  CHECK(placementError(l, held(20, "tech_sme", Date(2024, 3, 1)), all) == "duplicate_designation");
  CHECK(placementError(l, held(21, "tech_sme", Date(2024, 9, 1)), all) == "duplicate_designation");  // calendar year
  CHECK(placementError(l, held(22, "tech_sme", Date(2025, 3, 1)), all) == "");
  CHECK(placementError(l, held(23, "hnte", Date(2021, 12, 15)), all) == "duplicate_designation");
  CHECK(placementError(l, held(24, "hnte", Date(2021, 12, 20)), all) == "");  // hnte: same day only

  SECTION("a correction does not collide with the record it corrects, nor with a superseded one") {
    Designation fix = held(0, "tech_sme", Date(2024, 3, 5));
    fix.corrects_id = 1;
    all.push_back(fix);
    CHECK(placementError(l, all.back(), all) == "");
    // Record 1 is now superseded: a new tech_sme record of 2024 meets only the correction.
    CHECK(placementError(l, held(25, "tech_sme", Date(2024, 11, 1)), all) == "duplicate_designation");
  }
}
