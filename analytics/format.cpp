#include "analytics/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace tickline::analytics {

namespace {

constexpr std::int64_t ns_per_day = 86'400'000'000'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

std::int64_t utc_day(std::int64_t ts_ns) {
  return floor_div(ts_ns, ns_per_day);
}

civil_date date_of_day(std::int64_t day) {
  // Howard Hinnant's civil_from_days: eras of 400 years starting on March 1st.
  std::int64_t z = day + 719468;
  std::int64_t era = floor_div(z, 146097);
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  civil_date d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (d.month <= 2));
  return d;
}

int weekday_of_day(std::int64_t day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

int utc_hour(std::int64_t ts_ns) {
  std::int64_t in_day = ts_ns - utc_day(ts_ns) * ns_per_day;
  return static_cast<int>(in_day / 3'600'000'000'000);
}

std::string iso8601(std::int64_t ts_ns) {
  std::int64_t day = utc_day(ts_ns);
  std::int64_t ms = (ts_ns - day * ns_per_day) / 1'000'000;
  civil_date d = date_of_day(day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day,
                static_cast<int>(ms / 3'600'000), static_cast<int>(ms / 60'000 % 60),
                static_cast<int>(ms / 1000 % 60), static_cast<int>(ms % 1000));
  return buf;
}

std::string iso_date(std::int64_t day) {
  civil_date d = date_of_day(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string fixed(double x, int decimals) {
  if (!std::isfinite(x))
    return {};
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
  if (res.ec != std::errc{})
    return {};
  std::string out{buf, res.ptr};
  if (out[0] == '-' && out.find_first_not_of("-0.") == std::string::npos)
    out.erase(0, 1);
  return out;
}

std::string csv_cell(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string{text};
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

} // namespace tickline::analytics
