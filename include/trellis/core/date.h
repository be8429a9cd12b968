// Calendar dates and UTC timestamps, ISO 8601 on the wire (ARCHITECTURE.md: dates are ISO 8601).
#pragma once
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace trellis {

// A proleptic Gregorian calendar date without time zone.
class Date {
 public:
  Date() = default;
  // Precondition: a valid date (use parse() for input).
  Date(int year, int month, int day);

  // "YYYY-MM-DD" exactly; nullopt for anything else, including 2023-02-30.
  static std::optional<Date> parse(std::string_view text);
  static Date fromDays(std::int64_t days_since_epoch);

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  std::int64_t daysSinceEpoch() const;
  std::string toString() const;

  Date addDays(std::int64_t days) const { return fromDays(daysSinceEpoch() + days); }
  // Same month and day N years later; 29 Feb becomes 28 Feb in a common year.
  Date addYears(int years) const;
  Date addMonths(int months) const;

  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

bool isLeapYear(int year);
int daysInMonth(int year, int month);

using TimePoint = std::chrono::system_clock::time_point;

// "2026-11-27T08:30:00Z" (seconds precision, UTC).
std::string formatTimestamp(TimePoint t);
// The calendar date at t in a zone utc_offset_minutes east of UTC (China: +480).
Date dateAt(TimePoint t, int utc_offset_minutes);

}  // namespace trellis
