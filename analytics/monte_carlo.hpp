#pragma once

#include <cstdint>
#include <vector>

#include "analytics/types.hpp"
#include "messages/portfolio.hpp"

// Bootstrap of the trade sequence: each run draws as many trades as there were, with
// replacement and uniformly (std::mt19937_64 seeded with options::seed, an unbiased
// rejection draw so that results are the same on every platform), and adds their net P&L
// to the starting equity one after another.

namespace tickline::analytics {

/// Percentiles of one quantity over the runs (R's quantile type 7).
struct percentiles {
  double p5 = 0;
  double p25 = 0;
  double p50 = 0;
  double p75 = 0;
  double p95 = 0;
};

/// The Monte Carlo section of report.json.
struct monte_carlo_result {
  std::uint32_t runs = 0;          ///< 0 when skipped (no runs asked, or no trades).
  std::uint64_t seed = 0;
  double ruin_level = 0;           ///< As options::ruin_level.
  double ruin_equity = 0;          ///< starting equity * (1 - ruin_level).
  double ruin_probability = 0;     ///< Share of runs whose equity ever fell to ruin_equity.
  percentiles final_equity;
  percentiles max_drawdown;        ///< Fraction of the running peak (start = first peak).
};

/// Runs opts.mc_runs bootstrap runs of `trades` from `starting_equity`.
monte_carlo_result run_monte_carlo(const std::vector<closed_trade>& trades,
                               double starting_equity, const options& opts);

} // namespace tickline::analytics
