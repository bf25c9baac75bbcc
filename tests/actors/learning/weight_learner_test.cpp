#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "actors/learning/learning_model.hpp"
#include "../snapshot.hpp"

using namespace tickline;

namespace {

// Feeds one round: `n` outcomes per key, drawn from N(mean of the key, sd), in turn.
// Returns the version the round's last outcome proposed (committed), if any.
std::optional<weight_version> round(weight_learner& w, std::mt19937& rng,
                                    const std::map<std::string, double>& means, double sd,
                                    int n, std::int64_t ts) {
  std::optional<weight_version> out;
  std::normal_distribution<double> noise{0, sd};
  for (int i = 0; i < n; ++i)
    for (const auto& [key, mean] : means)
      if (auto v = w.on_outcome(key, mean + noise(rng), ts)) {
        w.commit(*v);
        out = v;
      }
  return out;
}

weight_settings settings_for(std::uint64_t per_round) {
  weight_settings s;
  s.round_outcomes = per_round;
  s.min_outcomes = 10;
  s.learning_rate = 0.1;
  s.z_min = 2;
  s.z_cap = 4;
  s.max_step = 0.2;
  s.min_weight = 0.25;
  s.max_weight = 4;
  return s;
}

} // namespace

TEST_CASE("one formula by hand: step, re-centring, bounds", "[learning][weights]") {
  weight_learner w{settings_for(20)};
  // Ten outcomes each; a's are all +0.01 with some spread, b's alternate around 0.
  std::optional<weight_version> v;
  for (int i = 0; i < 10; ++i) {
    CHECK_FALSE(w.on_outcome("pattern.a", i % 2 ? 0.012 : 0.008, 1).has_value());
    v = w.on_outcome("pattern.b", i % 2 ? 0.01 : -0.01, 2);
  }
  REQUIRE(v);
  // a: mean 0.01, sd 0.0021082, se 0.00066667, z = 15 -> capped at 4; eta * 4 = 0.4 ->
  // bounded by ln 1.2. b: z = 0. Re-centred: ln w_a = ln1.2 / 2, ln w_b = -ln1.2 / 2.
  CHECK(v->evidence.at("pattern.a").z == Approx(15).epsilon(1e-9));
  CHECK(v->evidence.at("pattern.b").z == Approx(0).margin(1e-12));
  CHECK(v->weights.at("pattern.a") == Approx(std::sqrt(1.2)).epsilon(1e-12));
  CHECK(v->weights.at("pattern.b") == Approx(1 / std::sqrt(1.2)).epsilon(1e-12));
  CHECK(v->version == 1);
  CHECK(v->reason == "round 1");
  // Proposed only: nothing changes until it is committed.
  CHECK(w.version() == 0);
  CHECK(w.weights().empty());
  w.commit(*v);
  CHECK(w.version() == 1);
  CHECK(w.weights() == v->weights);
  w.commit(*v);  // not the next version any more: ignored
  CHECK(w.version() == 1);
  CHECK(w.history().size() == 1);
}

TEST_CASE("a planted edge: its weight rises and the others fall, each step bounded",
          "[learning][weights]") {
  weight_learner w{settings_for(150)};
  std::mt19937 rng{20261203};
  const std::map<std::string, double> means{
    {"pattern.breakout", 0.002}, {"pattern.ema_cross", 0}, {"whale.large_trade", 0}};
  std::map<std::string, double> last{{"pattern.breakout", 1}, {"pattern.ema_cross", 1},
                                     {"whale.large_trade", 1}};
  int versions = 0;
  for (int r = 0; r < 40; ++r) {
    auto v = round(w, rng, means, 0.004, 50, r);
    if (!v)
      continue;
    ++versions;
    for (const auto& [k, e] : v->evidence) {
      // One step: at most ln 1.2 of its own, plus the re-centring's share of the others'.
      CHECK(std::fabs(std::log(e.after / e.before)) <= 2 * std::log(1.2) + 1e-12);
      CHECK(e.after >= 0.25);
      CHECK(e.after <= 4);
    }
    last = v->weights;
  }
  CHECK(versions >= 20);
  CHECK(last.at("pattern.breakout") > 2.5);
  CHECK(last.at("pattern.ema_cross") < 0.8);
  CHECK(last.at("whale.large_trade") < 0.8);
  // The geometric mean stays 1 while no weight is at a bound.
  CHECK(last.at("pattern.breakout") <= 4);
}

TEST_CASE("pure noise moves the weights no more than the dead band lets through",
          "[learning][weights]") {
  weight_learner w{settings_for(150)};
  std::mt19937 rng{7};
  const std::map<std::string, double> means{
    {"pattern.breakout", 0}, {"pattern.ema_cross", 0}, {"whale.large_trade", 0}};
  int moved = 0, rounds = 200;
  for (int r = 0; r < rounds; ++r)
    if (auto v = round(w, rng, means, 0.004, 50, r))
      for (const auto& [k, e] : v->evidence)
        moved += std::fabs(e.z) >= 2 ? 1 : 0;
  // |z| >= 2 happens to 4.6% of (round, key) pairs under the null; 600 pairs -> ~27.
  CHECK(moved <= 50);
  CHECK(w.rounds() == static_cast<std::uint64_t>(rounds));
  // A random walk of ~27 bounded steps: the weights stay near 1.
  for (const auto& [k, x] : w.weights()) {
    INFO(k << " " << x);
    CHECK(x > 1 / 2.0);
    CHECK(x < 2.0);
  }
}

TEST_CASE("freeze stops changes; rollback restores a version's weights exactly",
          "[learning][weights][rollback]") {
  weight_learner w{settings_for(150)};
  std::mt19937 rng{1};
  const std::map<std::string, double> means{{"pattern.breakout", 0.002}, {"pattern.ema_cross", 0}};
  for (int r = 0; r < 6; ++r)
    round(w, rng, means, 0.004, 75, r);
  REQUIRE(w.version() >= 3);
  const auto target = w.history().at(1);  // version 2
  REQUIRE(target.version == 2);
  const auto before_rounds = w.version();

  w.freeze(true);
  for (int r = 0; r < 5; ++r)
    CHECK_FALSE(round(w, rng, means, 0.004, 75, r).has_value());
  CHECK(w.version() == before_rounds);

  std::string error;
  auto v = w.rollback(2, 99, "http 127.0.0.1 (bad week)", error);
  REQUIRE(v);
  w.commit(*v);
  CHECK(w.weights() == target.weights);  // exactly: the same doubles
  CHECK(w.version() == before_rounds + 1);
  CHECK(v->reason == "rollback to 2 by http 127.0.0.1 (bad week)");
  CHECK_FALSE(w.rollback(999, 100, "x", error).has_value());
  CHECK(error.find("model version 999 is not kept") != std::string::npos);
  // Version 0: every weight back to 1.
  auto zero = w.rollback(0, 101, "x", error);
  REQUIRE(zero);
  w.commit(*zero);
  CHECK(w.weights().empty());

  // Frozen and versions survive a snapshot.
  learning_model m;
  m.weights = w;
  m.signal_cursor = 42;
  m.cursor_set = true;
  learning_model back;
  test::load_state(test::save_state(m), back);
  CHECK(back.weights.frozen());
  CHECK(back.weights.version() == w.version());
  CHECK(back.weights.history().size() == w.history().size());
  CHECK(back.weights.history().at(1).weights == target.weights);
  CHECK(back.signal_cursor == 42);
}

TEST_CASE("thresholds follow their signals' evidence, a bounded step at a time, and roll back "
          "with the weights", "[learning][weights][thresholds]") {
  auto s = settings_for(100);
  s.thresholds = pattern_threshold_rules({{"volume_z", {2.5, 4.5}}, {"squeeze_quantile", {0.1, 0.3}}},
                                         {{"volume_z", 3.0}, {"squeeze_quantile", 0.2}});
  s.threshold_step = 0.1;
  REQUIRE(s.thresholds.size() == 2);
  CHECK(s.thresholds[0].name == "volume_z");
  CHECK(s.thresholds[0].key == "pattern.volume_spike");
  CHECK(s.thresholds[1].stricter == -1);
  weight_learner w{s};
  CHECK(w.thresholds() == std::map<std::string, double>{{"volume_z", 3.0}, {"squeeze_quantile", 0.2}});

  // One round by hand: volume spikes pay (z capped at 4 -> looser: volume_z / 1.1),
  // squeeze releases lose (z = -4 -> stricter: squeeze_quantile / 1.1), breakouts are
  // noise and gate nothing.
  std::optional<weight_version> v;
  for (int i = 0; i < 50; ++i) {
    v = w.on_outcome("pattern.volume_spike", i % 2 ? 0.012 : 0.008, 1);
    if (!v)
      v = w.on_outcome("pattern.squeeze_release", i % 2 ? -0.012 : -0.008, 1);
  }
  REQUIRE(v);
  CHECK(v->thresholds.at("volume_z") == Approx(3.0 / 1.1).epsilon(1e-12));
  CHECK(v->thresholds.at("squeeze_quantile") == Approx(0.2 / 1.1).epsilon(1e-12));
  w.commit(*v);
  CHECK(w.thresholds() == v->thresholds);

  // Round after round the same evidence: each step at most 10 %, never past the bounds.
  std::mt19937 rng{3};
  const std::map<std::string, double> means{{"pattern.volume_spike", 0.003},
                                            {"pattern.squeeze_release", -0.003}};
  double last_z = w.thresholds().at("volume_z"), last_q = w.thresholds().at("squeeze_quantile");
  for (int r = 0; r < 20; ++r)
    if (auto x = round(w, rng, means, 0.004, 50, r)) {
      const double z = x->thresholds.at("volume_z"), q = x->thresholds.at("squeeze_quantile");
      CHECK(z <= last_z);
      CHECK(z >= last_z / 1.1 - 1e-12);
      CHECK(q <= last_q);
      CHECK(q >= last_q / 1.1 - 1e-12);
      last_z = z;
      last_q = q;
    }
  CHECK(w.thresholds().at("volume_z") == Approx(2.5));          // its lower bound
  CHECK(w.thresholds().at("squeeze_quantile") == Approx(0.1));  // its lower bound (stricter)

  // Rollback takes the thresholds back with the weights: to version 1's, and to the
  // configured ones for version 0.
  std::string error;
  auto back = w.rollback(1, 9, "op", error);
  REQUIRE(back);
  w.commit(*back);
  CHECK(w.thresholds().at("volume_z") == Approx(3.0 / 1.1).epsilon(1e-12));
  auto zero = w.rollback(0, 10, "op", error);
  REQUIRE(zero);
  w.commit(*zero);
  CHECK(w.thresholds() == std::map<std::string, double>{{"volume_z", 3.0}, {"squeeze_quantile", 0.2}});

  // A restored learner with narrower bounds reads its thresholds inside them.
  auto narrower = s;
  narrower.thresholds[0].min = 3.2;
  narrower.thresholds[0].max = 4.0;
  w.configure(narrower);
  CHECK(w.thresholds().at("volume_z") == Approx(3.2));
}
