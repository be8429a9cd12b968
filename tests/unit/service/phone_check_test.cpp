// The contact_phone rule (issue 13): what officers write for a mobile or a landline passes,
// "12345" and other non-numbers do not.
#include <catch2/catch.hpp>

#include "trellis/service/enterprise_service.h"

using trellis::service::EnterpriseService;

TEST_CASE("a contact phone is a mobile number or a landline with its area code", "[service][phone]") {
  for (const char* ok : {"13812345678", "19900001111", "+8613812345678", "+86 138 1234 5678", "8613812345678",
                         "0374-1234567", "0374-12345678", "010-12345678", "03741234567", "0374-3212834-801"})
    CHECK(EnterpriseService::plausiblePhone(ok));
  for (const char* bad : {"12345", "12812345678", "1381234567", "138123456789", "1234567", "374-1234567",
                          "0374-123456", "0374-123456789", "0374--1234567", "0374-1234567-1234567", "-", "+86"})
    CHECK_FALSE(EnterpriseService::plausiblePhone(bad));
}
