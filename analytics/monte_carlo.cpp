#include "analytics/monte_carlo.hpp"

#include <algorithm>
#include <random>

#include "analytics/series.hpp"

namespace tickline::analytics {

namespace {

/// A uniform index in [0, n) from `rng`, without modulo bias.
std::size_t draw(std::mt19937_64& rng, std::uint64_t n) {
  const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % n;
  std::uint64_t x;
  do {
    x = rng();
  } while (x >= limit);
  return static_cast<std::size_t>(x % n);
}

percentiles percentiles_of(std::vector<double>& xs) {
  std::sort(xs.begin(), xs.end());
  return {quantile(xs, 0.05), quantile(xs, 0.25), quantile(xs, 0.5), quantile(xs, 0.75),
          quantile(xs, 0.95)};
}

} // namespace

monte_carlo_result run_monte_carlo(const std::vector<closed_trade>& trades,
                               double starting_equity, const options& opts) {
  monte_carlo_result out;
  out.seed = opts.seed;
  out.ruin_level = opts.ruin_level;
  out.ruin_equity = starting_equity * (1 - opts.ruin_level);
  if (trades.empty() || opts.mc_runs == 0)
    return out;
  out.runs = opts.mc_runs;
  std::mt19937_64 rng{opts.seed};
  std::vector<double> finals, drawdowns;
  finals.reserve(out.runs);
  drawdowns.reserve(out.runs);
  std::uint32_t ruined = 0;
  for (std::uint32_t run = 0; run < out.runs; ++run) {
    double equity = starting_equity, peak = starting_equity, max_dd = 0;
    bool ruin = false;
    for (std::size_t i = 0; i < trades.size(); ++i) {
      equity += trades[draw(rng, trades.size())].pnl;
      peak = std::max(peak, equity);
      if (peak > 0)
        max_dd = std::max(max_dd, (peak - equity) / peak);
      ruin = ruin || equity <= out.ruin_equity;
    }
    ruined += ruin;
    finals.push_back(equity);
    drawdowns.push_back(max_dd);
  }
  out.ruin_probability = static_cast<double>(ruined) / out.runs;
  out.final_equity = percentiles_of(finals);
  out.max_drawdown = percentiles_of(drawdowns);
  return out;
}

} // namespace tickline::analytics
