#include <catch2/catch.hpp>

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/learning/learning_daemon.hpp"
#include "actors/node/run_backtest.hpp"
#include "config/loader.hpp"

using namespace tickline;

// The learning daemon in the example backtest: every signal the detectors log reaches
// it, and each is followed to its outcome.

TEST_CASE("the learning daemon follows every signal of a backtest to its outcomes",
          "[learning][backtest]") {
  const std::string root = TICKLINE_SOURCE_DIR;
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  REQUIRE(r.config.learning.mode == "observe");  // the default
  backtest_options o;
  o.files = {{"BTCUSDT", {root + "/examples/data/BTCUSDT-1m-sample.csv"}},
             {"ETHUSDT", {root + "/examples/data/ETHUSDT-1m-sample.csv"}}};
  learning_state seen;
  o.after_event = [&seen](std::uint64_t event, const actor_registry& reg) {
    if (event != 1440)
      return;
    // Between events nothing runs: the daemon's state can be read where it is.
    auto* a = caf::actor_cast<caf::abstract_actor*>(reg.get("learning_daemon"));
    auto* daemon = dynamic_cast<caf::stateful_actor<learning_daemon_actor>*>(a);
    REQUIRE(daemon != nullptr);
    seen = daemon->state.learning;
  };
  auto res = run_backtest(r.config, o);
  REQUIRE(res.signals > 50);
  // Every signal is ignored (no direction), pending, or done at both horizons.
  const auto h0 = seen.table(0, true);
  const auto h1 = seen.table(1, true);
  double done0 = 0, done1 = 0;
  for (const auto& row : h0)
    done0 += row.outcomes;
  for (const auto& row : h1)
    done1 += row.outcomes;
  CHECK(seen.ignored() + seen.pending() + static_cast<std::uint64_t>(done1) == res.signals);
  CHECK(seen.recorded() == static_cast<std::uint64_t>(done0 + done1));
  CHECK(seen.dropped() == 0);
  CHECK(done1 > 20);
  // Outcomes at 20 bars are at most those at 5; the pooled keys are detector/pattern.
  CHECK(done1 <= done0);
  bool breakout = false;
  for (const auto& row : h0) {
    CHECK(row.key.find('/') != std::string::npos);
    CHECK(row.hit_rate > 0);
    CHECK(row.hit_rate < 1);
    breakout = breakout || row.key == "pattern/breakout";
  }
  CHECK(breakout);
  // The trades the backtest closed are booked by the signal that opened them.
  std::uint64_t trades = 0;
  for (const auto& [key, t] : seen.trades())
    trades += t.trades;
  CHECK(trades == res.trades.size());
}
