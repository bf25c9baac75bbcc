#include "actors/node/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "config/parameters.hpp"
#include "runtime/system_config.hpp"

namespace tickline {

namespace {

// Runs f(0..n-1) on `workers` threads (the caller's among them); rethrows the first
// exception once every thread stopped.
template <class F>
void parallel_for(std::size_t n, int workers, F f) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex mu;
  auto work = [&] {
    for (;;) {
      const auto i = next.fetch_add(1);
      if (i >= n)
        return;
      try {
        f(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock{mu};
        if (!failure)
          failure = std::current_exception();
        next.store(n);
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  const auto extra = std::min<std::size_t>(static_cast<std::size_t>(std::max(workers, 1)) - 1,
                                           n > 0 ? n - 1 : 0);
  for (std::size_t k = 0; k < extra; ++k)
    threads.emplace_back(work);
  work();
  for (auto& t : threads)
    t.join();
  if (failure)
    std::rethrow_exception(failure);
}

// Better first: a higher score, undefined last, then the earlier point.
bool better(const sweep_candidate& a, const sweep_candidate& b) {
  const bool an = std::isnan(a.score), bn = std::isnan(b.score);
  if (an != bn)
    return bn;
  if (!an && a.score != b.score)
    return a.score > b.score;
  return a.index < b.index;
}

int halving_rounds(std::size_t points, bool halving) {
  if (!halving || points < 2)
    return 0;
  return std::min(4, static_cast<int>(std::ceil(std::log2(static_cast<double>(points)))));
}

} // namespace

std::size_t sweep_runs(std::size_t points, bool halving) {
  std::size_t total = 0;
  const int rounds = halving_rounds(points, halving);
  for (int k = 0; k <= rounds; ++k, points = (points + 1) / 2)
    total += points;
  return total;
}

engine_config with_parameters(const engine_config& cfg, const parameter_set& ps) {
  auto c = cfg;
  for (const auto& [name, value] : ps)
    if (auto why = set_parameter(c, name, value); !why.empty())
      throw std::invalid_argument("backtest.grid." + name + ": " + why);
  return c;
}

std::vector<parameter_set> random_points(
  const std::vector<std::pair<std::string, std::vector<double>>>& grid, std::size_t n,
  std::uint64_t seed) {
  std::mt19937_64 rng{seed};
  std::vector<parameter_set> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    parameter_set p;
    for (const auto& [name, values] : grid) {
      if (values.empty())
        continue;
      const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
      const bool whole = std::all_of(values.begin(), values.end(),
                                     [](double v) { return v == std::floor(v); });
      double v = std::uniform_real_distribution<double>{*lo, *hi}(rng);
      if (whole)
        v = std::round(v);
      p.emplace_back(name, std::clamp(v, *lo, *hi));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<sweep_candidate> run_sweep(const engine_config& cfg, const backtest_options& base,
                                       const std::vector<parameter_set>& points,
                                       const backtest_score& score, const sweep_options& opts) {
  std::vector<sweep_candidate> all(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    all[i].params = points[i];
    all[i].index = i;
    all[i].data_fraction = 0;
  }
  // Rounds after the first: each on twice the data, with the better half.
  const int rounds = halving_rounds(points.size(), opts.halving);
  if (rounds > 0 && (base.from_ns == INT64_MIN || base.to_ns == INT64_MAX))
    throw std::invalid_argument("sweep: successive halving needs the data window's bounds");
  const std::size_t total = sweep_runs(points.size(), opts.halving);
  const int workers = resolve_threads(opts.workers);
  std::vector<std::size_t> alive(points.size());
  for (std::size_t i = 0; i < alive.size(); ++i)
    alive[i] = i;
  std::size_t done = 0;
  std::mutex mu;
  for (int k = 0; k <= rounds; ++k) {
    const double fraction = std::ldexp(1.0, k - rounds);
    auto o = base;
    o.progress = nullptr;
    if (k < rounds)
      o.to_ns = base.from_ns + static_cast<std::int64_t>(
                                 static_cast<double>(base.to_ns - base.from_ns) * fraction);
    parallel_for(alive.size(), workers, [&](std::size_t j) {
      auto& c = all[alive[j]];
      auto res = run_backtest(with_parameters(cfg, c.params), o);
      c.score = score(res);
      c.trades = res.trades.size();
      c.pnl = res.pnl();
      c.final_equity = res.equity.empty() ? 0 : res.equity.back().equity;
      c.events = res.events;
      c.data_fraction = fraction;
      std::lock_guard<std::mutex> lock{mu};
      if (opts.progress)
        opts.progress(++done, total);
    });
    if (k < rounds) {
      std::sort(alive.begin(), alive.end(),
                [&](std::size_t a, std::size_t b) { return better(all[a], all[b]); });
      alive.resize((alive.size() + 1) / 2);
    }
  }
  std::sort(all.begin(), all.end(), [](const sweep_candidate& a, const sweep_candidate& b) {
    if (a.data_fraction != b.data_fraction)
      return a.data_fraction > b.data_fraction;
    return better(a, b);
  });
  return all;
}

} // namespace tickline
