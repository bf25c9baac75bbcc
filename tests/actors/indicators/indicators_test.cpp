#include <catch2/catch.hpp>

#include <cmath>

#include "actors/indicators/indicator_set.hpp"
#include "actors/indicators/indicators.hpp"
#include "../snapshot.hpp"

using namespace tickline;
using Catch::Detail::Approx;

// Expected values are computed by hand from the TTR definitions (see each comment).

TEST_CASE("sma warms up over n values, then averages the window", "[indicators]") {
  sma s{3};
  CHECK_FALSE(s.update(1).has_value());
  CHECK_FALSE(s.update(2).has_value());
  CHECK(*s.update(3) == Approx(2));
  CHECK(*s.update(4) == Approx(3));
  CHECK(*s.update(8) == Approx(5));
  CHECK(s.pstdev() == Approx(std::sqrt((4.0 + 1 + 9) / 3)));  // window 3, 4, 8
}

TEST_CASE("ema is seeded with the sma of the first n values", "[indicators]") {
  ema e{3};  // ratio 2/(3+1) = 0.5
  CHECK_FALSE(e.update(1).has_value());
  CHECK_FALSE(e.update(2).has_value());
  CHECK(*e.update(3) == Approx(2));     // (1+2+3)/3
  CHECK(*e.update(4) == Approx(3));     // 2 + 0.5*(4-2)
  CHECK(*e.update(5) == Approx(4));     // 3 + 0.5*(5-3)
  CHECK(*e.value() == Approx(4));
}

TEST_CASE("rsi uses Wilder smoothing of gains and losses", "[indicators]") {
  rsi r{2};  // changes +1 +1 -1 +2; ratio 1/2
  CHECK_FALSE(r.update(10).has_value());
  CHECK_FALSE(r.update(11).has_value());
  CHECK(*r.update(12) == Approx(100));          // up 1, down 0
  CHECK(*r.update(11) == Approx(50));           // up 0.5, down 0.5
  CHECK(*r.update(13) == Approx(100 * 1.25 / 1.5)); // up 1.25, down 0.25
}

TEST_CASE("rsi of a flat series is 50", "[indicators]") {
  rsi r{3};
  std::optional<double> v;
  for (int i = 0; i < 6; ++i)
    v = r.update(7.5);
  CHECK(*v == Approx(50));
}

TEST_CASE("atr averages true ranges with Wilder smoothing", "[indicators]") {
  atr a{2};
  CHECK_FALSE(a.update(10, 8, 9).has_value());   // only sets the previous close
  CHECK_FALSE(a.update(11, 9, 10).has_value());  // TR = 11 - 9 = 2
  CHECK(*a.update(12, 10, 11) == Approx(2));     // TR = 2; seed mean(2, 2)
  CHECK(*a.update(11, 7, 8) == Approx(3));       // TR = 11 - 7 = 4; 2 + (4-2)/2
}

TEST_CASE("bbands use the population standard deviation", "[indicators]") {
  bbands b{3, 2};
  b.update(1);
  b.update(2);
  auto r = b.update(3);
  REQUIRE(r);
  CHECK(r->mid == Approx(2));
  CHECK(r->upper == Approx(2 + 2 * std::sqrt(2.0 / 3)));
  CHECK(r->lower == Approx(2 - 2 * std::sqrt(2.0 / 3)));
}

TEST_CASE("macd line, signal and histogram", "[indicators]") {
  macd m{2, 3, 2};
  std::vector<std::optional<macd::lines>> out;
  for (double c : {1, 2, 4, 8, 16, 32})
    out.push_back(m.update(c));
  CHECK_FALSE(out[1].has_value());
  REQUIRE(out[2]);  // the line exists from the 3rd close, the signal one later
  CHECK(out[2]->macd == Approx(0.8333333333));
  CHECK_FALSE(out[2]->signal.has_value());
  CHECK_FALSE(out[2]->hist.has_value());
  REQUIRE(out[3]);
  CHECK(out[3]->macd == Approx(1.2222222222));
  CHECK(*out[3]->signal == Approx(1.0277777778));
  CHECK(*out[4]->signal == Approx(1.8179012346));
  CHECK(out[5]->macd == Approx(4.3070987654));
  CHECK(*out[5]->hist == Approx(4.3070987654 - 3.4773662551));
}

TEST_CASE("indicator_set names columns and fills them per bar", "[indicators]") {
  indicator_set set{{{"sma", {2}}, {"bbands", {2, 1}}, {"rsi", {2}}}};
  CHECK(set.columns()
        == std::vector<std::string>{"sma_2", "bb_upper_2", "bb_mid_2", "bb_lower_2", "rsi_2"});
  bar b;
  for (double c : {10.0, 12.0, 11.0}) {
    b.open = b.high = b.low = b.close = c;
    set.update(b);
  }
  CHECK(*set.get("sma_2") == Approx(11.5));
  CHECK(*set.get("bb_upper_2") == Approx(12));
  CHECK(*set.get("bb_lower_2") == Approx(11));
  CHECK(*set.get("rsi_2") == Approx(100 * 2 / 3.0));  // up 2, down 1 over the first two
  CHECK_FALSE(set.get("ema_2").has_value());

  // A snapshot taken mid-stream continues exactly like the original.
  indicator_set copy;
  test::load_state(test::save_state(set), copy);
  b.close = 15;
  set.update(b);
  copy.update(b);
  CHECK(copy.values() == set.values());
  CHECK(copy.columns() == set.columns());
}

TEST_CASE("indicator_set rejects an unknown kind", "[indicators]") {
  CHECK_THROWS_AS(indicator_set({{"wma", {5}}}), std::invalid_argument);
}

TEST_CASE("vwap weighs the window's closes by volume", "[indicators]") {
  vwap v{2};
  CHECK_FALSE(v.update(10, 1).has_value());
  CHECK(*v.update(20, 3) == Approx((10.0 * 1 + 20 * 3) / 4));
  CHECK(*v.update(30, 1) == Approx((20.0 * 3 + 30 * 1) / 4));
  vwap none{1};
  CHECK_FALSE(none.update(10, 0).has_value());  // nothing traded: no price
}

TEST_CASE("volz is the volume z-score with the sample deviation", "[indicators]") {
  volz z{3};
  CHECK_FALSE(z.update(1).has_value());
  CHECK_FALSE(z.update(2).has_value());
  CHECK(*z.update(3) == Approx(1));  // mean 2, sd sqrt((1 + 0 + 1) / 2) = 1
  // Window 2, 3, 6: mean 11/3, squared deviations 25/9 + 4/9 + 49/9, sd sqrt(78/18).
  CHECK(*z.update(6) == Approx((6 - 11.0 / 3) / std::sqrt(78.0 / 18)));
  z.update(5);
  z.update(5);
  CHECK_FALSE(z.update(5).has_value());  // sd 0: no z-score
  CHECK(*z.update(8) == Approx((8 - 6.0) / std::sqrt(3.0)));  // 5, 5, 8: sd sqrt(6/2)
}

TEST_CASE("rv is the sample deviation of the last n log returns", "[indicators]") {
  rv v{2};
  CHECK_FALSE(v.update(100).has_value());
  CHECK_FALSE(v.update(110).has_value());  // one return so far
  // Two returns r1, r2: the sample sd of two values is |r1 - r2| / sqrt(2).
  CHECK(*v.update(99) == Approx((std::log(1.1) - std::log(0.9)) / std::sqrt(2.0)));
  CHECK(*v.update(99) == Approx(-std::log(0.9) / std::sqrt(2.0)));
  CHECK(*v.update(99) == 0);  // flat: no volatility, which is a value
}

TEST_CASE("volz and rv agree with a plain recomputation over a long series", "[indicators]") {
  // The reference recomputes each window from scratch with two passes.
  auto mean_sd = [](const std::vector<double>& xs, std::size_t n) {
    double mean = 0, m2 = 0;
    for (auto i = xs.size() - n; i < xs.size(); ++i)
      mean += xs[i] / static_cast<double>(n);
    for (auto i = xs.size() - n; i < xs.size(); ++i)
      m2 += (xs[i] - mean) * (xs[i] - mean);
    return std::make_pair(mean, std::sqrt(m2 / static_cast<double>(n - 1)));
  };
  const std::size_t n = 14;
  volz z{static_cast<int>(n)};
  rv v{static_cast<int>(n)};
  std::vector<double> volumes, returns;
  double prev = 50;
  v.update(prev);
  for (std::size_t i = 0; i < 2000; ++i) {
    // Large volumes that differ little: the running sums must not cancel.
    double volume = 1e7 + static_cast<double>((i * 7919) % 1000) * 1000;
    double close = prev * (1 + 0.01 * std::sin(static_cast<double>(i) * 1.3));
    volumes.push_back(volume);
    returns.push_back(std::log(close / prev));
    prev = close;
    auto gz = z.update(volume);
    auto gv = v.update(close);
    REQUIRE(gz.has_value() == (volumes.size() >= n));
    REQUIRE(gv.has_value() == (returns.size() >= n));
    if (!gz)
      continue;
    auto [mean, sd] = mean_sd(volumes, n);
    REQUIRE(*gz == Approx((volume - mean) / sd).epsilon(1e-9));
    REQUIRE(*gv == Approx(mean_sd(returns, n).second).epsilon(1e-9));
  }
}

TEST_CASE("regime: a straight ramp is trending", "[indicators][regime]") {
  regime r{5};
  for (int i = 0; i < 30; ++i) {
    double c = 100 + i;
    auto got = r.update(c + 0.5, c - 0.5, c);
    // ATR(5) exists from bar 6, five ATR % values from bar 10 (= 2n).
    if (i < 9) {
      REQUIRE_FALSE(got.has_value());
      continue;
    }
    REQUIRE(got == market_regime::trending);
    CHECK(r.efficiency() == Approx(1));  // |5 steps| / 5 steps of 1
  }
}

TEST_CASE("regime: a flat zig-zag is ranging", "[indicators][regime]") {
  regime r{5};
  std::optional<market_regime> got;
  for (int i = 0; i < 40; ++i) {
    double c = i % 2 == 0 ? 100 : 101;
    got = r.update(c + 0.5, c - 0.5, c);
    if (i >= 9) {
      REQUIRE(got == market_regime::ranging);
      // Over 5 changes of 1 the close moves by 1: ER 0.2. The true range is 1.5 every
      // bar, so ATR % only wobbles with the close (1.5 vs 1.485), far from 1.2 x median.
      REQUIRE(r.efficiency() == Approx(0.2));
    }
  }
}

TEST_CASE("regime: ranges that jump make a volatile market", "[indicators][regime]") {
  regime r{10};
  auto range_bar = [&](double range) { return r.update(100 + range / 2, 100 - range / 2, 100); };
  for (int i = 0; i < 30; ++i)
    range_bar(1);  // TR 1, ATR 1, ATR % 1; no path: ER 0
  CHECK(range_bar(1) == market_regime::ranging);
  // Ranges of 2: ATR_k = 2 - 0.9^k (Wilder, n = 10); the median of the last ten ATR %
  // stays 1 while at most four of them are new.
  CHECK(range_bar(2) == market_regime::ranging);   // 1.1  <= 1.2
  CHECK(range_bar(2) == market_regime::ranging);   // 1.19 <= 1.2
  CHECK(range_bar(2) == market_regime::volatile_); // 1.271 > 1.2
  std::optional<market_regime> got;
  for (int i = 0; i < 60; ++i)
    got = range_bar(2);
  CHECK(got == market_regime::ranging);  // the new ranges are the norm now
}

TEST_CASE("indicator_set writes the regime by name and restores the new kinds", "[indicators]") {
  indicator_set set{{{"volz", {3}}, {"rv", {2}}, {"regime", {2}}}};
  CHECK(set.columns() == std::vector<std::string>{"vol_z_3", "rv_2", "regime"});
  // Bar i: close 10 + i, range 1, volume 1 + i.
  auto bar_at = [](int i) {
    bar b;
    b.close = 10 + i;
    b.high = b.close + 0.5;
    b.low = b.close - 0.5;
    b.volume = 1 + i;
    return b;
  };
  for (int i = 0; i < 3; ++i) {
    set.update(bar_at(i));
    CHECK_FALSE(set.regime().has_value());  // regime(2) needs 4 bars
  }
  CHECK(set.text(0) == "1");  // volumes 1, 2, 3
  CHECK(set.text(2).empty());
  indicator_set copy;
  test::load_state(test::save_state(set), copy);
  for (int i = 3; i < 5; ++i) {
    set.update(bar_at(i));
    copy.update(bar_at(i));
  }
  CHECK(set.regime() == market_regime::trending);
  CHECK(set.text(2) == "trending");
  CHECK(copy.values() == set.values());
  CHECK(copy.text(2) == "trending");
}
