#include "trellis/service/context.h"

#include "trellis/core/error.h"

namespace trellis::service {

Date Context::today() const { return dateAt(clock.now(), utc_offset_minutes); }

std::string Context::now() const { return formatTimestamp(clock.now()); }

int Context::pageLimit(std::optional<std::int64_t> limit) const {
  std::int64_t n = limit.value_or(50);
  if (n < 1 || n > max_page_size)
    throw Error(errc::out_of_range, "limit must be 1.." + std::to_string(max_page_size), "limit");
  return static_cast<int>(n);
}

namespace {
Error exportTooLarge(const std::string& matching, std::int64_t max_rows, const std::string& narrow,
                     const std::string& details) {
  return Error(errc::export_too_large,
               matching + " rows match; an export holds at most " + std::to_string(max_rows) + ": " + narrow, "format")
      .withDetails(details);
}
}  // namespace

void Context::checkExportTotal(std::int64_t total, const std::string& narrow) const {
  if (total <= max_export_rows) return;
  throw exportTooLarge(std::to_string(total), max_export_rows, narrow,
                       "{\"rows\":" + std::to_string(total) + ",\"max_rows\":" + std::to_string(max_export_rows) + "}");
}

void Context::countExportRow(std::int64_t& written, const std::string& narrow) const {
  if (++written <= max_export_rows) return;
  throw exportTooLarge("more than " + std::to_string(max_export_rows), max_export_rows, narrow,
                       "{\"max_rows\":" + std::to_string(max_export_rows) + "}");
}

}  // namespace trellis::service
