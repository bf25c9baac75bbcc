#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "actors/trading/strategy/position_sizing.hpp"

using namespace tickline;

namespace {

// equity 100000 risking 1 % with a stop 2.5 away: 1000 / 2.5 = 400 units at 50.
sizing_inputs base() {
  sizing_inputs in;
  in.equity = 100000;
  in.peak_equity = 100000;
  in.price = 50;
  in.stop_distance = 2.5;
  in.risk_fraction = 0.01;
  in.confidence = 1;
  in.kelly_cap = 0.2;
  return in;
}

} // namespace

TEST_CASE("fixed-fractional risk divides the risked equity by the stop distance", "[sizing]") {
  const auto r = size_position(base());
  CHECK(r.risk_qty == Approx(400));
  CHECK(r.qty == Approx(400));
  CHECK_FALSE(r.kelly);
  CHECK(r.limited_by == "risk");
  CHECK(r.to_string() == "qty 400 = risk 400 x kelly 1 x vol 1 x drawdown 1 (limited by risk)");
}

TEST_CASE("Kelly from win rate and payoff, capped and scaled by confidence", "[sizing]") {
  // W = 0.55, R = 1.5: 0.55 - 0.45 / 1.5 = 0.25.
  CHECK(kelly_fraction(0.55, 1.5) == Approx(0.25));
  CHECK(kelly_fraction(0.3, 1) == Approx(-0.4));
  CHECK(std::isinf(kelly_fraction(0.5, 0)));
  auto in = base();
  in.win_rate = 0.55;
  in.payoff_ratio = 1.5;
  in.confidence = 0.5;
  // min(0.25, cap 0.2) * 0.5 = 0.1 >= the 0.01 at risk: Kelly does not bind.
  auto r = size_position(in);
  REQUIRE(r.kelly);
  CHECK(*r.kelly == Approx(0.1));
  CHECK(r.kelly_factor == 1);
  CHECK(r.qty == Approx(400));
  // W = 0.4, R = 1.6: 0.4 - 0.6 / 1.6 = 0.025, times confidence 0.2 = 0.005, half the 0.01.
  in.win_rate = 0.4;
  in.payoff_ratio = 1.6;
  in.confidence = 0.2;
  r = size_position(in);
  CHECK(*r.kelly == Approx(0.005));
  CHECK(r.kelly_factor == Approx(0.5));
  CHECK(r.qty == Approx(200));
  CHECK(r.limited_by == "kelly");
  // A negative edge sizes to nothing.
  in.win_rate = 0.3;
  in.payoff_ratio = 1;
  r = size_position(in);
  CHECK(r.qty == 0);
  CHECK(r.limited_by == "kelly");
}

TEST_CASE("volatility targeting only scales down", "[sizing]") {
  CHECK(vol_target_factor(0.8, 0.4) == Approx(0.5));
  CHECK(vol_target_factor(0.2, 0.4) == 1);
  CHECK(vol_target_factor(0, 0.4) == 1);
  CHECK(vol_target_factor(0.8, 0) == 1);
  auto in = base();
  in.realized_vol = 0.8;
  in.vol_target = 0.4;
  const auto r = size_position(in);
  CHECK(r.vol_factor == Approx(0.5));
  CHECK(r.qty == Approx(200));
  CHECK(r.limited_by == "volatility");
}

TEST_CASE("size shrinks linearly to zero at the max drawdown", "[sizing]") {
  CHECK(drawdown_factor(0, 10) == 1);
  CHECK(drawdown_factor(2.5, 10) == Approx(0.75));
  CHECK(drawdown_factor(9.99, 10) == Approx(0.001));
  CHECK(drawdown_factor(10, 10) == 0);
  CHECK(drawdown_factor(12, 10) == 0);
  CHECK(drawdown_factor(50, 0) == 1);
  auto in = base();
  in.max_drawdown_pct = 10;
  in.equity = 95000;  // 5 % below the peak: factor 0.5; 95000 * 0.01 / 2.5 = 380 -> 190
  auto r = size_position(in);
  CHECK(r.drawdown_pct == Approx(5));
  CHECK(r.drawdown_factor == Approx(0.5));
  CHECK(r.qty == Approx(190));
  CHECK(r.limited_by == "drawdown");
  in.equity = 90000;
  CHECK(size_position(in).qty == 0);
}

TEST_CASE("caps on notional and quantity come last", "[sizing]") {
  auto in = base();
  in.max_notional = 10000;  // 10000 / 50 = 200 < 400
  auto r = size_position(in);
  CHECK(r.uncapped_qty == Approx(400));
  CHECK(r.qty == Approx(200));
  CHECK(r.limited_by == "max_notional");
  in.max_qty = 150;
  r = size_position(in);
  CHECK(r.qty == 150);
  CHECK(r.limited_by == "max_qty");
  in.max_notional = 20000;  // exactly 400 * 50: not binding
  in.max_qty = 0;
  CHECK(size_position(in).limited_by == "risk");
}

TEST_CASE("the factors multiply", "[sizing]") {
  auto in = base();
  in.win_rate = 0.4;            // Kelly 0.025 * 0.2 = 0.005 -> factor 0.5
  in.payoff_ratio = 1.6;
  in.confidence = 0.2;
  in.realized_vol = 0.5;        // 0.4 / 0.5 = 0.8
  in.vol_target = 0.4;
  in.max_drawdown_pct = 10;
  in.peak_equity = 100000;
  in.equity = 97500;            // 2.5 % -> 0.75; risk qty 97500 * 0.01 / 2.5 = 390
  const auto r = size_position(in);
  CHECK(r.risk_qty == Approx(390));
  CHECK(r.qty == Approx(390 * 0.5 * 0.8 * 0.75));  // 117
  CHECK(r.limited_by == "kelly");
}

TEST_CASE("invalid inputs size to nothing with a reason", "[sizing]") {
  auto in = base();
  in.equity = 0;
  CHECK(size_position(in).qty == 0);
  CHECK(size_position(in).limited_by.rfind("invalid", 0) == 0);
  in = base();
  in.stop_distance = std::numeric_limits<double>::quiet_NaN();
  CHECK(size_position(in).qty == 0);
  in = base();
  in.price = -1;
  CHECK(size_position(in).qty == 0);
}
