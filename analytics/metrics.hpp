#pragma once

#include <cstdint>
#include <vector>

#include "analytics/types.hpp"
#include "messages/portfolio.hpp"

// The performance metrics of a backtest; docs/analytics.md gives every formula. Return
// metrics come from the equity curve resampled to UTC daily closes (see daily_returns()),
// annualized with 365 periods a year; trade metrics come from the closed trades' net P&L.
// A metric that is undefined for the inputs (a ratio over zero) is NaN, written as null.

namespace tickline::analytics {

/// Periods a year used to annualize daily figures (crypto trades every day).
inline constexpr double periods_per_year = 365;

/// The metrics of report.json; the field names are the JSON names.
struct performance_metrics {
  // -- returns (from the equity curve) ---------------------------------------------------
  double starting_equity = 0;
  double final_equity = 0;         ///< Last equity point (starting equity when none).
  double total_return = 0;         ///< final / starting - 1.
  double cagr = 0;                 ///< (final / starting)^(365 / days) - 1.
  double volatility = 0;           ///< Sample sd of daily returns * sqrt(365).
  double sharpe = 0;               ///< (mean - rf/365) / sd * sqrt(365).
  double sortino = 0;              ///< (mean - rf/365) / downside deviation * sqrt(365).
  double calmar = 0;               ///< cagr / max_drawdown.
  double max_drawdown = 0;         ///< Fraction of the running peak.
  double max_drawdown_duration = 0;///< Seconds, peak to recovery (or to the end).
  double var_95 = 0;               ///< Historical one-day VaR: -(5 % quantile of returns).
  double cvar_95 = 0;              ///< -(mean of returns at or below that quantile).
  double var_99 = 0;               ///< As var_95 at 1 %.
  double cvar_99 = 0;              ///< As cvar_95 at 1 %.
  double var_95_parametric = 0;    ///< Normal: -(mean - 1.6449 * sd).
  double cvar_95_parametric = 0;   ///< Normal: -(mean - sd * pdf(z) / 0.05).
  double var_99_parametric = 0;    ///< Normal: -(mean - 2.3263 * sd).
  double cvar_99_parametric = 0;   ///< Normal: -(mean - sd * pdf(z) / 0.01).
  std::int64_t days = 0;           ///< Daily returns the return metrics use.
  // -- trades (from the closed trades) ---------------------------------------------------
  std::int64_t trades = 0;
  std::int64_t wins = 0;           ///< Trades with pnl > 0.
  std::int64_t losses = 0;         ///< Trades with pnl < 0.
  double win_rate = 0;             ///< wins / trades.
  double gross_profit = 0;         ///< Sum of winning pnl.
  double gross_loss = 0;           ///< Sum of losing pnl, as a positive number.
  double net_pnl = 0;              ///< Sum of pnl.
  double profit_factor = 0;        ///< gross_profit / gross_loss.
  double expectancy = 0;           ///< net_pnl / trades.
  double avg_win = 0;              ///< gross_profit / wins.
  double avg_loss = 0;             ///< gross_loss / losses (positive).
  double kelly = 0;                ///< W - (1 - W) / R, W = win_rate, R = avg_win / avg_loss.
  double exposure = 0;             ///< Fraction of the time span with a position open.
};

/// Computes every metric. `equity` is in time order; `starting_equity` > 0.
performance_metrics compute_metrics(const std::vector<closed_trade>& trades,
                                    const std::vector<equity_point>& equity,
                                    double starting_equity, const options& opts);

/// The fraction of [`from_ns`, `to_ns`) covered by the union of the trades'
/// [entry, exit) intervals; 0 when the span is empty.
double exposure(const std::vector<closed_trade>& trades, std::int64_t from_ns,
                std::int64_t to_ns);

} // namespace tickline::analytics
