#include "actors/node/walk_forward.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "actors/learning/learning_model.hpp"
#include "actors/node/sweep.hpp"
#include "config/parameters.hpp"

namespace tickline {

std::vector<parameter_set> grid_points(const std::vector<std::pair<std::string, std::vector<double>>>& grid) {
  std::vector<parameter_set> out{parameter_set{}};
  for (const auto& [name, values] : grid) {
    std::vector<parameter_set> next;
    for (const auto& p : out)
      for (double v : values) {
        auto q = p;
        q.emplace_back(name, v);
        next.push_back(std::move(q));
      }
    out = std::move(next);
  }
  return out;
}

namespace {

backtest_result run_window(const engine_config& cfg, backtest_options o, std::int64_t from, std::int64_t to) {
  o.from_ns = from;
  o.to_ns = to;
  o.progress = nullptr;
  return run_backtest(cfg, o);
}

} // namespace

std::vector<walk_forward_window> run_walk_forward(const engine_config& cfg, const backtest_options& base,
                                                  std::int64_t first_ns, std::int64_t last_ns,
                                                  const backtest_score& score, int workers) {
  const auto& wf = cfg.backtest.walk_forward;
  const auto points = grid_points(cfg.backtest.grid);
  const bool learn = cfg.learning.mode == "apply";
  auto off = cfg;
  off.learning.mode = "off";
  std::vector<walk_forward_window> out;
  for (std::int64_t start = first_ns;
       start + wf.in_sample_ns + wf.out_of_sample_ns <= last_ns; start += wf.out_of_sample_ns) {
    walk_forward_window w;
    w.in_sample_from_ns = start;
    w.in_sample_to_ns = start + wf.in_sample_ns;
    w.out_of_sample_from_ns = w.in_sample_to_ns;
    w.out_of_sample_to_ns = w.in_sample_to_ns + wf.out_of_sample_ns;
    // Every grid point in sample, side by side; the best (ties: the earlier point).
    auto in_sample = base;
    in_sample.from_ns = w.in_sample_from_ns;
    in_sample.to_ns = w.in_sample_to_ns;
    sweep_options so;
    so.workers = workers;
    const auto ranked = run_sweep(off, in_sample, points, score, so);
    w.best = ranked.front().params;
    w.in_sample_score = std::isnan(ranked.front().score)
                          ? -std::numeric_limits<double>::infinity()  // undefined ranks last
                          : ranked.front().score;
    auto oos = run_window(with_parameters(off, w.best), base, w.out_of_sample_from_ns, w.out_of_sample_to_ns);
    w.out_of_sample_score = score(oos);
    w.out_of_sample_trades = oos.trades.size();
    w.out_of_sample_pnl = oos.pnl();
    if (learn) {
      // The same parameters, learning applied: in sample from nothing, then out of
      // sample from what was learned there.
      const auto lcfg = with_parameters(cfg, w.best);
      auto is = run_window(lcfg, base, w.in_sample_from_ns, w.in_sample_to_ns);
      auto o = base;
      o.learning_start = is.learned;
      auto loos = run_window(lcfg, o, w.out_of_sample_from_ns, w.out_of_sample_to_ns);
      w.learning = true;
      w.learning_out_of_sample_score = score(loos);
      w.learning_out_of_sample_trades = loos.trades.size();
      w.learning_out_of_sample_pnl = loos.pnl();
      if (is.learned) {
        w.learning_model_version = is.learned->weights.version();
        w.learning_weights = is.learned->weights.weights();
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

} // namespace tickline
