// Designation numbers (certificate_number.h; RULES.md §2.8 and §1.5).
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "trellis/core/error.h"
#include "trellis/rules/certificate_number.h"

using trellis::Date;
using trellis::Error;
using namespace trellis::rules;

TEST_CASE("HNTE certificate numbers: the five real examples and malformed ones", "[unit][rules]") {
  const HnteCertificateRule& rule = test::shippedLadder().config().hnte_certificate;
  struct Row { const char* number; bool ok; int year; const char* province; };
  for (const Row& row : {Row{"GR202231005683", true, 2022, "31"}, Row{"GR202311004043", true, 2023, "11"},
                         Row{"GR202145001224", true, 2021, "45"}, Row{"GR201512000273", true, 2015, "12"},
                         Row{"GR202044206948", true, 2020, "44"}, Row{"GR202141000123", true, 2021, "41"},
                         Row{"GR20151200027", false, 0, ""},   // 13 characters (§2.8)
                         Row{"gr202141000123", false, 0, ""}, Row{"GR2021410001234", false, 0, ""},
                         Row{"GR20214100012A", false, 0, ""}, Row{"GR200041000123", false, 0, ""},
                         Row{"", false, 0, ""}}) {
    INFO(row.number);
    auto cert = parseHnteCertificate(row.number, rule);
    REQUIRE(cert.has_value() == row.ok);
    if (!row.ok) continue;
    CHECK(cert->year == row.year);
    CHECK(cert->province == row.province);
    CHECK(cert->serial.size() == 6);
  }
}

TEST_CASE("tech SME registration numbers: non-empty alphanumeric only", "[unit][rules]") {
  const RegistrationNumberRule& rule = test::shippedLadder().config().tech_sme_registration;
  CHECK(isValidRegistrationNumber("202441100300001234", rule));
  CHECK(isValidRegistrationNumber("A1", rule));
  CHECK_FALSE(isValidRegistrationNumber("", rule));
  CHECK_FALSE(isValidRegistrationNumber("2024-411", rule));
  CHECK_FALSE(isValidRegistrationNumber("编号1", rule));
  CHECK_FALSE(isValidRegistrationNumber(std::string(rule.max_length + 1, '1'), rule));
}

TEST_CASE("checkDesignation refuses by field", "[unit][rules]") {
  const Ladder& l = test::shippedLadder();
  trellis::domain::Designation d;
  d.stage = "hnte";
  d.starts_on = Date(2021, 12, 15);
  d.number = "GR202141000123";
  CHECK_NOTHROW(checkDesignation(l, d));
  auto fieldOf = [&](const trellis::domain::Designation& x) {
    try {
      checkDesignation(l, x);
    } catch (const Error& e) {
      return e.field() + "/" + e.code();
    }
    return std::string("accepted");
  };
  d.starts_on = Date(2022, 1, 10);  // issued early the next year: within max_issue_lag_years
  CHECK(fieldOf(d) == "accepted");
  d.starts_on = Date(2023, 1, 10);
  CHECK(fieldOf(d) == "number/hnte_certificate_year");
  d.starts_on = Date(2020, 12, 1);  // number from a later year than the certificate date
  CHECK(fieldOf(d) == "number/hnte_certificate_year");
  d.starts_on = Date(2021, 12, 15);
  d.number = "GR2021410001";
  CHECK(fieldOf(d) == "number/hnte_certificate_format");
  d.number = "GR202141000123";
  d.revoked_on = Date(2021, 12, 1);
  CHECK(fieldOf(d) == "revoked_on/revoked_before_start");
  d.revoked_on.reset();
  d.stage = "tech_sme";
  d.number = "";
  CHECK(fieldOf(d) == "number/registration_number_format");
  d.stage = "unicorn";
  CHECK(fieldOf(d) == "stage/unknown_stage");
}
