#pragma once

// A small backtest worked by hand in the tests' comments: starting equity 100, four days
// from Monday 2024-01-01 (UTC), four trades.

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/types.hpp"
#include "messages/portfolio.hpp"

namespace tickline::test {

constexpr std::int64_t sec = 1'000'000'000;
constexpr std::int64_t hour = 3600 * sec;
constexpr std::int64_t jan1 = 1'704'067'200 * sec;  ///< 2024-01-01T00:00:00Z, a Monday.

/// Daily closes 110, 104.5, (none: 104.5), 114.95: returns 0.1, -0.05, 0, 0.1.
inline std::vector<analytics::equity_point> sample_equity() {
  return {{jan1 + 12 * hour, 110},
          {jan1 + 30 * hour, 99},
          {jan1 + 42 * hour, 104.5},
          {jan1 + 72 * hour, 114.95}};
}

inline closed_trade sample_trade(const std::string& symbol, std::int64_t entry_ns,
                                 std::int64_t exit_ns, double pnl, const std::string& tag,
                                 const std::string& reason) {
  closed_trade t;
  t.symbol = symbol;
  t.qty = 1;
  t.entry_price = 100;
  t.exit_price = 100 + pnl;
  t.entry_ns = entry_ns;
  t.exit_ns = exit_ns;
  t.pnl = pnl;
  t.entry_tag = tag;
  t.exit_reason = reason;
  return t;
}

/// A: Mon 12:00-Tue 06:00 +10; B: Tue 00:00-12:00 -5; C: Wed 12:00-Thu 06:00 +20;
/// D: Thu 00:00-00:00 0.
inline std::vector<closed_trade> sample_trades() {
  return {sample_trade("BTCUSDT", jan1 + 12 * hour, jan1 + 30 * hour, 10, "pattern:engulfing",
                       "take_profit"),
          sample_trade("ETHUSDT", jan1 + 24 * hour, jan1 + 36 * hour, -5, "whale:cluster",
                       "stop_loss"),
          sample_trade("BTCUSDT", jan1 + 60 * hour, jan1 + 78 * hour, 20, "pattern:breakout",
                       "take_profit"),
          sample_trade("SOLUSDT", jan1 + 72 * hour, jan1 + 72 * hour, 0, "", "")};
}

} // namespace tickline::test
