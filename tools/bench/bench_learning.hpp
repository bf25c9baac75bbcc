#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench learning`.
struct learning_bench_options {
  int symbols = 1000;                 ///< Symbols. Default: 1,000.
  int detectors = 3;                  ///< Detectors per symbol (whale, pattern, volatility). Default: 3.
  /// Signals per symbol and detector per second. Default: the demo node's, measured
  /// (docs/learning.md).
  double signal_rate = 0.75;
  double seconds = 120;               ///< Seconds of market time replayed. Default: 120.
  int timeframe_s = 1;                ///< Bars per symbol: one of this length per second of market. Default: 1.
  std::int64_t pending = 1'000'000;   ///< Pending outcomes of the memory case. Default: 1,000,000.
};

/// The learning daemon's cost, in two parts.
/// - `rate`: the real daemon actor (threaded scheduler) gets `seconds` of market time of
///   `symbols` symbols as a node sends it (one closed bar per symbol and second, one
///   signal batch per detector with a signal), all at once; the process CPU time until
///   the daemon has handled the last message, divided by `seconds`, is the share of one
///   core it needs to keep up live (`cpu_share_of_one_core`; the sender's work is in it,
///   so it overstates).
/// - `memory`: its state class holds `pending` signals of `symbols` symbols waiting for
///   their outcomes; `rss_mb` is the resident memory they added, `bytes_per_pending` per
///   signal.
nlohmann::json run_learning_bench(const learning_bench_options& opts);

} // namespace tickline::bench
