#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "actors/backtest/backtest_recorder.hpp"
#include "actors/broker/broker_ledger.hpp"
#include "config/config.hpp"

namespace tickline {

/// What a backtest replays and how.
struct backtest_options {
  /// The data: each symbol's files in time order (backtest_data::replay_files()), in any
  /// format the CSV feed reads.
  std::vector<std::pair<std::string, std::vector<std::string>>> files;
  /// Replay only events at or after this time (ns since epoch; bars by their open time).
  /// Default: all.
  std::int64_t from_ns = INT64_MIN;
  /// Replay only events before this time (ns since epoch; bars by their open time).
  /// Default: all.
  std::int64_t to_ns = INT64_MAX;
  /// Length of a replay slice; 0 = the strategy's timeframe. Default: 0.
  std::int64_t slice_ns = 0;
  /// Scheduler threads; 0 = the config's. Default: 0.
  int threads = 0;
  /// Called after every slice with the data time reached. Default: none.
  std::function<void(std::int64_t now_ns)> progress;
};

/// What a backtest produced.
struct backtest_result {
  std::vector<closed_trade> trades;     ///< In the order they closed.
  std::vector<equity_sample> equity;    ///< The account after every change.
  broker_ledger ledger;                 ///< The paper broker's books: every order and fill.
  std::uint64_t events = 0;             ///< Trades and bars read from the files.
  std::uint64_t signals = 0;
  std::uint64_t slices = 0;
  std::int64_t first_ns = 0;            ///< Time of the first event replayed.
  std::int64_t last_ns = 0;             ///< End of the last slice.
  double seconds = 0;                   ///< Wall time of the replay.
  std::string risk_state;               ///< The risk supervisor's state at the end.
};

/// Replays `opts.files` through the node's own actor graph (feed, scanners, detectors,
/// signal log, strategy, risk supervisor, order manager, paper broker, portfolio) on a
/// simulated clock, one slice at a time:
///
///  1. the clock moves to the slice's end and the feed sends every event before it;
///  2. every scanner, then every detector, has handled what it was sent (a `sync_atom`
///     request is answered after everything queued before it);
///  3. the sequencers release, in time order, the slice's market data to the broker,
///     then its bars to the trading actors, then its signals to the signal log; after
///     each release the trading actors run until they fall quiet: rounds of `sync_atom`
///     to all of them, until a round finds no message sent since the one before.
///
/// So every actor that hears from many senders hears them in an order fixed by the data,
/// and the result does not depend on the number of scheduler threads. Orders placed in a
/// slice fill on data of later slices (no look-ahead). No snapshots or journals are
/// written: a backtest starts from nothing. Throws std::invalid_argument for a config
/// that cannot trade and std::runtime_error when the graph does not start.
backtest_result run_backtest(const engine_config& cfg, const backtest_options& opts);

} // namespace tickline
