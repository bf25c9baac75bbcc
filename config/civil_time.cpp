#include "config/civil_time.hpp"

#include <array>
#include <cstdio>

namespace tickline {

namespace {

constexpr std::array<std::string_view, 7> weekday_names = {"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};

// Reads exactly `n` digits at `pos`, advancing it; nullopt when they are not all digits.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t n) {
  if (pos + n > text.size())
    return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += n;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// "YYYY-MM-DD" at `pos`, advancing it.
std::optional<civil_date> date_at(std::string_view text, std::size_t& pos) {
  auto y = digits(text, pos, 4);
  if (!y || !expect(text, pos, '-'))
    return std::nullopt;
  auto m = digits(text, pos, 2);
  if (!m || !expect(text, pos, '-'))
    return std::nullopt;
  auto d = digits(text, pos, 2);
  if (!d || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
    return std::nullopt;
  return civil_date{*y, *m, *d};
}

// "HH:MM" at `pos` (hour up to `max_hour`), advancing it; returns minutes.
std::optional<int> hhmm_at(std::string_view text, std::size_t& pos, int max_hour) {
  auto h = digits(text, pos, 2);
  if (!h || !expect(text, pos, ':'))
    return std::nullopt;
  auto m = digits(text, pos, 2);
  if (!m || *h > max_hour || *m > 59 || (*h == max_hour && max_hour == 24 && *m != 0))
    return std::nullopt;
  return *h * 60 + *m;
}

} // namespace

bool operator==(const civil_date& a, const civil_date& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && (a < 0));
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(const civil_date& d) {
  const std::int64_t y = d.year - (d.month <= 2);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

civil_date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

int weekday_from_days(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string to_string(const civil_date& d) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

std::optional<civil_date> parse_date(std::string_view text) {
  std::size_t pos = 0;
  auto d = date_at(text, pos);
  return d && pos == text.size() ? d : std::nullopt;
}

std::optional<std::int64_t> parse_iso8601_ns(std::string_view text) {
  std::size_t pos = 0;
  const auto date = date_at(text, pos);
  if (!date || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
    return std::nullopt;
  ++pos;
  const auto minutes = hhmm_at(text, pos, 23);
  if (!minutes)
    return std::nullopt;
  std::int64_t seconds = 0;
  std::int64_t fraction_ns = 0;
  if (expect(text, pos, ':')) {
    auto s = digits(text, pos, 2);
    if (!s || *s > 59)
      return std::nullopt;
    seconds = *s;
    if (expect(text, pos, '.')) {
      std::int64_t scale = ns_per_second / 10;
      const std::size_t first = pos;
      for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
        fraction_ns += (text[pos] - '0') * scale;
      if (pos == first)
        return std::nullopt;
    }
  }
  std::int64_t offset_s = 0;
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    offset_s = 0;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    const auto off = hhmm_at(text, pos, 23);
    if (!off)
      return std::nullopt;
    offset_s = sign * *off * 60;
  } else {
    return std::nullopt;
  }
  if (pos != text.size())
    return std::nullopt;
  const std::int64_t local_s = days_from_civil(*date) * seconds_per_day + *minutes * 60 + seconds;
  return (local_s - offset_s) * ns_per_second + fraction_ns;
}

std::optional<std::int64_t> parse_utc_instant_ns(std::string_view text) {
  if (auto d = parse_date(text))
    return days_from_civil(*d) * seconds_per_day * ns_per_second;
  if (auto t = parse_iso8601_ns(text))
    return t;
  return parse_iso8601_ns(std::string{text} + "Z");
}

std::string format_iso8601_utc(std::int64_t ns) {
  const std::int64_t s = floor_div(ns, ns_per_second);
  const std::int64_t days = floor_div(s, seconds_per_day);
  const std::int64_t sod = s - days * seconds_per_day;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02dZ", static_cast<int>(sod / 3600),
                static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
  return to_string(civil_from_days(days)) + buffer;
}

std::optional<int> parse_weekday(std::string_view text) {
  for (std::size_t i = 0; i < weekday_names.size(); ++i)
    if (weekday_names[i] == text)
      return static_cast<int>(i);
  return std::nullopt;
}

std::string_view weekday_name(int weekday) {
  return weekday_names.at(static_cast<std::size_t>(weekday));
}

std::optional<day_window> parse_day_window(std::string_view text) {
  std::size_t pos = 0;
  const auto start = hhmm_at(text, pos, 23);
  if (!start || !expect(text, pos, '-'))
    return std::nullopt;
  const auto end = hhmm_at(text, pos, 24);
  if (!end || pos != text.size() || *end <= *start)
    return std::nullopt;
  return day_window{*start, *end};
}

std::string format_minute_of_day(int minute) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
  return buffer;
}

} // namespace tickline
