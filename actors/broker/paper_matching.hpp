#pragma once

#include <cstdint>
#include <optional>

#include "messages/enums.hpp"
#include "messages/market.hpp"

// The paper broker's price rules, apart from its books (actors/paper_broker_state).
namespace tickline {

/// One piece of market data as the paper broker sees it: a trade, a quote or a bar,
/// reduced to what our buys and our sells could meet.
struct market_event {
  /// Where it came from.
  enum class kind : std::uint8_t { trade, quote, bar };

  kind what = kind::trade;
  std::int64_t first_ns = 0;  ///< Time of its first trade: the trade's, the quote's, a bar's open.
  std::int64_t last_ns = 0;   ///< When it is complete; fills on it are stamped with this time.
  double ask = 0;      ///< What a market buy pays before slippage: trade price, ask, bar open.
  double bid = 0;      ///< What a market sell gets: the trade price, the bid, a bar's open.
  double low = 0;      ///< Lowest price a buy limit can meet: trade price, ask, bar low.
  double high = 0;     ///< Highest price a sell limit can meet: trade price, bid, bar high.
  double ask_qty = 0;  ///< What our buys share: the trade's qty, the ask size, a bar's volume.
  double bid_qty = 0;  ///< What our sells share: the trade's qty, the bid size, a bar's volume.
  double last = 0;     ///< Its latest price for a buy: the trade price, the ask, a bar's close.

  /// A trade: both sides meet its price and share its quantity.
  static market_event from(const trade_tick& t);
  /// A quote: buys meet the ask, sells the bid. It prints no trade.
  static market_event from(const book_top& q);
  /// A bar: known at its close, but its trades span [open_ns, close_ns).
  static market_event from(const bar& b);

  /// True when it carries trades, which can trigger stops (trades and bars).
  bool prints() const { return what != kind::quote; }
  /// True when an order that can fill from `active_ns` on (arrival + latency) may use it:
  /// a trade or quote stamped later, or a bar that opens at that time or later (a bar that
  /// opened before may have printed its prices before the order arrived).
  bool after(std::int64_t active_ns) const;
};

/// True when a stop of side `sd` at `stop` triggers on `ev`: a print at or through it
/// (a buy stop on a trade >= stop or a bar high >= stop; a sell stop on <= stop).
bool stop_triggers(side sd, double stop, const market_event& ev);

/// The price a market order of side `sd` gets from `ev`: the ask (bid), worsened by
/// `slippage_bps`; nullopt when `ev` shows no price for that side. `stop`, when set, is a
/// stop that triggered on `ev` itself: the fill is no better than the stop (a bar high
/// through a buy stop fills at the stop, or at the open when the bar gapped through it).
std::optional<double> market_fill_price(side sd, const market_event& ev, double slippage_bps,
                                        std::optional<double> stop = std::nullopt);

/// The price a limit order fills at on `ev`: its limit, when the market reaches it (a buy
/// when a trade, the ask or a bar low is at or below the limit; a sell at or above);
/// else nullopt.
std::optional<double> limit_fill_price(side sd, double limit, const market_event& ev);

} // namespace tickline
