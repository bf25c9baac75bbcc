#include <catch2/catch.hpp>

#include "analytics/monte_carlo.hpp"
#include "sample.hpp"

using namespace tickline;
using namespace tickline::analytics;
using namespace tickline::test;

namespace {

std::vector<closed_trade> with_pnls(const std::vector<double>& pnls) {
  std::vector<closed_trade> out;
  for (double p : pnls)
    out.push_back(sample_trade("BTCUSDT", jan1, jan1 + hour, p, "", ""));
  return out;
}

void check_ordered(const percentiles& p) {
  CHECK(p.p5 <= p.p25);
  CHECK(p.p25 <= p.p50);
  CHECK(p.p50 <= p.p75);
  CHECK(p.p75 <= p.p95);
}

} // namespace

TEST_CASE("Monte Carlo is deterministic for a seed", "[analytics][monte_carlo]") {
  auto trades = with_pnls({12, -7, 3.5, -20, 31, 0, -4, 8, -11, 16});
  options o;
  o.mc_runs = 2000;
  o.seed = 7;
  auto a = run_monte_carlo(trades, 100, o);
  auto b = run_monte_carlo(trades, 100, o);
  CHECK(a.runs == 2000);
  CHECK(a.final_equity.p5 == b.final_equity.p5);
  CHECK(a.final_equity.p50 == b.final_equity.p50);
  CHECK(a.final_equity.p95 == b.final_equity.p95);
  CHECK(a.max_drawdown.p50 == b.max_drawdown.p50);
  CHECK(a.ruin_probability == b.ruin_probability);
  check_ordered(a.final_equity);
  check_ordered(a.max_drawdown);
  // Another seed draws other paths.
  o.seed = 8;
  auto c = run_monte_carlo(trades, 100, o);
  CHECK((c.final_equity.p25 != a.final_equity.p25 || c.final_equity.p75 != a.final_equity.p75 ||
         c.max_drawdown.p50 != a.max_drawdown.p50));
}

TEST_CASE("Monte Carlo sanity", "[analytics][monte_carlo]") {
  options o;
  o.mc_runs = 1000;
  SECTION("all winners never ruin nor draw down") {
    auto r = run_monte_carlo(with_pnls({5, 1, 30, 2}), 100, o);
    CHECK(r.ruin_probability == 0);
    CHECK(r.max_drawdown.p95 == 0);
    // Four draws of at least 1 and at most 30.
    CHECK(r.final_equity.p5 >= 104);
    CHECK(r.final_equity.p95 <= 220);
  }
  SECTION("equal trades give one path") {
    auto r = run_monte_carlo(with_pnls({5, 5, 5, 5}), 100, o);
    CHECK(r.final_equity.p5 == 120);
    CHECK(r.final_equity.p95 == 120);
  }
  SECTION("all losers to zero: always ruined, drawdown 100 %") {
    auto r = run_monte_carlo(with_pnls({-10, -10, -10, -10, -10, -10, -10, -10, -10, -10}), 100,
                             o);
    CHECK(r.ruin_equity == 50);
    CHECK(r.ruin_probability == 1);
    CHECK(r.final_equity.p95 == 0);
    CHECK(r.max_drawdown.p5 == 1);
  }
  SECTION("no trades or no runs skip it") {
    CHECK(run_monte_carlo({}, 100, o).runs == 0);
    o.mc_runs = 0;
    CHECK(run_monte_carlo(with_pnls({1}), 100, o).runs == 0);
  }
}

TEST_CASE("Monte Carlo ruin probability matches the exact one", "[analytics][monte_carlo]") {
  // Two draws of {+10, -60} from 100, ruin at <= 50: +10+10 ends at 120 (safe); +10-60
  // touches 50, -60 first touches 40: ruin in 3 of the 4 equally likely paths.
  options o;
  o.mc_runs = 10000;
  o.seed = 2024;
  auto r = run_monte_carlo(with_pnls({10, -60}), 100, o);
  // Binomial sd sqrt(0.75 * 0.25 / 10000) = 0.0043: 0.02 is over four sd.
  CHECK(r.ruin_probability > 0.73);
  CHECK(r.ruin_probability < 0.77);
  CHECK(r.final_equity.p95 == 120);
  CHECK(r.final_equity.p5 == -20);
}
