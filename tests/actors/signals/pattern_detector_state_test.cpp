#include <catch2/catch.hpp>

#include <cmath>

#include "actors/signals/pattern_detector_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

pattern_detector_config small() {
  pattern_detector_config c;
  c.ema_fast = 2;
  c.ema_slow = 4;
  c.breakout_lookback = 3;
  c.volume_window = 5;
  c.volume_z = 3;
  c.squeeze_period = 4;
  c.squeeze_lookback = 5;
  c.squeeze_quantile = 0.3;
  c.rsi_period = 3;
  c.divergence_lookback = 4;
  return c;
}

bar make_bar(double o, double h, double l, double c, double v = 10, std::int64_t i = 0) {
  bar b;
  b.symbol = "X";
  b.timeframe_s = 60;
  b.open_ns = i * 60'000'000'000;
  b.close_ns = b.open_ns + 60'000'000'000;
  b.open = o;
  b.high = h;
  b.low = l;
  b.close = c;
  b.volume = v;
  return b;
}

// The signals of one name that a sequence of closes (with small ranges) triggers, as
// (bar index, direction).
std::vector<std::pair<int, direction>> fired(pattern_detector_state& p, const std::vector<double>& closes,
                                             const std::string& name, std::vector<double> volumes = {}) {
  std::vector<std::pair<int, direction>> out;
  // Bar times go on across calls: a detector ignores a bar that does not close after
  // the last one it saw.
  static std::int64_t minute = 0;
  for (std::size_t i = 0; i < closes.size(); ++i) {
    double c = closes[i];
    double o = i > 0 ? closes[i - 1] : c;
    double v = i < volumes.size() ? volumes[i] : 10;
    for (const auto& s : p.on_bar(make_bar(o, std::max(o, c) + 0.1, std::min(o, c) - 0.1, c, v, ++minute)))
      if (s.name == name) {
        out.emplace_back(static_cast<int>(i), s.dir);
        CHECK(s.kind == signal_kind::pattern);
        CHECK(s.strength >= 0);
        CHECK(s.strength <= 1);
        CHECK(s.features.count("timeframe_s") == 1);
      }
  }
  return out;
}

using hits = std::vector<std::pair<int, direction>>;

} // namespace

TEST_CASE("ema crossover fires when the fast EMA crosses the slow one", "[pattern]") {
  pattern_detector_state p{small(), "X", "d"};
  // Falling, then rising: the fast EMA crosses above the slow one once, at index 6.
  auto h = fired(p, {10, 9, 8, 7, 6, 7, 9, 11, 13}, "ema_cross");
  CHECK(h == hits{{6, direction::long_}});
  auto down = fired(p, {12, 10, 8, 6}, "ema_cross");
  REQUIRE(down.size() == 1);
  CHECK(down[0].second == direction::short_);
}

TEST_CASE("breakout fires on a close beyond the previous range", "[pattern]") {
  pattern_detector_state p{small(), "X", "d"};
  std::vector<signal> got;
  for (int i = 0; i < 3; ++i)
    got = p.on_bar(make_bar(10, 10.5, 9.5, 10, 10, i));
  CHECK(got.empty());
  got = p.on_bar(make_bar(10, 10.7, 10, 10.6, 10, 3));
  REQUIRE(got.size() >= 1);
  auto it = std::find_if(got.begin(), got.end(), [](const signal& s) { return s.name == "breakout"; });
  REQUIRE(it != got.end());
  CHECK(it->dir == direction::long_);
  CHECK(it->features.at("range_high") == 10.5);
  CHECK(it->strength == Approx((10.6 - 10.5) / (10.5 - 9.5) * 4));  // a quarter range = 1
}

TEST_CASE("volume spike fires on volume far above the window", "[pattern]") {
  pattern_detector_state p{small(), "X", "d"};
  auto h = fired(p, {10, 10, 10, 10, 10, 10.2, 10.1}, "volume_spike", {10, 12, 10, 12, 10, 40, 11});
  CHECK(h == hits{{5, direction::long_}});
}

TEST_CASE("squeeze release fires when a close leaves narrow bands", "[pattern]") {
  pattern_detector_state p{small(), "X", "d"};
  // Wide swings, then a tight range (the squeeze), then a jump out of it.
  std::vector<double> closes{10, 14, 8, 15, 7, 14, 8, 10, 10.1, 10, 10.1, 10, 10.1, 10, 12};
  auto h = fired(p, closes, "squeeze_release");
  REQUIRE(h.size() == 1);
  CHECK(h[0] == std::make_pair(14, direction::long_));
}

TEST_CASE("rsi divergence fires on a new high that RSI does not confirm", "[pattern]") {
  pattern_detector_state p{small(), "X", "d"};
  // A strong rally to 20, a pullback, then a marginal new high on a weak bounce.
  auto h = fired(p, {10, 10, 10, 14, 18, 20, 17, 16, 18, 20.2}, "rsi_divergence");
  REQUIRE(h.size() >= 1);
  CHECK(h.back() == std::make_pair(9, direction::short_));
}

TEST_CASE("pattern detector state survives a snapshot round trip", "[pattern][snapshot]") {
  pattern_detector_state a{small(), "X", "d"};
  std::vector<double> closes{10, 14, 8, 15, 7, 14, 8, 10, 10.1, 10, 10.1};
  for (std::size_t i = 0; i < closes.size(); ++i)
    a.on_bar(make_bar(closes[i], closes[i] + 0.2, closes[i] - 0.2, closes[i], 10, static_cast<std::int64_t>(i)));
  pattern_detector_state b{small(), "X", "d"};
  test::load_state(test::save_state(a), b);
  CHECK(b.bars_seen() == a.bars_seen());
  for (double c : {10.0, 12.0, 9.0, 13.0, 15.0, 8.0}) {
    auto sa = a.on_bar(make_bar(c, c + 0.5, c - 0.5, c, 30));
    auto sb = b.on_bar(make_bar(c, c + 0.5, c - 0.5, c, 30));
    REQUIRE(sa.size() == sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i)
      CHECK(sa[i].features == sb[i].features);
  }
}

TEST_CASE("pattern thresholds set at run time survive a snapshot", "[pattern][snapshot]") {
  pattern_detector_state a{small(), "X", "d"};
  CHECK(a.thresholds().volume_z == 3);  // the config's
  CHECK(a.thresholds().squeeze_quantile == 0.3);
  // The spike of the volume test has z = 29.2 / sqrt(0.96) = 29.8 (population sd of
  // 10, 12, 10, 12, 10): a threshold of 30 lets it pass.
  REQUIRE(a.set_thresholds({30, 0.5}));
  auto other = small();
  other.volume_z = 2;
  other.squeeze_quantile = 0.1;
  pattern_detector_state b{other, "X", "d"};
  test::load_state(test::save_state(a), b);
  CHECK(b.thresholds().volume_z == 30);
  CHECK(b.thresholds().squeeze_quantile == 0.5);
  const std::vector<double> closes{10, 10, 10, 10, 10, 10.2, 10.1};
  const std::vector<double> volumes{10, 12, 10, 12, 10, 40, 11};
  CHECK(fired(b, closes, "volume_spike", volumes).empty());
  REQUIRE(b.set_thresholds({29, 0.5}));
  CHECK(fired(b, closes, "volume_spike", volumes).size() == 1);
}

TEST_CASE("pattern thresholds out of range are refused and change nothing", "[pattern]") {
  pattern_detector_state p{small(), "X", "d"};
  std::string error;
  CHECK_FALSE(p.set_thresholds({0, 0.2}, &error));
  CHECK(error == "volume_z: expected a finite number > 0, got 0");
  CHECK_FALSE(p.set_thresholds({std::nan(""), 0.2}, &error));
  CHECK(error == "volume_z: expected a finite number > 0, got nan");
  CHECK_FALSE(p.set_thresholds({2, 1}, &error));
  CHECK(error == "squeeze_quantile: expected (0, 0.999], got 1");
  CHECK_FALSE(p.set_thresholds({2, 0}));
  CHECK(p.thresholds().volume_z == 3);
  CHECK(p.thresholds().squeeze_quantile == 0.3);
}

TEST_CASE("a version-1 pattern snapshot restores with the configured thresholds", "[pattern][snapshot]") {
  pattern_detector_state a{small(), "X", "d"};
  for (int i = 0; i < 12; ++i)
    a.on_bar(make_bar(10, 10.5, 9.5, 10 + i % 3, 10, i));
  REQUIRE(a.set_thresholds({7, 0.6}));
  auto bytes = test::save_state(a);
  REQUIRE(bytes[1] == 3);  // version 3: thresholds (two doubles), then the last bar's close and a count
  auto other = small();
  other.volume_z = 4.5;
  pattern_detector_state b{other, "X", "d"};
  test::load_state(test::as_version(bytes, 1, 32), b);
  CHECK(b.bars_seen() == 12);
  CHECK(b.thresholds().volume_z == 4.5);
  CHECK(b.thresholds().squeeze_quantile == 0.3);
}
