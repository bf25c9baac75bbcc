#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/learning/learning_daemon.hpp"
#include "actors/learning/learning_view.hpp"
#include "actors/market_data/market_data_generator.hpp"
#include "actors/node/planted_edge.hpp"
#include "actors/node/run_backtest.hpp"
#include "actors/trading/strategy/strategy.hpp"
#include "config/loader.hpp"
#include "../../storage/temp_dir.hpp"

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
    seen = daemon->state.model.stats;
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

namespace {

// Four symbols, `days` of 1-minute klines with a planted edge after `pattern`.
std::vector<std::pair<std::string, std::vector<std::string>>> planted_data(
  const std::string& dir, const std::string& pattern, int days, std::uint64_t seed) {
  generate_request g;
  g.out_dir = dir;
  g.symbols = 4;
  g.from_ns = 1704067200000000000;  // 2024-01-01
  g.to_ns = g.from_ns + days * 86'400'000'000'000;
  g.kind = generated_kind::klines;
  g.seed = seed;
  g.rate = 0.1;
  if (!pattern.empty()) {
    planted_edge e;
    e.pattern = pattern;
    e.move = 0.004;
    e.bars = 5;
    g.shaper = edge_shaper(e);
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> files;
  for (const auto& f : generate_market_data(g))
    files.push_back({f.symbol, {f.path}});
  return files;
}

struct learned {
  learning_model model;
  std::map<std::string, double> strategy_learned;
  std::uint64_t strategy_version = 0;
};

// Runs the example backtest config with [learning] `mode` over `files`; returns what the
// daemon and the strategy held at the end.
learned run_learning(const std::string& mode,
                     std::vector<std::pair<std::string, std::vector<std::string>>> files,
                     backtest_result* result = nullptr) {
  const std::string root = TICKLINE_SOURCE_DIR;
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  r.config.learning.mode = mode;
  backtest_options o;
  o.files = std::move(files);
  learned out;
  o.after_event = [&out](std::uint64_t event, const actor_registry& reg) {
    if (event % 2000 != 0)
      return;
    auto* d = dynamic_cast<caf::stateful_actor<learning_daemon_actor>*>(
      caf::actor_cast<caf::abstract_actor*>(reg.get("learning_daemon")));
    auto* s = dynamic_cast<caf::stateful_actor<strategy_actor>*>(
      caf::actor_cast<caf::abstract_actor*>(reg.get("strategy")));
    REQUIRE(d != nullptr);
    REQUIRE(s != nullptr);
    out.model = d->state.model;
    out.strategy_learned = s->state.strategy.learned();
    out.strategy_version = s->state.strategy.learned_version();
  };
  auto res = run_backtest(r.config, o);
  if (result)
    *result = std::move(res);
  return out;
}

} // namespace

TEST_CASE("a planted edge: the daemon ranks its pattern first, its weight rises, the others "
          "fall, and in apply mode the strategy uses them",
          "[learning][backtest][planted]") {
  test::temp_dir dir;
  auto files = planted_data(dir.path(), "breakout", 6, 11);
  auto got = run_learning("apply", files);
  const auto pooled = got.model.stats.table(0, true);
  REQUIRE(pooled.size() >= 3);
  INFO("first: " << pooled[0].key << " " << pooled[0].hit_rate << ", second: " << pooled[1].key
                 << " " << pooled[1].hit_rate);
  CHECK(pooled[0].key == "pattern/breakout");
  CHECK(pooled[0].mean_return > 0.002);
  const auto& w = got.model.weights;
  INFO(weights_summary(w.weights()));
  REQUIRE(w.version() >= 5);
  CHECK(w.weights().at("pattern.breakout") > 2);
  for (const auto& [k, x] : w.weights())
    CHECK(x <= w.weights().at("pattern.breakout"));
  // A squeeze release is a close outside the bands after a squeeze: mostly a breakout
  // too, on the same bar and the same way, so it shares the planted edge. The patterns
  // that do not coincide with breakouts fall.
  for (const auto* k : {"pattern.ema_cross", "pattern.rsi_divergence", "pattern.volume_spike"}) {
    INFO(k);
    REQUIRE(w.weights().count(k) == 1);
    CHECK(w.weights().at(k) < 1);
  }
  // The strategy holds the daemon's latest version.
  CHECK(got.strategy_version == w.version());
  CHECK(got.strategy_learned == w.weights());

  // Observe: the same proposals, but the strategy keeps its own weights.
  auto observed = run_learning("observe", files);
  CHECK(observed.model.weights.weights() == w.weights());
  CHECK(observed.strategy_version == 0);
  CHECK(observed.strategy_learned.empty());
}

TEST_CASE("a planted edge: parsed with the place named; the data is the process's until the "
          "first signal of its pattern",
          "[learning][planted]") {
  std::string error;
  auto e = parse_planted_edge("breakout:0.004:5", error);
  REQUIRE(e);
  CHECK(e->pattern == "breakout");
  CHECK(e->move == 0.004);
  CHECK(e->bars == 5);
  CHECK_FALSE(parse_planted_edge("breakout:0.004", error).has_value());
  CHECK(error == "--plant: expected PATTERN:MOVE:BARS (\"breakout:0.004:5\"), got \"breakout:0.004\"");
  CHECK_FALSE(parse_planted_edge("hammer:0.01:5", error).has_value());
  CHECK(error.find("unknown pattern \"hammer\"") != std::string::npos);
  CHECK_FALSE(parse_planted_edge("breakout:0.9:5", error).has_value());
  CHECK(error == "--plant: the move must be a fraction in (0, 0.5], got \"0.9\"");
  CHECK_FALSE(parse_planted_edge("breakout:0.01:0", error).has_value());
  CHECK(error == "--plant: the bars must be a whole number in 1..1000, got \"0\"");

  test::temp_dir plain_dir, planted_dir;
  auto plain = planted_data(plain_dir.path(), "", 1, 3);
  auto planted = planted_data(planted_dir.path(), "breakout", 1, 3);
  auto lines = [](const std::string& path) {
    std::ifstream in{path};
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);)
      out.push_back(l);
    return out;
  };
  const auto a = lines(plain[0].second[0]);
  const auto b = lines(planted[0].second[0]);
  REQUIRE(a.size() == 1440);
  REQUIRE(b.size() == 1440);
  std::size_t first_diff = 0;
  while (first_diff < a.size() && a[first_diff] == b[first_diff])
    ++first_diff;
  // The detector needs its lookback (20 bars) before a breakout; the minute after the
  // first one is the first to move.
  CHECK(first_diff > 20);
  CHECK(first_diff < a.size());
  // From then on the closes are the process's times a factor that only moves in steps
  // of move / bars.
  auto close_of = [](const std::string& row) {
    std::size_t at = 0;
    for (int i = 0; i < 4; ++i)
      at = row.find(',', at) + 1;
    return std::stod(row.substr(at, row.find(',', at) - at));
  };
  const double ratio = close_of(b[first_diff]) / close_of(a[first_diff]);
  CHECK(std::fabs(std::fabs(ratio - 1) - 0.004 / 5) < 1e-6);
}
