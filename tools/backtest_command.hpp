#pragma once

#include <string>

namespace tickline::cli {

/// Options of `tickline backtest`.
struct backtest_cli_options {
  std::string config;        ///< TOML config; required.
  std::string data;          ///< A data file or a directory of files, one per symbol.
  std::string from;          ///< Start date/time (UTC); empty = the data's start.
  std::string to;            ///< End date/time (UTC); empty = the data's end.
  std::string out;           ///< Output directory; empty = none (summary only).
  std::string slice;         ///< Replay slice, e.g. 1m; empty = the strategy's timeframe.
  int threads = 0;           ///< Scheduler threads; 0 = the config's.
  bool quiet = false;        ///< No progress output.
};

/// Runs `tickline backtest`; returns the exit status (0 ok, 1 failure, 2 bad input).
int run_backtest_command(const backtest_cli_options& opts);

} // namespace tickline::cli
