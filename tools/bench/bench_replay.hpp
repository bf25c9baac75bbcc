#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench replay`.
struct replay_options {
  std::string data;   ///< A data file or directory, as `tickline backtest --data` takes.
  std::string from;   ///< Window start, YYYY-MM-DD or ISO-8601; empty = the data's start.
  std::string to;     ///< Window end; empty = the data's end.
};

/// Loads and checks the data set (actors/backtest_data), then replays it through
/// csv_replay_state in batches of 1,000 events, and returns the event count, both times
/// and the replay rate as one JSON object. Throws std::runtime_error on bad data.
nlohmann::json run_replay(const replay_options& opts);

/// Options of `tickline-bench backtest`.
struct backtest_bench_options {
  std::string config;  ///< The backtest's config file.
  replay_options data;
  std::size_t sweep = 0;  ///< > 0: also a sweep of this many candidates, 1 worker vs all cores.
};

/// A backtest of the data set through the actors (run_backtest), then the same events
/// through the scanner, detectors and signal log in a plain loop (run_plain_replay):
/// events, messages, trades, both rates, their ratio and the peak RSS as one JSON object.
/// With `sweep`, that many random candidates (strategy.min_confidence 0.3..0.8,
/// strategy.stop_atr_multiple 1..4) are swept on one worker, then on every core: both
/// times and the speed-up.
/// Throws std::runtime_error on a bad config or data.
nlohmann::json run_backtest_bench(const backtest_bench_options& opts);

} // namespace tickline::bench
