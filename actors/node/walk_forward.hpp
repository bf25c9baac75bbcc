#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "actors/node/run_backtest.hpp"
#include "config/config.hpp"

namespace tickline {

/// One point of the parameter grid: (name, value) per parameter, in the grid's order.
using parameter_set = std::vector<std::pair<std::string, double>>;

/// Every combination of the grid's values (the first parameter varies slowest).
std::vector<parameter_set> grid_points(const std::vector<std::pair<std::string, std::vector<double>>>& grid);

/// One step of a walk-forward analysis.
struct walk_forward_window {
  std::int64_t in_sample_from_ns = 0, in_sample_to_ns = 0;
  std::int64_t out_of_sample_from_ns = 0, out_of_sample_to_ns = 0;
  parameter_set best;                ///< The grid point with the best in-sample score.
  double in_sample_score = 0;        ///< Its score in sample.
  double out_of_sample_score = 0;    ///< Its score on the following window.
  std::size_t out_of_sample_trades = 0;
  double out_of_sample_pnl = 0;      ///< Sum of the closed trades' P&L out of sample.
  /// [learning] mode = "apply": the same parameters again, with the learning daemon
  /// applying its weights, first in sample (learning from nothing) and then out of sample
  /// starting from the model it learned in sample (and learning on). The figures above
  /// are then those of learning off.
  bool learning = false;
  double learning_out_of_sample_score = 0;
  std::size_t learning_out_of_sample_trades = 0;
  double learning_out_of_sample_pnl = 0;
  std::uint64_t learning_model_version = 0;          ///< The model the out-of-sample run started from.
  std::map<std::string, double> learning_weights;    ///< Its weights (detector.pattern).
};

/// Scores a finished run (higher is better), e.g. its Sharpe ratio.
using backtest_score = std::function<double(const backtest_result&)>;

/// Rolls windows over [first_ns, last_ns): in-sample `cfg.backtest.walk_forward.in_sample_ns`,
/// then out-of-sample `out_of_sample_ns`, moving on by the out-of-sample length. In each
/// window every grid point is backtested in sample, `workers` at once (0 = one per core;
/// run_sweep), with learning off; the best (ties: the earlier point) is then backtested on
/// the out-of-sample window with learning off and, when `cfg.learning.mode` is "apply",
/// once more with learning applied (walk_forward_window::learning). Each run starts from
/// nothing (fresh indicators, full starting balance) but the learning one out of sample,
/// which starts from its in-sample model. `base` gives the files. Returns the
/// windows in time order; none when the data is shorter than one in-sample plus one
/// out-of-sample window. Throws what run_backtest throws.
std::vector<walk_forward_window> run_walk_forward(const engine_config& cfg, const backtest_options& base,
                                                  std::int64_t first_ns, std::int64_t last_ns,
                                                  const backtest_score& score, int workers = 0);

} // namespace tickline
