#pragma once

#include <cstdint>
#include <vector>

#include "analytics/types.hpp"

// The equity curve seen by day and by month, and its drawdowns. Every function takes the
// series in time order (the caller's duty) and the starting equity as the value before the
// first point.

namespace tickline::analytics {

/// The equity at the end of one UTC day.
struct daily_close {
  std::int64_t day = 0;            ///< Days since 1970-01-01 (see utc_day()).
  double equity = 0;
};

/// One calendar month's return.
struct monthly_return {
  int year = 1970;
  int month = 1;                   ///< 1..12.
  double ret = 0;                  ///< Month close / previous month close - 1.
};

/// The equity curve's drawdown at each point: (running peak - equity) / running peak.
struct drawdown_summary {
  double max_drawdown = 0;         ///< Largest drawdown, a fraction in [0, 1].
  double max_duration_s = 0;       ///< Longest peak-to-recovery time in seconds (to the end
                                   ///< when not recovered).
  std::vector<double> drawdown;    ///< One per point of the series.
};

/// The close of every UTC calendar day from the first point's day to the last point's: the
/// last point of that day, or the previous close for a day without points.
std::vector<daily_close> daily_closes(const std::vector<equity_point>& equity);

/// Simple daily returns: the first day's close over `starting_equity`, then each close over
/// the one before, minus 1. Empty when the series is.
std::vector<double> daily_returns(const std::vector<equity_point>& equity,
                                  double starting_equity);

/// Monthly returns from the month-end closes (a month without points repeats the close
/// before it); the first month is measured from `starting_equity`.
std::vector<monthly_return> monthly_returns(const std::vector<equity_point>& equity,
                                            double starting_equity);

/// Drawdowns of the series, with `starting_equity` as the first peak (at the first point's
/// time).
drawdown_summary drawdowns(const std::vector<equity_point>& equity, double starting_equity);

/// The `p` quantile (0 <= p <= 1) of `sorted` (ascending) by linear interpolation between
/// order statistics: R's quantile type 7. NaN when empty.
double quantile(const std::vector<double>& sorted, double p);

} // namespace tickline::analytics
