// Calendar dates and timestamps (ISO 8601 on the wire).
#include "trellis/core/date.h"

#include <catch2/catch.hpp>

namespace trellis {

TEST_CASE("Date::parse accepts exactly YYYY-MM-DD of a real day", "[unit]") {
  struct Case {
    const char* text;
    bool ok;
  };
  for (const auto& c : std::vector<Case>{{"2024-02-29", true},  {"2023-02-29", false}, {"2000-02-29", true},
                                         {"1900-02-29", false}, {"2023-02-30", false}, {"2023-04-31", false},
                                         {"2023-12-31", true},  {"2023-13-01", false}, {"2023-00-10", false},
                                         {"2023-01-00", false}, {"0000-01-01", false}, {"0001-01-01", true},
                                         {"2023-1-01", false},  {"2023/01/01", false}, {"2023-01-01T00", false},
                                         {"", false},           {"20230101", false},   {"2023-0a-01", false},
                                         {" 2023-01-01", false}, {"+023-01-01", false}}) {
    INFO(c.text);
    auto d = Date::parse(c.text);
    CHECK(d.has_value() == c.ok);
    if (d) CHECK(d->toString() == c.text);
  }
}

TEST_CASE("days since the epoch round-trip", "[unit]") {
  CHECK(Date(1970, 1, 1).daysSinceEpoch() == 0);
  CHECK(Date(2000, 3, 1).daysSinceEpoch() == 11017);
  CHECK(Date(1969, 12, 31).daysSinceEpoch() == -1);
  CHECK(Date::fromDays(19723) == Date(2024, 1, 1));
  for (std::int64_t d = Date(1, 1, 1).daysSinceEpoch(); d <= 2932896; d += 997) {  // years 1..9999
    Date x = Date::fromDays(d);
    REQUIRE(x.daysSinceEpoch() == d);
    REQUIRE(Date::parse(x.toString()).value_or(Date()) == x);
  }
  CHECK(Date(2024, 2, 28).addDays(1) == Date(2024, 2, 29));
  CHECK(Date(2023, 12, 31).addDays(1) == Date(2024, 1, 1));
  CHECK(Date(2024, 1, 1) > Date(2023, 12, 31));
}

TEST_CASE("addYears and addMonths clamp to the month's end", "[unit]") {
  CHECK(Date(2024, 2, 29).addYears(1) == Date(2025, 2, 28));
  CHECK(Date(2024, 2, 29).addYears(4) == Date(2028, 2, 29));
  CHECK(Date(2024, 1, 31).addMonths(1) == Date(2024, 2, 29));
  CHECK(Date(2023, 1, 31).addMonths(1) == Date(2023, 2, 28));
  CHECK(Date(2024, 1, 15).addMonths(-1) == Date(2023, 12, 15));
  CHECK(Date(2024, 11, 30).addMonths(3) == Date(2025, 2, 28));
  CHECK(Date(2024, 5, 31).addMonths(-24) == Date(2022, 5, 31));
}

TEST_CASE("leap years and month lengths", "[unit]") {
  CHECK(isLeapYear(2024));
  CHECK(isLeapYear(2000));
  CHECK_FALSE(isLeapYear(1900));
  CHECK_FALSE(isLeapYear(2023));
  CHECK(daysInMonth(2024, 2) == 29);
  CHECK(daysInMonth(2023, 2) == 28);
  CHECK(daysInMonth(2023, 4) == 30);
  CHECK(daysInMonth(2023, 12) == 31);
}

TEST_CASE("timestamps are UTC with seconds; dateAt shifts into the zone", "[unit]") {
  using std::chrono::seconds;
  TimePoint epoch{};
  CHECK(formatTimestamp(epoch) == "1970-01-01T00:00:00Z");
  CHECK(formatTimestamp(epoch - seconds(1)) == "1969-12-31T23:59:59Z");
  CHECK(formatTimestamp(epoch + seconds(1700000000)) == "2023-11-14T22:13:20Z");
  // 2023-12-31T16:00:00Z is already 2024-01-01 in China (UTC+8).
  TimePoint t = epoch + seconds(Date(2023, 12, 31).daysSinceEpoch() * 86400 + 16 * 3600);
  CHECK(dateAt(t, 0) == Date(2023, 12, 31));
  CHECK(dateAt(t, 480) == Date(2024, 1, 1));
  CHECK(dateAt(t - seconds(1), 480) == Date(2023, 12, 31));
  CHECK(dateAt(epoch - seconds(1), 0) == Date(1969, 12, 31));
}

}  // namespace trellis
