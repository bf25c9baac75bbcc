#include <catch2/catch.hpp>

#include "actors/signals/scanner_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;
using Catch::Detail::Approx;

namespace {

constexpr std::int64_t s = 1'000'000'000;
constexpr std::int64_t t0 = 1'700'000'040 * s;  // a whole minute

trade_tick tick(double price, double qty, std::int64_t ts, side sd = side::buy) {
  return trade_tick{"BTCUSDT", price, qty, sd, 0, ts};
}

scanner_settings settings() {
  scanner_config c;
  c.timeframes = {"1s", "1m"};
  c.indicators = {"sma(2)", "ema(2)"};
  return scanner_settings::from_config(c);
}

} // namespace

TEST_CASE("settings parse timeframes and indicator specs", "[scanner]") {
  auto st = settings();
  CHECK(st.timeframes_s == std::vector<std::int64_t>{1, 60});
  REQUIRE(st.indicators.size() == 2);
  CHECK(st.indicators[1].kind == "ema");
  scanner_config bad;
  bad.timeframes = {"1500ms"};
  CHECK_THROWS_AS(scanner_settings::from_config(bad), std::invalid_argument);
}

TEST_CASE("trades build OHLCV bars per timeframe", "[scanner]") {
  scanner_state sc{"BTCUSDT", settings()};
  std::vector<bar> closed;
  sc.on_trade(tick(100, 1, t0 + 100'000'000), closed);
  sc.on_trade(tick(103, 2, t0 + 500'000'000, side::sell), closed);
  sc.on_trade(tick(99, 0.5, t0 + 900'000'000), closed);
  CHECK(closed.empty());
  sc.on_trade(tick(101, 1, t0 + 1'200'000'000), closed);  // closes the first 1s bar
  REQUIRE(closed.size() == 1);
  const auto& b = closed[0];
  CHECK(b.timeframe_s == 1);
  CHECK(b.open_ns == t0);
  CHECK(b.close_ns == t0 + s);
  CHECK(b.open == 100);
  CHECK(b.high == 103);
  CHECK(b.low == 99);
  CHECK(b.close == 99);
  CHECK(b.volume == Approx(3.5));
  CHECK(b.buy_volume == Approx(1.5));
  CHECK(b.quote_volume == Approx(100 + 206 + 49.5));
  CHECK(b.trades == 3);

  closed.clear();
  sc.on_trade(tick(104, 1, t0 + 61 * s), closed);  // closes the 1s bar and the minute
  REQUIRE(closed.size() == 2);
  CHECK(closed[0].timeframe_s == 1);
  CHECK(closed[0].close == 101);
  CHECK(closed[1].timeframe_s == 60);
  CHECK(closed[1].open == 100);
  CHECK(closed[1].high == 103);
  CHECK(closed[1].close == 101);
  CHECK(closed[1].trades == 4);
  CHECK(sc.trades_seen() == 5);
  CHECK(sc.last_price() == 104);
}

TEST_CASE("indicators update on each closed bar", "[scanner]") {
  scanner_state sc{"BTCUSDT", settings()};
  std::vector<bar> closed;
  for (int i = 0; i < 4; ++i)
    sc.on_trade(tick(100 + i, 1, t0 + std::int64_t{i} * s), closed);
  // Three 1s bars closed with closes 100, 101, 102.
  const auto& tf = sc.timeframes()[0];
  CHECK(*tf.indicators.get("sma_2") == Approx(101.5));
  CHECK(*tf.indicators.get("ema_2") == Approx(100.5 + (2.0 / 3) * (102 - 100.5)));
  CHECK_FALSE(sc.timeframes()[1].indicators.get("sma_2").has_value());
}

TEST_CASE("advance closes bars whose interval has ended", "[scanner]") {
  scanner_state sc{"BTCUSDT", settings()};
  std::vector<bar> closed;
  sc.on_trade(tick(100, 1, t0 + 10), closed);
  sc.advance(t0 + s - 1, closed);
  CHECK(closed.empty());
  sc.advance(t0 + s, closed);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].timeframe_s == 1);
  sc.advance(t0 + 60 * s, closed);
  CHECK(closed.size() == 2);
}

TEST_CASE("a late trade joins the open bar and is counted", "[scanner]") {
  scanner_state sc{"BTCUSDT", settings()};
  std::vector<bar> closed;
  sc.on_trade(tick(100, 1, t0 + 5 * s), closed);
  sc.on_trade(tick(90, 1, t0 + 2 * s), closed);
  CHECK(closed.empty());
  CHECK(sc.late_trades() == 1);
  CHECK(sc.timeframes()[0].open_bar->low == 90);
}

TEST_CASE("scanner state survives a snapshot round trip", "[scanner][snapshot]") {
  scanner_state a{"BTCUSDT", settings()};
  std::vector<bar> closed_a, closed_b;
  for (int i = 0; i < 30; ++i)
    a.on_trade(tick(100 + (i % 7), 1 + i % 3, t0 + std::int64_t{i} * 400'000'000), closed_a);
  scanner_state b;
  test::load_state(test::save_state(a), b);
  CHECK(b.symbol() == "BTCUSDT");
  CHECK(b.trades_seen() == 30);
  closed_a.clear();
  for (int i = 30; i < 200; ++i) {
    auto t = tick(100 + (i % 11), 1, t0 + std::int64_t{i} * 400'000'000);
    a.on_trade(t, closed_a);
    b.on_trade(t, closed_b);
  }
  REQUIRE(closed_a.size() == closed_b.size());
  REQUIRE(closed_a.size() > 50);
  CHECK(closed_a.back().close == closed_b.back().close);
  CHECK(a.timeframes()[0].indicators.values() == b.timeframes()[0].indicators.values());
  CHECK(a.timeframes()[1].open_bar->volume == b.timeframes()[1].open_bar->volume);
}

TEST_CASE("trades and klines resent after a restart are ignored", "[scanner][replay]") {
  scanner_state sc{"BTCUSDT", settings()};
  std::vector<bar> closed;
  for (std::int64_t i = 1; i <= 5; ++i) {
    trade_tick t{"BTCUSDT", 100.0 + static_cast<double>(i), 1, side::buy, i, i * 1'000'000'000};
    sc.on_trade(t, closed);
  }
  REQUIRE(sc.trades_seen() == 5);
  scanner_state back;
  test::load_state(test::save_state(sc), back);
  for (std::int64_t i = 3; i <= 6; ++i) {
    trade_tick t{"BTCUSDT", 100.0 + static_cast<double>(i), 1, side::buy, i, i * 1'000'000'000};
    back.on_trade(t, closed);
  }
  CHECK(back.trades_seen() == 6);  // only trade 6 is new
  CHECK(back.replayed() == 3);
  CHECK(back.last_price() == 106);
  // A kline feed: the same closed minute twice is one bar.
  bar k;
  k.symbol = "BTCUSDT";
  k.timeframe_s = 60;
  k.open_ns = 600'000'000'000;
  k.close_ns = 660'000'000'000;
  k.open = k.high = k.low = k.close = 110;
  k.volume = 1;
  std::vector<bar> first, second;
  back.on_bar(k, first);
  back.on_bar(k, second);
  CHECK_FALSE(first.empty());
  CHECK(second.empty());
  CHECK(back.replayed() == 4);
}
