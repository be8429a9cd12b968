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

}  // namespace trellis::service
