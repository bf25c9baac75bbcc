#include "actors/broker/paper_matching.hpp"

#include <algorithm>

namespace tickline {

market_event market_event::from(const trade_tick& t) {
  return {kind::trade, t.ts_ns, t.ts_ns, t.price, t.price, t.price, t.price, t.qty, t.qty,
          t.price};
}

market_event market_event::from(const book_top& q) {
  return {kind::quote, q.ts_ns, q.ts_ns, q.ask, q.bid, q.ask, q.bid, q.ask_qty, q.bid_qty,
          q.ask};
}

market_event market_event::from(const bar& b) {
  // close_ns is exclusive: the bar's last trade is at close_ns - 1 at the latest.
  const auto last = std::max(b.open_ns, b.close_ns - 1);
  return {kind::bar, b.open_ns, last, b.open, b.open, b.low, b.high, b.volume, b.volume,
          b.close};
}

bool market_event::after(std::int64_t active_ns) const {
  return what == kind::bar ? first_ns >= active_ns : first_ns > active_ns;
}

bool stop_triggers(side sd, double stop, const market_event& ev) {
  if (!ev.prints())
    return false;
  return sd == side::buy ? ev.high >= stop : (ev.low > 0 && ev.low <= stop);
}

std::optional<double> market_fill_price(side sd, const market_event& ev, double slippage_bps,
                                        std::optional<double> stop) {
  double base = sd == side::buy ? ev.ask : ev.bid;
  if (!(base > 0))
    return std::nullopt;
  if (stop)
    base = sd == side::buy ? std::max(base, *stop) : std::min(base, *stop);
  const double slip = slippage_bps / 10'000;
  return sd == side::buy ? base * (1 + slip) : base * (1 - slip);
}

std::optional<double> limit_fill_price(side sd, double limit, const market_event& ev) {
  if (sd == side::buy ? (ev.low > 0 && ev.low <= limit) : (ev.high > 0 && ev.high >= limit))
    return limit;
  return std::nullopt;
}

} // namespace tickline
