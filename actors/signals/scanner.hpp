#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/signals/scanner_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of a scanner: its bars and indicators plus its downstream detectors.
struct scanner_actor {
  scanner_state scanner;
  routes detectors;                 ///< Get closed bars (bar detectors).
  routes tick_detectors;            ///< Get the trade batches (trade detectors).
  routes market_sinks;              ///< Get the market data as received (the paper broker).
  routes bar_sinks;                 ///< Get the closed bars too (trading actors).
  std::vector<bar> closed;          ///< Reused between batches.
  int upstream = 1;                 ///< Feeds that will each send end_atom.
  int ended = 0;
  book_top top;                     ///< Latest best bid/ask, when a feed sends them.
  snapshotter snap;
  const scanner_state& persistent() const { return scanner; }
  static inline const char* name = "scanner";
};

/// Spawn arguments of a scanner.
struct scanner_args {
  std::string name;                   ///< Stable name, e.g. "scanner:BTCUSDT".
  std::string symbol;
  scanner_settings settings;
  std::vector<std::string> detectors; ///< Detectors of closed bars.
  std::vector<std::string> tick_detectors; ///< Detectors of trades.
  std::vector<std::string> market_sinks; ///< Get trades, klines and book tops as received.
  std::vector<std::string> bar_sinks;    ///< Get the closed bars, as the detectors do.
  int upstream = 1;
  snapshot_env env;
};

/// The scanner of one symbol. Takes batches of trades (`std::vector<trade_tick>`), builds
/// bars and indicators, and passes the batch on to its trade detectors and any closed
/// bars (`std::vector<bar>`) to its bar detectors: each detector gets only what it reads. Completed bars from a kline feed (`std::vector<bar>`) are aggregated
/// likewise. Best bid/ask batches (`std::vector<book_top>`) update its latest top. The
/// market data as received (trades, klines, tops; not the bars it builds) also goes to
/// its market sinks, which fill orders from it. After `end_atom` from each upstream feed, passes one on.
caf::behavior scanner(caf::stateful_actor<scanner_actor>* self, scanner_args args);

} // namespace tickline
