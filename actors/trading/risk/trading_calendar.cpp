#include "actors/trading/risk/trading_calendar.hpp"

#include <utility>

namespace tickline {

trading_calendar::trading_calendar() : windows_{day_window{0, 1440}} {}

trading_calendar::trading_calendar(time_zone zone, std::uint8_t weekdays,
                                   std::vector<day_window> windows, std::set<std::int64_t> holidays)
  : zone_(std::move(zone)), weekdays_(weekdays), windows_(std::move(windows)),
    holidays_(std::move(holidays)) {}

std::optional<trading_calendar> trading_calendar::from_config(const calendar_config& c,
                                                              std::string& error) {
  auto zone = time_zone::load(c.timezone, error);
  if (!zone)
    return std::nullopt;
  std::uint8_t days = 0;
  for (const auto& d : c.weekdays) {
    auto w = parse_weekday(d);
    if (!w) {
      error = "bad weekday \"" + d + "\"";
      return std::nullopt;
    }
    days = static_cast<std::uint8_t>(days | (1u << *w));
  }
  std::vector<day_window> windows;
  for (const auto& h : c.hours) {
    auto w = parse_day_window(h);
    if (!w) {
      error = "bad trading hours \"" + h + "\"";
      return std::nullopt;
    }
    windows.push_back(*w);
  }
  std::set<std::int64_t> holidays;
  for (const auto& h : c.holidays) {
    auto d = parse_date(h);
    if (!d) {
      error = "bad holiday \"" + h + "\"";
      return std::nullopt;
    }
    holidays.insert(days_from_civil(*d));
  }
  return trading_calendar{std::move(*zone), days, std::move(windows), std::move(holidays)};
}

std::int64_t trading_calendar::local_day(std::int64_t ns) const {
  return floor_div(zone_.to_local_ns(ns), seconds_per_day * ns_per_second);
}

std::string trading_calendar::closed_reason(std::int64_t ns) const {
  const std::int64_t local_ns = zone_.to_local_ns(ns);
  const std::int64_t day = floor_div(local_ns, seconds_per_day * ns_per_second);
  const int weekday = weekday_from_days(day);
  if ((weekdays_ & (1u << weekday)) == 0)
    return "closed on " + std::string(weekday_name(weekday));
  if (holidays_.count(day) != 0)
    return "holiday " + to_string(civil_from_days(day));
  const auto minute =
    static_cast<int>((local_ns - day * seconds_per_day * ns_per_second) / (60 * ns_per_second));
  std::string hours;
  for (const auto& w : windows_) {
    if (minute >= w.start_min && minute < w.end_min)
      return {};
    hours += (hours.empty() ? "" : ", ") + format_minute_of_day(w.start_min) + "-" +
             format_minute_of_day(w.end_min);
  }
  return "outside trading hours " + hours + " (local " + format_minute_of_day(minute) + ")";
}

} // namespace tickline
