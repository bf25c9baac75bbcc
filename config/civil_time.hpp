#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Calendar arithmetic on the proleptic Gregorian calendar and the text forms of dates and
// times used in the config and its data files. Days count from 1970-01-01; instants are
// nanoseconds since the epoch, UTC.
namespace tickline {

/// Nanoseconds in one second.
constexpr std::int64_t ns_per_second = 1'000'000'000;

/// Seconds in one day (no leap seconds, as in POSIX time).
constexpr std::int64_t seconds_per_day = 86'400;

/// A calendar date.
struct civil_date {
  int year = 1970;
  int month = 1;  ///< 1..12.
  int day = 1;    ///< 1..31.
};

/// True when both name the same day.
bool operator==(const civil_date& a, const civil_date& b);

/// a / b rounded towards negative infinity (b > 0).
std::int64_t floor_div(std::int64_t a, std::int64_t b);

/// True for leap years of the Gregorian calendar.
bool is_leap_year(int year);

/// Days in `month` (1..12) of `year`.
int days_in_month(int year, int month);

/// Days from 1970-01-01 to `d` (negative before it).
std::int64_t days_from_civil(const civil_date& d);

/// The date `days` days after 1970-01-01.
civil_date civil_from_days(std::int64_t days);

/// Day of the week of a day count: 0 = Monday ... 6 = Sunday.
int weekday_from_days(std::int64_t days);

/// "YYYY-MM-DD".
std::string to_string(const civil_date& d);

/// Parses "YYYY-MM-DD" naming a real date; nullopt for anything else.
std::optional<civil_date> parse_date(std::string_view text);

/// Parses ISO-8601 "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by "Z" or an offset
/// "+HH:MM" / "-HH:MM" ('t', 'z' and a space for 'T' are accepted too) into nanoseconds
/// since the epoch; nullopt for anything else, including a missing zone designator.
std::optional<std::int64_t> parse_iso8601_ns(std::string_view text);

/// Parses a command-line instant: "YYYY-MM-DD" (midnight UTC) or an ISO-8601 date-time as
/// parse_iso8601_ns takes it, read as UTC when it has no zone designator; nullopt otherwise.
std::optional<std::int64_t> parse_utc_instant_ns(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SSZ" of an instant, truncated to the second.
std::string format_iso8601_utc(std::int64_t ns);

/// Parses a weekday name "mon", "tue", "wed", "thu", "fri", "sat" or "sun" into
/// 0 (Monday) .. 6 (Sunday); nullopt otherwise.
std::optional<int> parse_weekday(std::string_view text);

/// The three-letter name of weekday 0 (Monday) .. 6 (Sunday).
std::string_view weekday_name(int weekday);

/// A span of local time of day [start, end) in minutes after midnight.
struct day_window {
  int start_min = 0;     ///< 0..1439.
  int end_min = 1440;    ///< start_min+1..1440.
};

/// Parses "HH:MM-HH:MM" with start < end, 00:00 <= start, end <= 24:00; nullopt otherwise
/// (a window past midnight is written as two windows).
std::optional<day_window> parse_day_window(std::string_view text);

/// "HH:MM" of a minute of the day (1440 prints as "24:00").
std::string format_minute_of_day(int minute);

} // namespace tickline
