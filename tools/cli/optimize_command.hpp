#pragma once

#include <cstddef>
#include <string>

namespace tickline::cli {

/// Options of `tickline optimize`.
struct optimize_options {
  std::string config;        ///< TOML config with a [backtest.grid]; required.
  std::string data;          ///< A data file or a directory of files, one per symbol.
  std::string from;          ///< Start date/time (UTC); empty = the data's start.
  std::string to;            ///< End date/time (UTC); empty = the data's end.
  bool grid = false;         ///< Every combination of the grid (the default).
  std::size_t random = 0;    ///< > 0: that many points drawn from the grid's ranges.
  bool halving = false;      ///< Successive halving over the data.
  int workers = 0;           ///< Backtests at once; 0 = one per core.
  std::string objective;     ///< Empty = [backtest.walk_forward] objective.
  std::string out;           ///< Output directory; empty = the summary only.
  bool quiet = false;        ///< No progress output.
};

/// Runs `tickline optimize`: the candidates of the grid (or drawn at random from its
/// ranges), each backtested from nothing, `workers` at once; writes optimize.csv and
/// optimize.json (ranked: parameters -> score and results) and the best candidate's full
/// backtest (trades.csv ... report.html, with the ranking as a section) to `out`.
/// Returns the exit status (0 ok, 1 failure, 2 bad input).
int run_optimize_command(const optimize_options& opts);

} // namespace tickline::cli
