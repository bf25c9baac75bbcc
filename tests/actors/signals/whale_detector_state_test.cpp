#include <catch2/catch.hpp>

#include <sstream>

#include <cereal/archives/portable_binary.hpp>

#include "actors/signals/whale_detector_state.hpp"
#include "../snapshot.hpp"
#include "messages/decode_limit.hpp"

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
    REQUIRE(w.on_trade(tick(i % 2 == 0 ? 1.0 : 3.0)).empty());
}

} // namespace

TEST_CASE("a trade far above the rolling size distribution is a whale", "[whale]") {
  whale_detector_state w{config(), "ETHUSDT", "detector:whale:ETHUSDT"};
  warm(w, 40);
  CHECK(w.mean() == Approx(2));
  CHECK(w.stdev() == Approx(1));
  auto got = w.on_trade(tick(10, side::sell, 77));  // z = (10 - 2) / 1 = 8
  REQUIRE(got.size() == 1);
  auto* s = &got[0];
  CHECK(s->kind == signal_kind::whale);
  CHECK(s->name == "large_trade");
  CHECK(s->symbol == "ETHUSDT");
  CHECK(s->dir == direction::short_);
  CHECK(s->features.at("z_score") == Approx(8));
  CHECK(s->features.at("notional") == Approx(20000));
  CHECK(s->strength == Approx(1 - 4.0 / 8));
  CHECK(s->confidence == Approx(0.5));  // the strength, not the rank (it is the largest)
  CHECK(s->features.at("size_pct") == Approx(1.0));
  CHECK(s->ts_ns == 77);
  CHECK(s->source == "detector:whale:ETHUSDT");
  CHECK(w.signals_emitted() == 1);
}

TEST_CASE("a trade just under the threshold is not a whale", "[whale]") {
  whale_detector_state w{config(), "ETHUSDT", "d"};
  warm(w, 40);
  CHECK(w.on_trade(tick(5.9)).empty());   // z = 3.9
}

TEST_CASE("no signal before min_samples trades", "[whale]") {
  whale_detector_state w{config(100, 20), "ETHUSDT", "d"};
  warm(w, 18);
  CHECK(w.on_trade(tick(100)).empty());   // 18 samples: still warming up
}

TEST_CASE("min_notional filters small whales", "[whale]") {
  auto c = config();
  c.min_notional = 50'000;
  whale_detector_state w{c, "ETHUSDT", "d"};
  warm(w, 40);
  CHECK(w.on_trade(tick(10)).empty());    // notional 20,000
  CHECK(w.on_trade(tick(30)).size() == 1);          // notional 60,000
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
  CHECK(b.notionals().size() == a.notionals().size());
  CHECK(b.notionals().median() == a.notionals().median());
  int signals = 0;
  for (int i = 0; i < 200; ++i) {
    auto t = tick(i % 37 == 0 ? 40.0 : 1 + (i * 3) % 5);
    auto sa = a.on_trade(t);
    auto sb = b.on_trade(t);
    REQUIRE(sa.size() == sb.size());
    for (std::size_t k = 0; k < sa.size(); ++k) {
      ++signals;
      CHECK(sa[k].name == sb[k].name);
      CHECK(sa[k].features == sb[k].features);
    }
  }
  CHECK(signals >= 5);
}

TEST_CASE("several large trades close together are a cluster", "[whale]") {
  auto c = config(100, 20, 10);  // no large_trade signals below z = 10
  c.cluster_z = 2.5;
  c.cluster_min = 3;
  c.cluster_window_ms = 1000;
  whale_detector_state w{c, "ETHUSDT", "d"};
  warm(w, 40);  // sizes 1 and 3: mean 2, sd 1
  std::int64_t ms = 1'000'000;
  CHECK(w.on_trade(tick(5, side::buy, 100 * ms)).empty());     // z = 3: large, 1 of 3
  CHECK(w.on_trade(tick(1, side::sell, 200 * ms)).empty());
  CHECK(w.on_trade(tick(5.5, side::buy, 2'000 * ms)).empty()); // the first left the window
  CHECK(w.on_trade(tick(6, side::sell, 2'300 * ms)).empty());  // 2 of 3
  auto got = w.on_trade(tick(7, side::buy, 2'500 * ms));       // 3 of 3 within 1 s
  REQUIRE(got.size() == 1);
  CHECK(got[0].name == "cluster");
  CHECK(got[0].dir == direction::long_);  // net +5.5 - 6 + 7
  CHECK(got[0].features.at("trades") == 3);
  CHECK(got[0].features.at("net_qty") == Approx(6.5));
  CHECK(w.on_trade(tick(7, side::buy, 2'600 * ms)).empty());   // a new cluster starts empty
}

TEST_CASE("one-sided flow over the window is an imbalance, signalled once", "[whale]") {
  auto c = config(100, 20, 10);
  c.imbalance_window = 10;
  c.imbalance_threshold = 0.6;
  whale_detector_state w{c, "ETHUSDT", "d"};
  for (int i = 0; i < 10; ++i)  // balanced
    CHECK(w.on_trade(tick(1, i % 2 == 0 ? side::buy : side::sell)).empty());
  std::vector<std::string> names;
  for (int i = 0; i < 8; ++i)
    for (auto& s : w.on_trade(tick(1, side::sell)))
      names.push_back(s.name + ":" + to_string(s.dir));
  // The imbalance crosses -0.6 once and stays beyond it: one signal.
  REQUIRE(names.size() == 1);
  CHECK(names[0] == "imbalance:short");
}

TEST_CASE("a version-1 whale snapshot still restores", "[whale][snapshot]") {
  // What a version-1 writer stored: the class version, then its fields in order.
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    std::vector<double> ring{1, 3, 1, 3, 1, 3, 1, 3, 1, 3};
    ar(std::uint32_t{1}, int{10}, int{2}, 4.0, 0.0, std::string{"ETHUSDT"}, std::string{"d"}, ring,
       std::size_t{0}, std::size_t{10}, 20.0, 50.0, std::uint64_t{0});
  }
  whale_detector_state w;
  test::load_state(os.str(), w);
  CHECK(w.samples() == 10);
  CHECK(w.mean() == Approx(2));
  CHECK(w.stdev() == Approx(1));
  auto got = w.on_trade(tick(10));
  REQUIRE(got.size() == 1);
  CHECK(got[0].name == "large_trade");
}

namespace {

trade_tick priced(double qty, double price) { return trade_tick{"ETHUSDT", price, qty, side::buy, 0, 1}; }

} // namespace

TEST_CASE("a notional at the top percentile of the window is a whale", "[whale]") {
  auto c = config(200, 20, 4);
  c.percentile_threshold = 0.99;
  whale_detector_state w{c, "ETHUSDT", "d"};
  warm(w, 100);  // sizes 1 and 3 at 2,000: notionals 2,000 and 6,000, mean 4,000, sd 2,000
  CHECK(w.notionals().size() == 100);
  // Size 2 is the mean size (z 0), but its notional at 5,000 beats all 100 in the window.
  auto got = w.on_trade(priced(2, 5000));
  REQUIRE(got.size() == 1);
  const auto& f = got[0].features;
  CHECK(got[0].name == "large_trade");
  CHECK(f.at("z_score") == 0);
  CHECK(f.at("size_pct") == 0.5);                    // 50 sizes of 1 below 2
  CHECK(f.at("notional") == 10000);
  CHECK(f.at("notional_z") == Approx(3));            // (10,000 - 4,000) / 2,000
  CHECK(f.at("notional_pct") == 1);
  // The window's largest, but only 3 deviations out against a threshold of 4: a whale
  // by rank that is worth nothing on its own (its rank used to be its confidence, 1).
  CHECK(got[0].strength == 0);
  CHECK(got[0].confidence == 0);
  // Far out (notional 40,000: z 18): 1 - 4 / 18.
  got = w.on_trade(priced(2, 20000));
  REQUIRE(got.size() == 1);
  CHECK(got[0].features.at("notional_z") == Approx(18).epsilon(0.05));
  CHECK(got[0].strength == Approx(1 - 4 / got[0].features.at("notional_z")));
  CHECK(got[0].strength > 0.75);
  // A middling notional ranks in the middle and is nothing special.
  CHECK(w.on_trade(priced(1, 3000)).empty());        // 3,000: above the 50 at 2,000
  CHECK(w.notionals().size() == 103);
  CHECK(w.notionals().share_below(3000) == Approx(50.0 / 103));
}

TEST_CASE("the percentile rule waits for a window that can hold its top share", "[whale]") {
  auto c = config(200, 20, 4);
  c.percentile_threshold = 0.99;
  whale_detector_state w{c, "ETHUSDT", "d"};
  warm(w, 99);  // the top 1 % of 99 trades is empty
  CHECK(w.on_trade(priced(2, 5000)).empty());
  c.percentile_threshold = 1;  // off, however full the window
  whale_detector_state off{c, "ETHUSDT", "d"};
  warm(off, 150);
  CHECK(off.on_trade(priced(2, 5000)).empty());
}

TEST_CASE("a version-2 whale snapshot restores without notionals", "[whale][snapshot]") {
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    std::vector<double> ring{1, 3, 1, 3, 1, 3, 1, 3, 1, 3};
    ar(std::uint32_t{2}, int{10}, int{2}, 4.0, 0.0, std::string{"ETHUSDT"}, std::string{"d"}, ring,
       std::size_t{0}, std::size_t{10}, 20.0, 50.0, std::uint64_t{3});
    std::deque<std::pair<std::int64_t, double>> large{{5, 2.0}};
    std::deque<double> flow{1, -1};
    ar(2.5, std::int64_t{10000}, int{3}, int{200}, 0.6, large, flow, 1.0, 1.0, false);
  }
  auto c = config();
  c.percentile_threshold = 0.95;
  whale_detector_state w{c, "X", "y"};
  test::load_state(os.str(), w);
  CHECK(w.samples() == 10);
  CHECK(w.mean() == Approx(2));
  CHECK(w.notionals().size() == 0);
  CHECK(w.config().percentile_threshold == 0.95);  // not in the snapshot: the config's
  CHECK(w.signals_emitted() == 3);
  auto got = w.on_trade(tick(10));  // z = 8 against the restored sizes
  REQUIRE(got.size() == 1);
  CHECK(got[0].features.at("notional_pct") == 0);  // nothing to rank against yet
  CHECK(w.notionals().size() == 1);
}

TEST_CASE("a trade resent with an id already seen counts once", "[whale][replay]") {
  whale_detector_state w{config(), "ETHUSDT", "d"};
  for (int i = 0; i < 40; ++i) {
    auto t = tick(i % 2 == 0 ? 1.0 : 3.0, side::buy, i + 1);
    t.trade_id = i + 1;
    REQUIRE(w.on_trade(t).empty());
  }
  auto whale = tick(10, side::buy, 50);
  whale.trade_id = 41;
  CHECK(w.on_trade(whale).size() >= 1);
  const auto emitted = w.signals_emitted();
  const auto mean = w.mean();
  // After a restart the feed sends trades 35..41 again: no second whale, same window.
  for (std::int64_t id = 35; id <= 41; ++id) {
    auto t = id == 41 ? whale : tick(id % 2 == 1 ? 1.0 : 3.0, side::buy, id);
    t.trade_id = id;
    CHECK(w.on_trade(t).empty());
  }
  CHECK(w.signals_emitted() == emitted);
  CHECK(w.mean() == Approx(mean));
  CHECK(w.replayed() == 7);
  // The mark is in the snapshot.
  whale_detector_state back;
  test::load_state(test::save_state(w), back);
  CHECK(back.on_trade(whale).empty());
  CHECK(back.replayed() == 8);
}
