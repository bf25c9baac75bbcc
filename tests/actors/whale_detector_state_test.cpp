#include <catch2/catch.hpp>

#include "actors/whale_detector_state.hpp"
#include "snapshot.hpp"

using namespace tickline;
using Catch::Detail::Approx;

namespace {

whale_detector_config config(int window = 100, int min_samples = 20, double z = 4) {
  whale_detector_config c;
  c.window = window;
  c.min_samples = min_samples;
  c.z_threshold = z;
  return c;
}

trade_tick tick(double qty, side sd = side::buy, std::int64_t ts = 1) {
  return trade_tick{"ETHUSDT", 2000, qty, sd, 0, ts};
}

// Alternating sizes 1 and 3: mean 2, population standard deviation 1.
void warm(whale_detector_state& w, int n) {
  for (int i = 0; i < n; ++i)
    REQUIRE_FALSE(w.on_trade(tick(i % 2 == 0 ? 1.0 : 3.0)).has_value());
}

} // namespace

TEST_CASE("a trade far above the rolling size distribution is a whale", "[whale]") {
  whale_detector_state w{config(), "ETHUSDT", "detector:whale:ETHUSDT"};
  warm(w, 40);
  CHECK(w.mean() == Approx(2));
  CHECK(w.stdev() == Approx(1));
  auto s = w.on_trade(tick(10, side::sell, 77));  // z = (10 - 2) / 1 = 8
  REQUIRE(s);
  CHECK(s->kind == signal_kind::whale);
  CHECK(s->name == "large_trade");
  CHECK(s->symbol == "ETHUSDT");
  CHECK(s->dir == direction::short_);
  CHECK(s->features.at("z_score") == Approx(8));
  CHECK(s->features.at("notional") == Approx(20000));
  CHECK(s->strength == Approx(1 - 4.0 / 8));
  CHECK(s->confidence == Approx(1.0));  // larger than every trade in the window
  CHECK(s->ts_ns == 77);
  CHECK(s->source == "detector:whale:ETHUSDT");
  CHECK(w.signals_emitted() == 1);
}

TEST_CASE("a trade just under the threshold is not a whale", "[whale]") {
  whale_detector_state w{config(), "ETHUSDT", "d"};
  warm(w, 40);
  CHECK_FALSE(w.on_trade(tick(5.9)).has_value());   // z = 3.9
}

TEST_CASE("no signal before min_samples trades", "[whale]") {
  whale_detector_state w{config(100, 20), "ETHUSDT", "d"};
  warm(w, 18);
  CHECK_FALSE(w.on_trade(tick(100)).has_value());   // 18 samples: still warming up
}

TEST_CASE("min_notional filters small whales", "[whale]") {
  auto c = config();
  c.min_notional = 50'000;
  whale_detector_state w{c, "ETHUSDT", "d"};
  warm(w, 40);
  CHECK_FALSE(w.on_trade(tick(10)).has_value());    // notional 20,000
  CHECK(w.on_trade(tick(30)).has_value());          // notional 60,000
}

TEST_CASE("the window forgets old trades", "[whale]") {
  whale_detector_state w{config(10, 5), "ETHUSDT", "d"};
  warm(w, 10);
  for (int i = 0; i < 10; ++i)
    w.on_trade(tick(i % 2 == 0 ? 100.0 : 102.0));
  CHECK(w.samples() == 10);
  CHECK(w.mean() == Approx(101));
  CHECK(w.stdev() == Approx(1));
}

TEST_CASE("whale detector state survives a snapshot round trip", "[whale][snapshot]") {
  whale_detector_state a{config(50, 10, 3), "ETHUSDT", "d"};
  for (int i = 0; i < 73; ++i)
    a.on_trade(tick(1 + (i * 7) % 5));
  whale_detector_state b;
  test::load_state(test::save_state(a), b);
  CHECK(b.samples() == a.samples());
  CHECK(b.mean() == a.mean());
  CHECK(b.config().z_threshold == 3);
  int signals = 0;
  for (int i = 0; i < 200; ++i) {
    auto t = tick(i % 37 == 0 ? 40.0 : 1 + (i * 3) % 5);
    auto sa = a.on_trade(t);
    auto sb = b.on_trade(t);
    REQUIRE(sa.has_value() == sb.has_value());
    if (sa) {
      ++signals;
      CHECK(sa->features == sb->features);
    }
  }
  CHECK(signals >= 5);
}
