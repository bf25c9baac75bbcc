#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Deterministic text for the report files: no locale, no stream state, the same bytes on
// every run and platform.

namespace tickline::analytics {

/// A UTC calendar date.
struct civil_date {
  int year = 1970;
  int month = 1;                   ///< 1..12.
  int day = 1;                     ///< 1..31.
};

/// Whole days since 1970-01-01 (UTC) of the instant `ts_ns`, rounded toward the past.
std::int64_t utc_day(std::int64_t ts_ns);
/// The calendar date of a day number from utc_day().
civil_date date_of_day(std::int64_t day);
/// Weekday of a day number from utc_day(): 0 = Monday ... 6 = Sunday.
int weekday_of_day(std::int64_t day);
/// Hour of day (0..23, UTC) of the instant `ts_ns`.
int utc_hour(std::int64_t ts_ns);

/// ISO-8601 UTC with milliseconds: "2024-01-02T03:04:05.678Z" (sub-millisecond truncated
/// toward the past).
std::string iso8601(std::int64_t ts_ns);
/// "2024-01-02".
std::string iso_date(std::int64_t day);

/// `x` with exactly `decimals` digits after the point, correctly rounded; "-0" is written
/// as "0"; NaN and infinities give "" (an empty CSV cell).
std::string fixed(double x, int decimals);

/// A CSV cell: quoted (with doubled quotes) when it holds a comma, quote or line break.
std::string csv_cell(std::string_view text);
/// Text safe inside HTML element content and attribute values.
std::string html_escape(std::string_view text);

} // namespace tickline::analytics
