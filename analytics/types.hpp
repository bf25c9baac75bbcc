#pragma once

#include <cstdint>
#include <string>

#include "messages/enums.hpp"

namespace tickline::analytics {

/// One point of the account's equity curve: mark-to-market equity at a time.
struct equity_point {
  std::int64_t ts_ns = 0;          ///< Nanoseconds since the epoch (UTC).
  double equity = 0;               ///< Cash + positions at their marks.
};

/// One order as it stands at the end of a backtest: a row of orders.csv.
struct order_row {
  std::string client_order_id;
  std::string symbol;
  side sd = side::buy;
  order_type type = order_type::market;
  double qty = 0;                  ///< Quantity ordered.
  double price = 0;                ///< Limit or stop price; 0 for a market order.
  order_state status = order_state::unknown;
  double filled_qty = 0;
  double avg_price = 0;            ///< Quantity-weighted average fill price; 0 when unfilled.
  std::int64_t ts_ns = 0;          ///< When the order was created.
};

/// What the analysis is computed with.
struct options {
  /// Annual risk-free rate for sharpe and sortino, as a fraction (0.05 = 5 %); the daily
  /// rate is this / 365. Range: finite. Default: 0.
  double risk_free_rate = 0;
  /// The Monte Carlo ruin level: a run is ruined when its equity falls to or below
  /// starting equity * (1 - ruin_level). Range: (0, 1]. Default: 0.5 (a 50 % loss).
  double ruin_level = 0.5;
  /// How many bootstrap runs the Monte Carlo makes. Range: >= 0 (0 skips it).
  /// Default: 10000.
  std::uint32_t mc_runs = 10000;
  /// Seed of the Monte Carlo's std::mt19937_64; the same seed gives the same results.
  /// Default: 42.
  std::uint64_t seed = 42;
};

} // namespace tickline::analytics
