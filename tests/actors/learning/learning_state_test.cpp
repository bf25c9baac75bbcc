#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "actors/learning/learning_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t minute = 60'000'000'000;
constexpr std::int64_t t0 = 1704067200000000000;  // 2024-01-01

signal sig(const std::string& name, direction d, double price, std::int64_t ts,
           const std::string& symbol = "BTCUSDT") {
  signal s;
  s.kind = signal_kind::pattern;
  s.name = name;
  s.symbol = symbol;
  s.dir = d;
  s.price = price;
  s.ts_ns = ts;
  s.features = {{"timeframe_s", 60}};
  return s;
}

bar candle(std::int64_t close_ns, double open, double high, double low, double close,
           const std::string& symbol = "BTCUSDT", std::int8_t regime = 1) {
  bar b;
  b.symbol = symbol;
  b.timeframe_s = 60;
  b.open_ns = close_ns - minute;
  b.close_ns = close_ns;
  b.open = open;
  b.high = high;
  b.low = low;
  b.close = close;
  b.regime = regime;
  return b;
}

} // namespace

TEST_CASE("the learning statistics: Beta posterior, running mean, Page-Hinkley", "[learning]") {
  beta_posterior b;
  CHECK(b.mean() == 0.5);
  for (int i = 0; i < 7; ++i)
    b.update(true);
  for (int i = 0; i < 3; ++i)
    b.update(false);
  CHECK(b.alpha == 8);
  CHECK(b.beta == 4);
  CHECK(b.count() == 10);
  CHECK(b.mean() == Approx(8.0 / 12));
  CHECK(b.variance() == Approx(8.0 * 4 / (144.0 * 13)));
  b.discount(0.5);
  CHECK(b.alpha == 4.5);
  CHECK(b.beta == 2.5);

  running_mean m;
  const std::vector<double> xs{0.01, -0.02, 0.03, 0.005, -0.001};
  double sum = 0;
  for (double x : xs) {
    m.update(x);
    sum += x;
  }
  const double mean = sum / 5;
  double ss = 0;
  for (double x : xs)
    ss += (x - mean) * (x - mean);
  CHECK(m.mean == Approx(mean));
  CHECK(m.variance() == Approx(ss / 4));
  CHECK(m.std_error() == Approx(std::sqrt(ss / 4 / 5)));

  // A stream of hits turning into misses is caught soon after the change, and a
  // steady stream never.
  page_hinkley ph;
  int steady = 0;
  for (int i = 0; i < 1000; ++i)
    steady += ph.update(0.7) ? 1 : 0;
  CHECK(steady == 0);
  page_hinkley turn;
  int at = -1;
  for (int i = 0; i < 400 && at < 0; ++i)
    if (turn.update(i < 200 ? 1.0 : 0.0))
      at = i;
  CHECK(at > 200);
  CHECK(at < 215);
}

TEST_CASE("a signal's outcome is its forward return and excursions at each horizon",
          "[learning]") {
  learning_settings cfg;
  cfg.horizons = {1, 2};
  learning_state st{cfg};
  st.on_bar(candle(t0, 100, 100, 100, 100));  // the regime before the signal: trending
  st.on_signal(sig("breakout", direction::long_, 100, t0));
  CHECK(st.pending() == 1);
  st.on_bar(candle(t0 + minute, 100, 103, 99, 101));
  st.on_bar(candle(t0 + 2 * minute, 101, 102, 97, 98));
  CHECK(st.pending() == 0);
  CHECK(st.recorded() == 2);
  auto h1 = st.table(0, false);
  REQUIRE(h1.size() == 1);
  CHECK(h1[0].key == "pattern/breakout/BTCUSDT/trending");
  CHECK(h1[0].outcomes == 1);
  CHECK(h1[0].mean_return == Approx(0.01));
  CHECK(h1[0].hit_rate == Approx(2.0 / 3));   // Beta(2, 1)
  CHECK(h1[0].mfe == Approx(0.03));
  CHECK(h1[0].mae == Approx(0.01));
  auto h2 = st.table(1, true);
  REQUIRE(h2.size() == 1);
  CHECK(h2[0].key == "pattern/breakout");
  CHECK(h2[0].mean_return == Approx(-0.02));
  CHECK(h2[0].hit_rate == Approx(1.0 / 3));
  CHECK(h2[0].mae == Approx(0.03));
  // A short's return is the other way; a trade is booked by its entry tag.
  st.on_signal(sig("ema_cross", direction::short_, 98, t0 + 2 * minute));
  st.on_bar(candle(t0 + 3 * minute, 98, 98, 96, 96));
  const auto rows = st.table(0, true);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].key == "pattern/ema_cross");  // the same hit rate: ties by key
  CHECK(rows[1].mean_return == Approx(2.0 / 98));
  closed_trade t;
  t.entry_tag = "pattern:breakout";
  t.pnl = 12.5;
  st.on_trade(t);
  REQUIRE(st.trades().count("pattern/breakout") == 1);
  CHECK(st.trades().at("pattern/breakout").wins == 1);
  CHECK(st.trades().at("pattern/breakout").pnl.mean == 12.5);
}

TEST_CASE("a planted edge ranks first and a symbol with little data leans on the pool",
          "[learning]") {
  learning_settings cfg;
  cfg.horizons = {3};
  learning_state st{cfg};
  std::mt19937_64 rng{42};
  std::uniform_real_distribution<double> noise{-1, 1};
  double price = 100;
  std::int64_t ts = t0;
  for (int i = 0; i < 600; ++i) {
    ts += minute;
    // Every 10 bars: "breakout" long, after which the price drifts up; "ema_cross" long
    // at random times, after which it does nothing in particular.
    const bool edge = i % 10 < 3 && i >= 10;
    if (i % 10 == 0)
      st.on_signal(sig("breakout", direction::long_, price, ts - 1));
    if (i % 7 == 0)
      st.on_signal(sig("ema_cross", direction::long_, price, ts - 1));
    const double next = price * (1 + (edge ? 0.004 : 0) + 0.001 * noise(rng));
    st.on_bar(candle(ts, price, std::max(price, next), std::min(price, next), next));
    price = next;
  }
  auto pooled = st.table(0, true);
  REQUIRE(pooled.size() == 2);
  CHECK(pooled[0].key == "pattern/breakout");
  CHECK(pooled[0].hit_rate > 0.9);
  CHECK(pooled[1].hit_rate < pooled[0].hit_rate - 0.1);
  CHECK(pooled[0].mean_return > pooled[1].mean_return + 0.003);
  // One ETHUSDT outcome: its blended rate stays near the pool's.
  st.on_signal(sig("breakout", direction::long_, 50, ts, "ETHUSDT"));
  for (int k = 1; k <= 3; ++k)
    st.on_bar(candle(ts + k * minute, 50, 50, 49, 49.5, "ETHUSDT", 0));
  auto rows = st.table(0, false);
  const auto eth = std::find_if(rows.begin(), rows.end(), [](const learned_row& r) {
    return r.key == "pattern/breakout/ETHUSDT/unknown";
  });
  REQUIRE(eth != rows.end());
  CHECK(eth->hit_rate == Approx(1.0 / 3));
  CHECK(eth->blended_hit_rate > 0.8);
}

TEST_CASE("the learning state survives a restart with its pending outcomes, and refuses a model of other horizons",
          "[learning]") {
  learning_settings cfg;
  cfg.horizons = {2};
  learning_state st{cfg};
  st.on_signal(sig("breakout", direction::long_, 100, t0));
  st.on_bar(candle(t0 + minute, 100, 101, 99, 100.5));
  learning_state back{cfg};
  test::load_state(test::save_state(st), back);
  CHECK(back.pending() == 1);
  CHECK(back.version() == st.version());
  back.on_bar(candle(t0 + 2 * minute, 100.5, 102, 100, 101));
  CHECK(back.pending() == 0);
  REQUIRE(back.table(0, true).size() == 1);
  CHECK(back.table(0, true)[0].mean_return == Approx(0.01));
  learning_settings other = cfg;
  other.horizons = {2, 5};
  learning_state wrong{other};
  CHECK_THROWS_WITH(test::load_state(test::save_state(st), wrong),
                    Catch::Contains("saved for other horizons"));
}
