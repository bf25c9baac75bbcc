#include <catch2/catch.hpp>

#include <cmath>

#include "actors/indicator_set.hpp"
#include "actors/indicators.hpp"
#include "snapshot.hpp"

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
