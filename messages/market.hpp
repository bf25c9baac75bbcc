#pragma once

#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>
#include <cereal/types/string.hpp>

#include "messages/enums.hpp"
#include "messages/decode_limit.hpp"

namespace tickline {

/// One trade printed by a venue; feed -> scanner -> detectors, in batches.
struct trade_tick {
  std::string symbol;
  double price = 0;
  double qty = 0;
  side aggressor = side::buy;  ///< The side that took liquidity.
  std::int64_t trade_id = 0;   ///< Venue trade id, or the feed's running count.
  std::int64_t ts_ns = 0;      ///< Exchange time, nanoseconds since epoch.
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, trade_tick& x) {
  return f(caf::meta::type_name("trade_tick"), x.symbol, x.price, x.qty, x.aggressor,
           x.trade_id, x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, trade_tick& x) {
  ar(x.symbol, x.price, x.qty, x.aggressor, x.trade_id, x.ts_ns);
}

/// An OHLCV bar of one timeframe; scanner -> detectors, strategy.
struct bar {
  std::string symbol;
  std::int64_t timeframe_s = 60;  ///< Bar length in seconds.
  std::int64_t open_ns = 0;       ///< Start of the bar interval (inclusive).
  std::int64_t close_ns = 0;      ///< End of the bar interval (exclusive).
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;              ///< Base-asset volume.
  double quote_volume = 0;        ///< Sum of price * qty.
  double buy_volume = 0;          ///< Volume where buyers were the aggressor.
  std::int64_t trades = 0;
  /// The scanner's market regime of this timeframe as of this bar: 0 ranging, 1 trending,
  /// 2 volatile (actors/indicators/indicators.hpp, market_regime); -1 unknown (no regime(N) among
  /// scanner.indicators, still warming up, or not from a scanner).
  std::int8_t regime = -1;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bar& x) {
  return f(caf::meta::type_name("bar"), x.symbol, x.timeframe_s, x.open_ns, x.close_ns,
           x.open, x.high, x.low, x.close, x.volume, x.quote_volume, x.buy_volume, x.trades,
           x.regime);
}
template <class Archive>
void serialize(Archive& ar, bar& x) {
  ar(x.symbol, x.timeframe_s, x.open_ns, x.close_ns, x.open, x.high, x.low, x.close,
     x.volume, x.quote_volume, x.buy_volume, x.trades, x.regime);
}

/// Best bid and offer; feed -> scanner, paper broker.
struct book_top {
  std::string symbol;
  double bid = 0;
  double bid_qty = 0;
  double ask = 0;
  double ask_qty = 0;
  std::int64_t ts_ns = 0;
};
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, book_top& x) {
  return f(caf::meta::type_name("book_top"), x.symbol, x.bid, x.bid_qty, x.ask, x.ask_qty,
           x.ts_ns);
}
template <class Archive>
void serialize(Archive& ar, book_top& x) {
  ar(x.symbol, x.bid, x.bid_qty, x.ask, x.ask_qty, x.ts_ns);
}

} // namespace tickline
