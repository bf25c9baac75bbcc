#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <random>

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/learning/learning_daemon.hpp"
#include "actors/learning/learning_view.hpp"
#include "actors/market_data/market_data_generator.hpp"
#include "actors/node/planted_edge.hpp"
#include "actors/node/run_backtest.hpp"
#include "actors/node/walk_forward.hpp"
#include "actors/signals/bar_detector.hpp"
#include "actors/signals/pattern_detector_state.hpp"
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
  const std::string& dir, const std::string& pattern, int days, std::uint64_t seed,
  double move = 0.004, double rate = 0.1) {
  generate_request g;
  g.out_dir = dir;
  g.symbols = 4;
  g.from_ns = 1704067200000000000;  // 2024-01-01
  g.to_ns = g.from_ns + days * 86'400'000'000'000;
  g.kind = generated_kind::klines;
  g.seed = seed;
  g.rate = rate;
  if (!pattern.empty()) {
    planted_edge e;
    e.pattern = pattern;
    e.move = move;
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
  pattern_thresholds detector_thresholds;  ///< detector:pattern:<first symbol>'s.
};

// Runs the example backtest config with [learning] `mode` over `files`; returns what the
// daemon and the strategy held at the end.
learned run_learning(const std::string& mode,
                     std::vector<std::pair<std::string, std::vector<std::string>>> files,
                     backtest_result* result = nullptr, bool thresholds = false) {
  const std::string root = TICKLINE_SOURCE_DIR;
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  r.config.learning.mode = mode;
  if (thresholds)
    r.config.learning.threshold_bounds = {{"volume_z", {2.5, 4.5}}, {"squeeze_quantile", {0.1, 0.3}}};
  const std::string detector = "detector:pattern:" + files.front().first;
  backtest_options o;
  o.files = std::move(files);
  learned out;
  o.after_event = [&out, detector](std::uint64_t event, const actor_registry& reg) {
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
    auto* p = dynamic_cast<caf::stateful_actor<bar_detector_actor<pattern_detector_state>>*>(
      caf::actor_cast<caf::abstract_actor*>(reg.get(detector)));
    REQUIRE(p != nullptr);
    out.detector_thresholds = p->state.detector.thresholds();
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

  // With [learning.thresholds]: squeeze releases share the edge, so their threshold is
  // loosened (a higher quantile lets more squeezes through), within its bounds, and the
  // pattern detectors use it; observe leaves the detectors alone.
  backtest_result tuned_run;
  auto tuned = run_learning("apply", files, &tuned_run, true);
  const auto t = tuned.model.weights.thresholds();
  INFO("volume_z " << t.at("volume_z") << " squeeze_quantile " << t.at("squeeze_quantile"));
  CHECK(t.at("squeeze_quantile") > 0.2);
  CHECK(t.at("squeeze_quantile") <= 0.3);
  CHECK(t.at("volume_z") >= 2.5);
  CHECK(t.at("volume_z") <= 4.5);
  CHECK(tuned.detector_thresholds.squeeze_quantile == t.at("squeeze_quantile"));
  CHECK(tuned.detector_thresholds.volume_z == t.at("volume_z"));
  // A run that starts from that model: its detectors have its thresholds from the start
  // (they come up after the daemon, and get them once they are there).
  {
    REQUIRE(tuned_run.learned);
    const std::string root = TICKLINE_SOURCE_DIR;
    auto r = load_config_file(root + "/examples/backtest.toml");
    REQUIRE(r.ok());
    r.config.learning.mode = "apply";
    r.config.learning.threshold_bounds = {{"volume_z", {2.5, 4.5}}, {"squeeze_quantile", {0.1, 0.3}}};
    backtest_options o;
    o.files = files;
    o.learning_start = tuned_run.learned;
    o.to_ns = 1704067200000000000 + 3'600'000'000'000;  // an hour is enough
    const std::string detector = "detector:pattern:" + files.front().first;
    pattern_thresholds seen;
    o.after_event = [&](std::uint64_t event, const actor_registry& reg) {
      if (event != 10)
        return;
      auto* p = dynamic_cast<caf::stateful_actor<bar_detector_actor<pattern_detector_state>>*>(
        caf::actor_cast<caf::abstract_actor*>(reg.get(detector)));
      REQUIRE(p != nullptr);
      seen = p->state.detector.thresholds();
    };
    run_backtest(r.config, o);
    CHECK(seen.squeeze_quantile == t.at("squeeze_quantile"));
    CHECK(seen.volume_z == t.at("volume_z"));
  }
  auto watched = run_learning("observe", files, nullptr, true);
  CHECK(watched.model.weights.thresholds().at("squeeze_quantile") > 0.2);
  CHECK(watched.detector_thresholds.squeeze_quantile == 0.2);
  CHECK(watched.detector_thresholds.volume_z == 3.0);
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

TEST_CASE("walk-forward over planted data: out of sample, learning applied beats learning off",
          "[learning][backtest][planted][walk_forward]") {
  test::temp_dir dir;
  // Volume enough (rate 2) for the position to fill within a bar or two at the broker's
  // 25 % participation, so that the 5-minute edge can be traded at all.
  const int days = 6;
  auto files = planted_data(dir.path(), "breakout", days, 11, 0.004, 2.0);
  const std::string root = TICKLINE_SOURCE_DIR;
  auto r = load_config_file(root + "/examples/backtest.toml");
  REQUIRE(r.ok());
  r.config.learning.mode = "apply";
  auto& wf = r.config.backtest.walk_forward;
  wf.enabled = true;
  wf.in_sample_ns = 2 * 86'400'000'000'000LL;
  wf.out_of_sample_ns = 86'400'000'000'000LL;
  wf.objective = "total_return";
  backtest_options o;
  o.files = files;
  const std::int64_t from = 1704067200000000000, to = from + days * 86'400'000'000'000LL;
  auto score = [](const backtest_result& x) {
    double pnl = 0;
    for (const auto& t : x.trades)
      pnl += t.pnl;
    return pnl;
  };
  const auto windows = run_walk_forward(r.config, o, from, to, score, 1);
  REQUIRE(windows.size() >= 2);
  double off = 0, on = 0;
  for (const auto& w : windows) {
    INFO("window at " << w.out_of_sample_from_ns << ": off " << w.out_of_sample_pnl << " ("
                      << w.out_of_sample_trades << " trades), apply " << w.learning_out_of_sample_pnl
                      << " (" << w.learning_out_of_sample_trades << " trades), model v"
                      << w.learning_model_version << " " << weights_summary(w.learning_weights));
    CHECK(w.learning);
    // Each out-of-sample run started from what its in-sample run learned: the edge.
    REQUIRE(w.learning_model_version > 0);
    CHECK(w.learning_weights.at("pattern.breakout") > 1.5);
    off += w.out_of_sample_pnl;
    on += w.learning_out_of_sample_pnl;
  }
  INFO("out of sample: off " << off << ", apply " << on);
  CHECK(on > off);
  // Deterministic: the same windows give the same figures.
  const auto again = run_walk_forward(r.config, o, from, to, score, 1);
  REQUIRE(again.size() == windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) {
    CHECK(again[i].learning_out_of_sample_pnl == windows[i].learning_out_of_sample_pnl);
    CHECK(again[i].out_of_sample_pnl == windows[i].out_of_sample_pnl);
    CHECK(again[i].learning_weights == windows[i].learning_weights);
  }
}

namespace {

// Four symbols, `days` of 1-minute klines of a pure random walk: i.i.d. normal log returns
// (sd 0.04% per quarter minute), no planted or generated structure at all.
std::vector<std::pair<std::string, std::vector<std::string>>> random_walk_data(const std::string& dir,
                                                                             int days) {
  std::mt19937 rng{5};
  std::normal_distribution<double> step{0, 0.0004};
  std::vector<std::pair<std::string, std::vector<std::string>>> files;
  for (int s = 0; s < 4; ++s) {
    const std::string sym = "RND" + std::to_string(s) + "USDT";
    const std::string path = dir + "/" + sym + "-1m-2024-01.csv";
    std::ofstream f{path};
    double p = 100 + 50 * s;
    const std::int64_t t0 = 1704067200000;
    for (int i = 0; i < days * 1440; ++i) {
      const double o = p;
      double h = p, l = p;
      for (int k = 0; k < 4; ++k) {
        p *= std::exp(step(rng));
        h = std::max(h, p);
        l = std::min(l, p);
      }
      const std::int64_t ot = t0 + i * 60000LL;
      f << std::fixed << std::setprecision(8) << ot << "," << o << "," << h << "," << l << "," << p
        << ",1000," << ot + 59999 << "," << 1000 * p << ",100,500," << 500 * p << ",0\n";
    }
    files.push_back({sym, {path}});
  }
  return files;
}

} // namespace

TEST_CASE("on a pure random walk the weights stay within the noise bounds",
          "[learning][backtest][noise]") {
  test::temp_dir dir;
  auto got = run_learning("observe", random_walk_data(dir.path(), 4));
  const auto& w = got.model.weights;
  INFO(weights_summary(w.weights()) << ", " << w.version() << " versions in " << w.rounds()
                                    << " rounds");
  REQUIRE(w.rounds() >= 100);
  // No pattern has an edge: the pooled mean returns are within noise of 0...
  for (const auto& row : got.model.stats.table(0, true)) {
    INFO(row.key << " mean " << row.mean_return << " se " << row.return_se);
    CHECK(std::fabs(row.mean_return) < 4 * row.return_se + 1e-4);
  }
  // ...and the weights wander near 1, far from where a planted edge puts them (4 and
  // 0.25): within [1/2, 2], and moved in well under half the rounds.
  for (const auto& [k, x] : w.weights()) {
    INFO(k << " " << x);
    CHECK(x > 0.5);
    CHECK(x < 2.0);
  }
  CHECK(w.version() * 3 < w.rounds());
}
