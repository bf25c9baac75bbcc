#pragma once

// Shared by the paper broker's test files: orders, market data and event filters.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "actors/broker/paper_broker_state.hpp"

namespace tickline::test {

/// A broker config with no latency, slippage or fees, taking whole events, holding
/// `cash`: each test turns on what it checks.
inline broker_config plain_broker(double cash = 1'000'000) {
  broker_config c;
  c.starting_balance = cash;
  c.latency_ms = 0;
  c.slippage_bps = 0;
  c.maker_fee_bps = 0;
  c.taker_fee_bps = 0;
  c.max_participation = 1;
  return c;
}

inline order_request order(std::string id, side sd, double qty,
                           order_type type = order_type::market, double limit = 0,
                           double stop = 0, time_in_force tif = time_in_force::gtc) {
  return order_request{std::move(id), "BTCUSDT", sd, type, tif, qty, limit, stop, false, 0};
}

inline trade_tick trade(double price, double qty, std::int64_t ts_ns,
                        std::string symbol = "BTCUSDT") {
  return trade_tick{std::move(symbol), price, qty, side::buy, 0, ts_ns};
}

inline book_top quote(double bid, double bid_qty, double ask, double ask_qty, std::int64_t ts_ns) {
  return book_top{"BTCUSDT", bid, bid_qty, ask, ask_qty, ts_ns};
}

inline bar make_bar(std::int64_t open_ns, double open, double high, double low, double close,
                    double volume) {
  bar b;
  b.symbol = "BTCUSDT";
  b.timeframe_s = 60;
  b.open_ns = open_ns;
  b.close_ns = open_ns + 60'000'000'000;
  b.open = open;
  b.high = high;
  b.low = low;
  b.close = close;
  b.volume = volume;
  return b;
}

/// The events of type T among `events`, in order.
template <class T>
std::vector<T> only(const std::vector<broker_event>& events) {
  std::vector<T> out;
  for (const auto& e : events)
    if (const auto* x = std::get_if<T>(&e))
      out.push_back(*x);
  return out;
}

} // namespace tickline::test
