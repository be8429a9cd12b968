// Designation numbers: the HNTE certificate number (RULES.md §2.8) and the tech-SME registration
// number (§1.5, format unconfirmed, so only "non-empty, ASCII letters and digits" is checked).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "trellis/core/date.h"
#include "trellis/domain/designation.h"
#include "trellis/rules/ladder.h"

namespace trellis::rules {

struct HnteCertificate {
  int year = 0;           // recognition year
  std::string province;   // 2-digit province code, "41" for Henan
  std::string serial;     // 6 digits
};

// Parses prefix + year + province + serial with the configured widths ("GR202141001234");
// nullopt for anything else (wrong length, lower-case prefix, non-digits, year < min_year).
std::optional<HnteCertificate> parseHnteCertificate(std::string_view number, const HnteCertificateRule& rule);

// True for a non-empty registration number of ASCII letters and digits within max_length.
bool isValidRegistrationNumber(std::string_view number, const RegistrationNumberRule& rule);

// Checks a designation before it is recorded: known stage; number per the stage's evaluator
// (hnte: certificate pattern and its year within [starts_on year − max_issue_lag_years,
// starts_on year]; tech_sme: registration rule); revoked_on not before starts_on.
// Throws Error(invalid) with field "stage" (unknown_stage), "number" (hnte_certificate_format,
// hnte_certificate_year, registration_number_format) or "revoked_on" (revoked_before_start).
void checkDesignation(const Ladder& ladder, const domain::Designation& d);

}  // namespace trellis::rules
