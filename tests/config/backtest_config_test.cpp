// The [backtest] table: defaults, values, the grid's parameters, located problems.

#include <string>

#include "config/parameters.hpp"
#include "loader_test_helpers.hpp"

namespace {

config_load_result load_backtest(const std::string& body) {
  return load_config_string(std::string(minimal) + body, "test.toml");
}

} // namespace

TEST_CASE("backtest: absent keys take the defaults", "[loader][backtest]") {
  const auto r = load(minimal);
  REQUIRE(r.ok());
  const auto& b = r.config.backtest;
  CHECK(b.monte_carlo_runs == 10000);
  CHECK(b.seed == 1);
  CHECK(b.ruin_level == 0.5);
  CHECK(b.risk_free_rate == 0);
  CHECK_FALSE(b.walk_forward.enabled);
  CHECK(b.walk_forward.in_sample_ns == 7LL * 86'400'000'000'000);
  CHECK(b.walk_forward.out_of_sample_ns == 2LL * 86'400'000'000'000);
  CHECK(b.walk_forward.objective == "sharpe");
  CHECK(b.grid.empty());
}

TEST_CASE("backtest: present keys are read, the grid in name order", "[loader][backtest]") {
  const auto r = load_backtest(R"toml([backtest]
monte_carlo_runs = 500
seed = 9
ruin_level = 0.3
risk_free_rate = 0.02
[backtest.walk_forward]
enabled = true
in_sample = "3d"
out_of_sample = "12h"
objective = "total_return"
[backtest.grid]
"strategy.stop_atr_multiple" = [1.5, 2]
"risk.cooldown_ms" = [0, 60000, 120000]
)toml");
  INFO(all_problems(r));
  REQUIRE(r.ok());
  const auto& b = r.config.backtest;
  CHECK(b.monte_carlo_runs == 500);
  CHECK(b.seed == 9);
  CHECK(b.ruin_level == 0.3);
  CHECK(b.risk_free_rate == 0.02);
  CHECK(b.walk_forward.enabled);
  CHECK(b.walk_forward.in_sample_ns == 3LL * 86'400'000'000'000);
  CHECK(b.walk_forward.out_of_sample_ns == 12LL * 3'600'000'000'000);
  CHECK(b.walk_forward.objective == "total_return");
  REQUIRE(b.grid.size() == 2);
  CHECK(b.grid[0].first == "risk.cooldown_ms");
  CHECK(b.grid[0].second == std::vector<double>{0, 60000, 120000});
  CHECK(b.grid[1].first == "strategy.stop_atr_multiple");
  CHECK(b.grid[1].second == std::vector<double>{1.5, 2});
}

TEST_CASE("backtest: an unknown parameter or a value outside its range is located",
          "[loader][backtest]") {
  check_single(load_backtest("[backtest.grid]\n\"strategy.bogus\" = [1]\n"), 7, 20,
               "backtest.grid.strategy.bogus",
               "unknown parameter \"strategy.bogus\"; tunable: strategy.min_confidence, "
               "strategy.risk_per_trade, strategy.stop_atr_multiple, strategy.kelly_cap, "
               "risk.max_atr_pct, risk.cooldown_ms, orders.trailing_atr_multiple, "
               "detectors.whale.z_threshold, detectors.pattern.volume_z");
  check_single(load_backtest("[backtest.grid]\n\"strategy.min_confidence\" = [0.5, 1.5]\n"), 7, 29,
               "backtest.grid.strategy.min_confidence", "expected in [0, 1], got 1.5");
  check_single(load_backtest("[backtest.grid]\n\"risk.cooldown_ms\" = [0.5]\n"), 7, 22,
               "backtest.grid.risk.cooldown_ms", "expected an integer in [0, 1000000000000], got 0.5");
  check_single(load_backtest("[backtest.walk_forward]\nobjective = \"luck\"\n"), 7, 13,
               "backtest.walk_forward.objective",
               "expected one of sharpe, sortino, calmar, total_return, profit_factor, got \"luck\"");
}

TEST_CASE("set_parameter changes exactly the named setting", "[backtest]") {
  tickline::engine_config c;
  CHECK(tickline::set_parameter(c, "strategy.kelly_cap", 0.5).empty());
  CHECK(c.strategy.kelly_cap == 0.5);
  CHECK(tickline::set_parameter(c, "orders.trailing_atr_multiple", 1.5).empty());
  CHECK(c.orders.trailing_atr_multiple == 1.5);
  CHECK(c.orders.trailing_atr_multiple_volatile == 1.5);  // 2 would be wider: clamped
  CHECK(tickline::set_parameter(c, "strategy.kelly_cap", 0) == "expected in (0, 1], got 0");
  CHECK(c.strategy.kelly_cap == 0.5);
}
