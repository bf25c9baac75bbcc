#pragma once

// Shared by the risk_state test files: limits small enough to reach, a setup with two
// feeds, contexts and intents.

#include <string>

#include "actors/trading/risk/risk_state.hpp"

namespace tickline::test {

constexpr std::int64_t sec = 1'000'000'000;
constexpr std::int64_t day = 86'400 * sec;
/// 2026-03-10T12:00:00Z, a Tuesday (Python's datetime.timestamp()).
constexpr std::int64_t t0 = 1773144000 * sec;

/// Limits reached within a few orders; exposure caps other than per symbol off.
inline risk_config small_limits() {
  risk_config c;
  c.max_trades_per_day = 3;
  c.max_daily_loss = 1000;
  c.max_drawdown_pct = 10;
  c.max_position_notional = 10000;
  c.max_gross_exposure = 0;
  c.max_net_exposure = 0;
  c.max_consecutive_losses = 3;
  c.cooldown_ms = 60000;
  c.max_atr_pct = 2;
  c.atr_period = 1;
  c.correlation_threshold = 0.9;
  c.correlation_window = 4;
  c.max_correlated_positions = 1;
  c.decision_log_size = 100;
  return c;
}

/// BTC comes from feed:f only, ETH from feed:f and feed:g; the broker is broker:paper.
inline risk_setup small_setup(risk_config c = small_limits()) {
  risk_setup s;
  s.limits = std::move(c);
  s.feed_symbols = {{"feed:f", {"BTC", "ETH"}}, {"feed:g", {"ETH"}}};
  s.broker_source = "broker:paper";
  s.timeframe_s = 60;
  return s;
}

/// Equity 100000, BTC marked at 100 and ETH at 50, no positions.
inline risk_context account(double equity = 100000) {
  risk_context c;
  c.equity = equity;
  c.marks = {{"BTC", 100}, {"ETH", 50}};
  return c;
}

/// `ctx` holding `qty` (signed) of `symbol`.
inline risk_context holding(risk_context ctx, const std::string& symbol, double qty) {
  position p;
  p.symbol = symbol;
  p.qty = qty;
  p.avg_price = ctx.marks[symbol];
  ctx.positions[symbol] = p;
  return ctx;
}

/// A market order intent.
inline order_intent intent(const std::string& symbol, side sd, double qty,
                           const std::string& id = "i") {
  order_intent i;
  i.intent_id = id;
  i.symbol = symbol;
  i.sd = sd;
  i.qty = qty;
  return i;
}

/// A command from `issuer`.
inline control_command command(control_kind kind, const std::string& issuer = "alice",
                               const std::string& reason = "", const std::string& symbol = "") {
  control_command c;
  c.kind = kind;
  c.issuer = issuer;
  c.reason = reason;
  c.symbol = symbol;
  return c;
}

/// A one-minute bar of `symbol` ending at `close_ns`.
inline bar minute_bar(const std::string& symbol, std::int64_t close_ns, double high, double low,
                      double close) {
  bar b;
  b.symbol = symbol;
  b.timeframe_s = 60;
  b.open_ns = close_ns - 60 * sec;
  b.close_ns = close_ns;
  b.open = close;
  b.high = high;
  b.low = low;
  b.close = close;
  return b;
}

} // namespace tickline::test
