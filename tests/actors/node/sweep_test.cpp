#include <catch2/catch.hpp>

#include <cmath>

#include "actors/node/sweep.hpp"
#include "config/loader.hpp"

using namespace tickline;

// The shipped optimize config (a 3 x 3 grid) over the two sample files.

namespace {

const std::string root = TICKLINE_SOURCE_DIR;

struct fixture {
  engine_config cfg;
  backtest_options base;
  fixture() {
    auto r = load_config_file(root + "/examples/optimize.toml");
    REQUIRE(r.ok());
    cfg = r.config;
    base.files = {{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
                  {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}};
    base.from_ns = 1704067200000000000;  // the first bar opens 2024-01-01 00:00 UTC
    base.to_ns = base.from_ns + 12 * 3'600'000'000'000LL;
  }
};

double pnl_of(const backtest_result& r) {
  double sum = 0;
  for (const auto& t : r.trades)
    sum += t.pnl;
  return sum;
}

void require_same(const std::vector<sweep_candidate>& a, const std::vector<sweep_candidate>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("rank " << i + 1);
    CHECK(a[i].params == b[i].params);
    CHECK(a[i].index == b[i].index);
    CHECK(a[i].trades == b[i].trades);
    CHECK((a[i].score == b[i].score || (std::isnan(a[i].score) && std::isnan(b[i].score))));
    CHECK(a[i].pnl == b[i].pnl);  // bit for bit
    CHECK(a[i].data_fraction == b[i].data_fraction);
  }
}

} // namespace

TEST_CASE("a sweep ranks every grid point the same on one worker or two", "[backtest][sweep]") {
  fixture f;
  const auto points = grid_points(f.cfg.backtest.grid);
  REQUIRE(points.size() == 9);
  sweep_options one;
  one.workers = 1;
  std::size_t reported = 0;
  one.progress = [&](std::size_t done, std::size_t total) {
    CHECK(total == 9);
    reported = done;
  };
  const auto a = run_sweep(f.cfg, f.base, points, pnl_of, one);
  CHECK(reported == 9);
  sweep_options two;
  two.workers = 2;
  const auto b = run_sweep(f.cfg, f.base, points, pnl_of, two);
  require_same(a, b);
  // Ranked by score, and each score is what a backtest of its point alone gives.
  for (std::size_t i = 1; i < a.size(); ++i)
    CHECK(a[i - 1].score >= a[i].score);
  CHECK(a.front().score != a.back().score);  // else the ranking proves nothing
  auto alone = run_backtest(with_parameters(f.cfg, a.front().params), f.base);
  CHECK(pnl_of(alone) == a.front().score);
  CHECK(alone.trades.size() == a.front().trades);
  CHECK(a.front().data_fraction == 1);
}

TEST_CASE("successive halving runs the better half on twice the data", "[backtest][sweep]") {
  fixture f;
  const auto points = grid_points(f.cfg.backtest.grid);
  CHECK(sweep_runs(9, false) == 9);
  CHECK(sweep_runs(9, true) == 9 + 5 + 3 + 2 + 1);  // 1/16, 1/8, 1/4, 1/2, all of it
  sweep_options o;
  o.halving = true;
  o.workers = 2;
  std::size_t runs = 0;
  o.progress = [&](std::size_t done, std::size_t) { runs = done; };
  const auto ranked = run_sweep(f.cfg, f.base, points, pnl_of, o);
  CHECK(runs == 20);
  REQUIRE(ranked.size() == 9);
  CHECK(ranked[0].data_fraction == 1);
  CHECK(ranked[1].data_fraction == 0.5);
  CHECK(ranked.back().data_fraction == 1.0 / 16);
  // The winner's score is its full run's.
  CHECK(pnl_of(run_backtest(with_parameters(f.cfg, ranked[0].params), f.base)) == ranked[0].score);
  o.workers = 1;
  require_same(ranked, run_sweep(f.cfg, f.base, points, pnl_of, o));
  // Halving needs the window's bounds to cut it.
  auto open = f.base;
  open.to_ns = INT64_MAX;
  CHECK_THROWS_WITH(run_sweep(f.cfg, open, points, pnl_of, o),
                    Catch::Contains("successive halving needs the data window"));
}

TEST_CASE("random candidates come from the grid's ranges, the same for the same seed",
          "[backtest][sweep]") {
  const std::vector<std::pair<std::string, std::vector<double>>> grid{
    {"strategy.min_confidence", {0.5, 0.7}}, {"risk.cooldown_ms", {1000, 5000, 3000}}};
  const auto a = random_points(grid, 50, 7);
  REQUIRE(a.size() == 50);
  CHECK(a == random_points(grid, 50, 7));
  CHECK(a != random_points(grid, 50, 8));
  bool varied = false;
  for (const auto& p : a) {
    REQUIRE(p.size() == 2);
    CHECK(p[0].first == "strategy.min_confidence");
    CHECK(p[0].second >= 0.5);
    CHECK(p[0].second <= 0.7);
    CHECK(p[1].second >= 1000);
    CHECK(p[1].second <= 5000);
    CHECK(p[1].second == std::floor(p[1].second));  // whole values stay whole
    varied = varied || p[0].second != a[0][0].second;
  }
  CHECK(varied);
}
