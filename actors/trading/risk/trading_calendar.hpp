#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/civil_time.hpp"
#include "config/config.hpp"
#include "config/time_zone.hpp"

namespace tickline {

/// When new positions may be opened: trading weekdays, local trading hours (one or more
/// windows) and holidays, all in the calendar's time zone, whose offset (DST included) is
/// taken at each instant. Immutable once built, so safe to share between threads.
class trading_calendar {
public:
  /// Always open, in UTC.
  trading_calendar();

  /// Open on `weekdays` (bit i = weekday i, 0 = Monday) within `windows` of local time,
  /// except on `holidays` (local day numbers since 1970-01-01).
  trading_calendar(time_zone zone, std::uint8_t weekdays, std::vector<day_window> windows,
                   std::set<std::int64_t> holidays);

  /// Builds the calendar of `c`; nullopt and `error` set when the time zone cannot be
  /// loaded or an entry does not parse (the config loader reports these with positions).
  static std::optional<trading_calendar> from_config(const calendar_config& c, std::string& error);

  /// The local day (days since 1970-01-01 in the zone) of the instant `ns`: the day
  /// boundary of the daily limits.
  std::int64_t local_day(std::int64_t ns) const;

  /// Empty when the calendar is open at `ns`; else why not, e.g. "closed on sat",
  /// "holiday 2026-12-25", "outside trading hours 09:30-16:00 (local 08:15)".
  std::string closed_reason(std::int64_t ns) const;

  /// True when the calendar is open at `ns`.
  bool is_open(std::int64_t ns) const { return closed_reason(ns).empty(); }

  /// The time zone of the calendar.
  const time_zone& zone() const { return zone_; }

private:
  time_zone zone_;
  std::uint8_t weekdays_ = 0x7f;
  std::vector<day_window> windows_;
  std::set<std::int64_t> holidays_;
};

} // namespace tickline
