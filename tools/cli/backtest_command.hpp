#pragma once

#include <optional>
#include <string>

#include "actors/node/run_backtest.hpp"
#include "config/config.hpp"

namespace tickline::cli {

/// Options of `tickline backtest`.
struct backtest_cli_options {
  std::string config;        ///< TOML config; required.
  std::string data;          ///< A data file or a directory of files, one per symbol.
  std::string from;          ///< Start date/time (UTC); empty = the data's start.
  std::string to;            ///< End date/time (UTC); empty = the data's end.
  std::string out;           ///< Output directory; empty = none (summary only).
  bool quiet = false;        ///< No progress output.
  bool check_invariants = false;  ///< Check the books agree after every event.
  std::string learning;      ///< Overrides [learning] mode: off, observe or apply; empty = the config's.
  /// "IN:OUT" (durations, e.g. "3d:1d"): enables the walk-forward with these windows;
  /// empty = [backtest.walk_forward] as configured.
  std::string walk_forward;
};

/// A backtest ready to run: the config and the data set's files and window.
struct prepared_backtest {
  engine_config config;
  backtest_options opts;
};

/// Loads the config (its feeds' files are not read) and the data set within [from, to)
/// (dates as tickline backtest takes them); prints every problem to stderr, prefixed
/// "tickline <command>: ", and returns nullopt when either is unusable.
std::optional<prepared_backtest> prepare_backtest(const std::string& config, const std::string& data,
                                                  const std::string& from, const std::string& to,
                                                  const char* command);

/// Runs `tickline backtest`; returns the exit status (0 ok, 1 failure, 2 bad input).
int run_backtest_command(const backtest_cli_options& opts);

} // namespace tickline::cli
