// What every service is built on, made once by the composition root (app/runtime.cpp): the
// database, the clock, the audit trail and the limits from settings. Services hold a const
// reference to it instead of repeating these members and their own today()/now()/limit checks.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "trellis/core/clock.h"
#include "trellis/core/date.h"
#include "trellis/service/audit_trail.h"
#include "trellis/store/database.h"

namespace trellis::service {

struct Context {
  store::Database& db;
  const Clock& clock;
  const AuditTrail& audit;
  int max_page_size = 500;       // the largest `limit` a list takes
  int utc_offset_minutes = 480;  // the city's offset: what "today" means
  std::int64_t max_export_rows = 200'000;  // rows one CSV/XLSX export may hold

  // The calendar date in the city now.
  Date today() const;
  // Now as an ISO timestamp (UTC), for created_at / updated_at / recorded_at.
  std::string now() const;
  // A list's page size: limit, or 50 when none is sent; Error out_of_range (field "limit") when
  // outside 1..max_page_size.
  int pageLimit(std::optional<std::int64_t> limit) const;
  // An export is refused, never cut short: Error invalid "format" export_too_large when it would
  // hold more than max_export_rows rows; `narrow` tells the user how to narrow the list.
  // checkExportTotal: the list's total is known before writing (details: rows and max_rows).
  void checkExportTotal(std::int64_t total, const std::string& narrow) const;
  // countExportRow: one more row written (++written); the total is not known (details: max_rows).
  void countExportRow(std::int64_t& written, const std::string& narrow) const;
};

}  // namespace trellis::service
