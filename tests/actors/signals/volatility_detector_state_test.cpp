#include <catch2/catch.hpp>

#include <cmath>

#include "actors/signals/volatility_detector_state.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

volatility_detector_config small() {
  volatility_detector_config c;
  c.atr_period = 2;
  c.window = 10;
  c.z_threshold = 3;
  c.rv_short = 3;
  c.rv_long = 30;
  c.rv_ratio = 2;
  return c;
}

bar range_bar(double close, double range) {
  bar b;
  b.timeframe_s = 60;
  b.open = close;
  b.high = close + range / 2;
  b.low = close - range / 2;
  b.close = close;
  return b;
}

std::vector<std::string> names(const std::vector<signal>& xs) {
  std::vector<std::string> out;
  for (const auto& s : xs)
    out.push_back(s.name);
  return out;
}

} // namespace

TEST_CASE("tail_stdev is the population deviation of the last n values", "[volatility]") {
  std::deque<double> xs{100, 1, 2, 3, 4};
  CHECK(tail_stdev(xs, 4) == Approx(std::sqrt(1.25)));
  CHECK(tail_stdev(xs, 1) == 0);
}

TEST_CASE("an ATR jump against a calm window is an atr_spike", "[volatility]") {
  volatility_detector_state v{small(), "X", "d"};
  std::vector<signal> got;
  for (int i = 0; i < 20; ++i) {
    got = v.on_bar(range_bar(100, i % 2 == 0 ? 1.0 : 1.2));
    CHECK(got.empty());
  }
  REQUIRE(v.atr_pct());
  CHECK(*v.atr_pct() == Approx(1.1).epsilon(0.1));
  got = v.on_bar(range_bar(100, 8));
  REQUIRE(names(got) == std::vector<std::string>{"atr_spike"});
  CHECK(got[0].dir == direction::neutral);
  CHECK(got[0].kind == signal_kind::volatility);
  CHECK(got[0].features.at("z_score") >= 3);
  CHECK(got[0].strength > 0);
}

TEST_CASE("short realized volatility far above the long one is an rv_spike", "[volatility]") {
  volatility_detector_state v{small(), "X", "d"};
  double c = 100;
  for (int i = 0; i < 32; ++i) {
    c *= i % 2 == 0 ? 1.001 : 0.999;
    CHECK(v.on_bar(range_bar(c, 0)).empty());
  }
  std::vector<std::string> seen;
  for (double m : {1.03, 0.97, 1.03}) {
    c *= m;
    for (auto& n : names(v.on_bar(range_bar(c, 0))))
      seen.push_back(n);
  }
  CHECK(std::count(seen.begin(), seen.end(), "rv_spike") >= 1);
}

TEST_CASE("volatility detector state survives a snapshot round trip", "[volatility][snapshot]") {
  volatility_detector_state a{small(), "X", "d"};
  for (int i = 0; i < 30; ++i)
    a.on_bar(range_bar(100 + i % 3, 1 + (i % 4) * 0.1));
  volatility_detector_state b{small(), "X", "d"};
  test::load_state(test::save_state(a), b);
  CHECK(b.atr_pct() == a.atr_pct());
  for (double r : {1.0, 9.0, 1.0, 12.0}) {
    auto sa = a.on_bar(range_bar(101, r));
    auto sb = b.on_bar(range_bar(101, r));
    CHECK(names(sa) == names(sb));
  }
}

TEST_CASE("volatility thresholds set at run time survive a snapshot", "[volatility][snapshot]") {
  volatility_detector_state a{small(), "X", "d"};
  CHECK(a.thresholds().z_threshold == 3);  // the config's
  CHECK(a.thresholds().rv_ratio == 2);
  REQUIRE(a.set_thresholds({1000, 1.5}));
  auto other = small();
  other.z_threshold = 1;
  other.rv_ratio = 5;
  volatility_detector_state b{other, "X", "d"};
  test::load_state(test::save_state(a), b);
  CHECK(b.thresholds().z_threshold == 1000);
  CHECK(b.thresholds().rv_ratio == 1.5);
  // The ATR jump of the spike test is far from a z-score of 1000.
  for (int i = 0; i < 20; ++i)
    b.on_bar(range_bar(100, i % 2 == 0 ? 1.0 : 1.2));
  CHECK(names(b.on_bar(range_bar(100, 8))).empty());
}

TEST_CASE("volatility thresholds out of range are refused and change nothing", "[volatility]") {
  volatility_detector_state v{small(), "X", "d"};
  std::string error;
  CHECK_FALSE(v.set_thresholds({-1, 2}, &error));
  CHECK(error == "z_threshold: expected a finite number > 0, got -1");
  CHECK_FALSE(v.set_thresholds({3, 1}, &error));
  CHECK(error == "rv_ratio: expected a finite number > 1, got 1");
  CHECK_FALSE(v.set_thresholds({3, INFINITY}, &error));
  CHECK(error == "rv_ratio: expected a finite number > 1, got inf");
  CHECK(v.thresholds().z_threshold == 3);
  CHECK(v.thresholds().rv_ratio == 2);
}

TEST_CASE("a version-1 volatility snapshot restores with the configured thresholds", "[volatility][snapshot]") {
  volatility_detector_state a{small(), "X", "d"};
  for (int i = 0; i < 30; ++i)
    a.on_bar(range_bar(100 + i % 3, 1 + (i % 4) * 0.1));
  REQUIRE(a.set_thresholds({9, 9}));
  auto bytes = test::save_state(a);
  REQUIRE(bytes[1] == 3);  // version 3: thresholds (two doubles), then the last bar's close and a count
  auto other = small();
  other.z_threshold = 2.5;
  volatility_detector_state b{other, "X", "d"};
  test::load_state(test::as_version(bytes, 1, 32), b);
  CHECK(b.atr_pct() == a.atr_pct());
  CHECK(b.thresholds().z_threshold == 2.5);
  CHECK(b.thresholds().rv_ratio == 2);
}

TEST_CASE("running moments match a rescan of the windows over a long run, restored or not",
          "[volatility][snapshot]") {
  // Low thresholds make most bars signal, so each signal's features can be checked against
  // the mean and deviations computed from scratch over the same windows.
  auto cfg = small();
  cfg.window = 50;
  cfg.z_threshold = 0.01;
  cfg.rv_ratio = 1.01;
  volatility_detector_state live{cfg, "X", "d"};
  volatility_detector_state restored{cfg, "X", "d"};
  std::deque<double> pcts, rets;
  double prev = 0;
  int spikes = 0, rv_spikes = 0, restored_spikes = 0;
  for (int i = 0; i < 6000; ++i) {
    if (i % 1000 == 0) {  // a fresh detector restored from the live one now and then
      restored = volatility_detector_state{cfg, "X", "d"};
      test::load_state(test::save_state(live), restored);
    }
    const double close = 100 + 10 * std::sin(i * 0.05) + (i % 7) * 0.3;
    bar b = range_bar(close, 0.5 + (i % 11) * 0.2 + ((i / 500) % 3));
    b.close_ns = (i + 1) * std::int64_t{60'000'000'000};
    const auto before = pcts;  // the window the z-score is taken against
    auto got = live.on_bar(b);
    auto again = restored.on_bar(b);
    REQUIRE(again.size() == got.size());
    if (i % 1000 < 50)  // while the restored windows are all from the snapshot
      restored_spikes += static_cast<int>(again.size());
    for (std::size_t k = 0; k < got.size(); ++k)
      for (const auto& [name, value] : got[k].features)
        CHECK(again[k].features.at(name) == Approx(value).epsilon(1e-9));
    if (live.atr_pct()) {
      pcts.push_back(*live.atr_pct());
      if (pcts.size() > static_cast<std::size_t>(cfg.window))
        pcts.pop_front();
    }
    if (prev > 0) {
      rets.push_back(std::log(close / prev));
      if (rets.size() > static_cast<std::size_t>(cfg.rv_long))
        rets.pop_front();
    }
    prev = close;
    for (const auto& s : got) {
      if (s.name == "atr_spike") {
        ++spikes;
        double mean = 0;
        for (double x : before)
          mean += x / static_cast<double>(before.size());
        CHECK(s.features.at("mean_atr_pct") == Approx(mean).epsilon(1e-9));
        const double z = (s.features.at("atr_pct") - mean) / tail_stdev(before, before.size());
        CHECK(s.features.at("z_score") == Approx(z).epsilon(1e-7));
      } else if (s.name == "rv_spike") {
        ++rv_spikes;
        CHECK(s.features.at("rv_short") == Approx(tail_stdev(rets, cfg.rv_short)).epsilon(1e-9));
        CHECK(s.features.at("rv_long") == Approx(tail_stdev(rets, cfg.rv_long)).epsilon(1e-9));
      }
    }
  }
  CHECK(spikes > 500);
  CHECK(rv_spikes > 100);
  CHECK(restored_spikes > 20);
}
