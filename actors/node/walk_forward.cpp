#include "actors/node/walk_forward.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

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

engine_config with(const engine_config& cfg, const parameter_set& ps) {
  auto c = cfg;
  for (const auto& [name, value] : ps)
    if (auto why = set_parameter(c, name, value); !why.empty())
      throw std::invalid_argument("backtest.grid." + name + ": " + why);
  return c;
}

backtest_result run_window(const engine_config& cfg, backtest_options o, std::int64_t from, std::int64_t to) {
  o.from_ns = from;
  o.to_ns = to;
  o.progress = nullptr;
  return run_backtest(cfg, o);
}

} // namespace

std::vector<walk_forward_window> run_walk_forward(const engine_config& cfg, const backtest_options& base,
                                                  std::int64_t first_ns, std::int64_t last_ns,
                                                  const backtest_score& score) {
  const auto& wf = cfg.backtest.walk_forward;
  const auto points = grid_points(cfg.backtest.grid);
  std::vector<walk_forward_window> out;
  for (std::int64_t start = first_ns;
       start + wf.in_sample_ns + wf.out_of_sample_ns <= last_ns; start += wf.out_of_sample_ns) {
    walk_forward_window w;
    w.in_sample_from_ns = start;
    w.in_sample_to_ns = start + wf.in_sample_ns;
    w.out_of_sample_from_ns = w.in_sample_to_ns;
    w.out_of_sample_to_ns = w.in_sample_to_ns + wf.out_of_sample_ns;
    bool first = true;
    for (const auto& p : points) {
      auto s = score(run_window(with(cfg, p), base, w.in_sample_from_ns, w.in_sample_to_ns));
      if (std::isnan(s))
        s = -std::numeric_limits<double>::infinity();  // undefined (no trades) ranks last
      if (first || s > w.in_sample_score) {
        w.best = p;
        w.in_sample_score = s;
        first = false;
      }
    }
    auto oos = run_window(with(cfg, w.best), base, w.out_of_sample_from_ns, w.out_of_sample_to_ns);
    w.out_of_sample_score = score(oos);
    w.out_of_sample_trades = oos.trades.size();
    for (const auto& t : oos.trades)
      w.out_of_sample_pnl += t.pnl;
    out.push_back(std::move(w));
  }
  return out;
}

} // namespace tickline
