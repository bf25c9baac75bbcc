#include <catch2/catch.hpp>

#include <cmath>

#include "analytics/metrics.hpp"
#include "sample.hpp"

using namespace tickline;
using namespace tickline::analytics;
using namespace tickline::test;
using Catch::Matchers::WithinRel;

// The sample by hand. Daily returns r = 0.1, -0.05, 0, 0.1 (four days).
// mean = 0.0375; deviations 0.0625, -0.0875, -0.0375, 0.0625; squares sum 0.016875;
// sample variance 0.016875 / 3 = 0.005625, sd = 0.075. sqrt(365) = 19.1049731745428.

TEST_CASE("return metrics of the hand-worked sample", "[analytics][metrics]") {
  auto m = compute_metrics(sample_trades(), sample_equity(), 100, options{});
  CHECK(m.days == 4);
  CHECK(m.final_equity == 114.95);
  CHECK_THAT(m.total_return, WithinRel(0.1495, 1e-12));
  // 1.1495^(365/4) - 1.
  CHECK_THAT(m.cagr, WithinRel(std::exp(std::log(1.1495) * 91.25) - 1, 1e-12));
  CHECK_THAT(m.volatility, WithinRel(0.075 * 19.1049731745428, 1e-12));
  // 0.0375 / 0.075 * sqrt(365) = 0.5 * 19.1049731745428.
  CHECK_THAT(m.sharpe, WithinRel(9.5524865872714, 1e-12));
  // Downside deviation sqrt((0.05^2) / 4) = 0.025; 0.0375 / 0.025 * sqrt(365).
  CHECK_THAT(m.sortino, WithinRel(1.5 * 19.1049731745428, 1e-12));
  // Peak 110 (Mon 12:00), trough 99: 11 / 110 = 0.1; recovered Thu 00:00, 60 h later.
  CHECK_THAT(m.max_drawdown, WithinRel(0.1, 1e-12));
  CHECK(m.max_drawdown_duration == 60 * 3600.0);
  CHECK_THAT(m.calmar, WithinRel(m.cagr / 0.1, 1e-12));
  // Sorted r: -0.05, 0, 0.1, 0.1. 5 %: h = 3 * 0.05 = 0.15 -> -0.05 + 0.15 * 0.05 = -0.0425;
  // only -0.05 lies at or below it. 1 %: h = 0.03 -> -0.0485.
  CHECK_THAT(m.var_95, WithinRel(0.0425, 1e-12));
  CHECK_THAT(m.cvar_95, WithinRel(0.05, 1e-12));
  CHECK_THAT(m.var_99, WithinRel(0.0485, 1e-12));
  CHECK_THAT(m.cvar_99, WithinRel(0.05, 1e-12));
  // Normal, z = qnorm(0.95) = 1.64485362695147: z * 0.075 - 0.0375; dnorm(z) =
  // 0.103135640375372, 0.075 * dnorm(z) / 0.05 - 0.0375 (values from R).
  CHECK_THAT(m.var_95_parametric, WithinRel(0.08586402202136037, 1e-12));
  CHECK_THAT(m.cvar_95_parametric, WithinRel(0.11720346056305725, 1e-12));
  // z = qnorm(0.99) = 2.32634787404084: z * 0.075 - 0.0375; dnorm(z) = 0.0266521422034581,
  // 0.075 * dnorm(z) / 0.01 - 0.0375.
  CHECK_THAT(m.var_99_parametric, WithinRel(0.13697609055306303, 1e-12));
  CHECK_THAT(m.cvar_99_parametric, WithinRel(0.16239106652593557, 1e-12));
}

TEST_CASE("the risk-free rate is taken per day", "[analytics][metrics]") {
  options o;
  o.risk_free_rate = 0.365;  // 0.001 a day
  auto m = compute_metrics({}, sample_equity(), 100, o);
  // (0.0375 - 0.001) / 0.075 * sqrt(365).
  CHECK_THAT(m.sharpe, WithinRel(0.0365 / 0.075 * 19.1049731745428, 1e-12));
  // r - 0.001: 0.099, -0.051, -0.001, 0.099 -> downside sqrt((0.051^2 + 0.001^2) / 4).
  CHECK_THAT(m.sortino,
             WithinRel(0.0365 / std::sqrt((0.002601 + 0.000001) / 4) * 19.1049731745428, 1e-12));
}

TEST_CASE("trade metrics of the hand-worked sample", "[analytics][metrics]") {
  auto m = compute_metrics(sample_trades(), sample_equity(), 100, options{});
  // P&L +10, -5, +20, 0: the zero trade is neither a win nor a loss.
  CHECK(m.trades == 4);
  CHECK(m.wins == 2);
  CHECK(m.losses == 1);
  CHECK(m.win_rate == 0.5);
  CHECK(m.gross_profit == 30);
  CHECK(m.gross_loss == 5);
  CHECK(m.profit_factor == 6);
  CHECK(m.expectancy == 6.25);
  CHECK(m.avg_win == 15);
  CHECK(m.avg_loss == 5);
  // R = 15 / 5 = 3: 0.5 - 0.5 / 3.
  CHECK_THAT(m.kelly, WithinRel(1.0 / 3, 1e-12));
  // Span Mon 12:00 .. Thu 00:00 = 60 h; A u B = Mon 12:00 .. Tue 12:00 (24 h), C clipped
  // to Wed 12:00 .. Thu 00:00 (12 h), D empty: 36 / 60.
  CHECK_THAT(m.exposure, WithinRel(0.6, 1e-12));
}

TEST_CASE("undefined metrics are NaN, not a crash", "[analytics][metrics]") {
  SECTION("no trades and no equity") {
    auto m = compute_metrics({}, {}, 1000, options{});
    CHECK(m.final_equity == 1000);
    CHECK(m.total_return == 0);
    CHECK(m.days == 0);
    CHECK(std::isnan(m.cagr));
    CHECK(std::isnan(m.sharpe));
    CHECK(std::isnan(m.var_95));
    CHECK(std::isnan(m.win_rate));
    CHECK(std::isnan(m.kelly));
    CHECK(m.exposure == 0);
  }
  SECTION("only winners: profit factor undefined, kelly = win rate") {
    auto trades = sample_trades();
    trades.erase(trades.begin() + 1);
    auto m = compute_metrics(trades, sample_equity(), 100, options{});
    CHECK(std::isnan(m.profit_factor));
    CHECK(std::isnan(m.avg_loss));
    CHECK_THAT(m.kelly, WithinRel(2.0 / 3, 1e-12));
  }
  SECTION("only losers: kelly undefined") {
    auto m = compute_metrics({sample_trades()[1]}, {}, 100, options{});
    CHECK(m.profit_factor == 0);
    CHECK(std::isnan(m.kelly));
    CHECK(m.exposure == 1);  // the trade is the whole span
  }
  SECTION("a flat curve: no volatility, sharpe undefined") {
    auto m = compute_metrics({}, {{jan1, 100}, {jan1 + 48 * hour, 100}}, 100, options{});
    CHECK(m.days == 3);
    CHECK(m.volatility == 0);
    CHECK(std::isnan(m.sharpe));
    CHECK(std::isnan(m.sortino));
    CHECK(std::isnan(m.calmar));
    CHECK(m.max_drawdown == 0);
  }
}

TEST_CASE("an unrecovered drawdown lasts to the end", "[analytics][metrics]") {
  // Start 100 is the first peak (at the first point's time); 90 then 95: never recovered.
  auto m = compute_metrics({}, {{jan1, 90}, {jan1 + 5 * hour, 80}, {jan1 + 10 * hour, 95}}, 100,
                           options{});
  CHECK_THAT(m.max_drawdown, WithinRel(0.2, 1e-12));
  CHECK(m.max_drawdown_duration == 10 * 3600.0);
}
