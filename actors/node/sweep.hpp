#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/node/walk_forward.hpp"

namespace tickline {

/// One candidate of a parameter sweep and how it scored.
struct sweep_candidate {
  parameter_set params;
  double score = 0;            ///< The objective; NaN when undefined (e.g. no trades).
  std::size_t trades = 0;
  double pnl = 0;              ///< Sum of the closed trades' P&L.
  double final_equity = 0;
  std::uint64_t events = 0;
  /// The share of the data window the score is on: 1 for a full run, less for a
  /// candidate successive halving dropped.
  double data_fraction = 1;
  std::size_t index = 0;       ///< Position in the points given (ties go to the earlier).
};

/// How a sweep runs.
struct sweep_options {
  /// Backtests run at once, each on a thread of its own with its own actor system and
  /// deterministic scheduler; 0 = one per core. Default: 0.
  int workers = 0;
  /// Successive halving: every candidate runs on the first fraction of the window, the
  /// better half goes on to twice the fraction, and so on until the last round runs the
  /// whole window. Default: off (every candidate on the whole window).
  bool halving = false;
  /// Called after each backtest with the runs done and the runs planned.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Backtests `cfg` with each of `points` applied (config/parameters.hpp names) over
/// `base` (files and window; its progress callback is not used) and scores each run
/// (`score`, higher is better). Returns every candidate ranked: by data fraction reached,
/// then score (undefined last), then index. The ranking does not depend on `workers`.
/// Throws what run_backtest throws (the first failure, after every worker stopped).
std::vector<sweep_candidate> run_sweep(const engine_config& cfg, const backtest_options& base,
                                       const std::vector<parameter_set>& points,
                                       const backtest_score& score, const sweep_options& opts);

/// The backtests run_sweep runs for `points` candidates (more than `points` with halving).
std::size_t sweep_runs(std::size_t points, bool halving);

/// `n` points drawn at random from the grid's ranges: each parameter uniform in
/// [min, max] of its listed values, rounded when they are all whole numbers. The same
/// seed draws the same points.
std::vector<parameter_set> random_points(
  const std::vector<std::pair<std::string, std::vector<double>>>& grid, std::size_t n,
  std::uint64_t seed);

/// `cfg` with the parameters of `ps` set; throws std::invalid_argument naming one that
/// cannot be set.
engine_config with_parameters(const engine_config& cfg, const parameter_set& ps);

} // namespace tickline
