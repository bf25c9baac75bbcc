#include "tools/bench/bench_pipeline.hpp"

#include <chrono>
#include <map>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/node/plain_pipeline.hpp"
#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/metrics.hpp"
#include "runtime/system_config.hpp"

namespace tickline::bench {

namespace {

using steady = std::chrono::steady_clock;

constexpr double ticks_per_second = 1000;     // per symbol, in simulated time
constexpr std::int64_t slice_ns = 50'000'000; // 50 ms of simulated time per slice
constexpr std::int64_t start_ns = 1'700'000'000'000'000'000;

engine_config make_config(const pipeline_options& o) {
  auto cfg = load_demo_config().config;
  cfg.strategy.enabled = false;  // market data and detection only
  cfg.market.symbols.clear();
  for (int i = 0; i < o.symbols; ++i)
    cfg.market.symbols.push_back("SYM" + std::to_string(i));
  cfg.feeds.resize(1);
  auto& f = cfg.feeds[0];
  f.name = "bench";
  f.symbols.clear();
  f.seed = o.seed;
  f.ticks_per_second = ticks_per_second;
  // Bar detectors on one-second bars, so that a run of a few simulated minutes gives
  // them enough bars to warm up and fire.
  cfg.detectors.pattern.timeframe = "1s";
  cfg.detectors.volatility.timeframe = "1s";
  return cfg;
}

std::int64_t slice_count(const pipeline_options& o) {
  double seconds = static_cast<double>(o.ticks) / (ticks_per_second * o.symbols);
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(seconds * 1e9 / slice_ns + 0.5));
}

struct run_result {
  double seconds = 0;
  std::uint64_t ticks = 0;
  std::uint64_t bars = 0;
  std::uint64_t signals = 0;
  std::map<std::string, std::uint64_t> by_kind;  ///< Actors only: signals by detector kind.
};

// Counts the logged signals by kind.
caf::behavior kind_counter(caf::event_based_actor*, std::shared_ptr<run_result> r) {
  return {[r](const std::vector<signal>& batch) {
    for (const auto& s : batch)
      ++r->by_kind[to_string(s.kind)];
  }};
}

run_result run_actors(const engine_config& cfg, const pipeline_options& o) {
  auto counters = std::make_shared<node_counters>();
  if (o.metrics)
    counters->metrics = std::make_shared<node_metrics>(counters);
  auto clk = std::make_shared<sim_clock>(start_ns);
  node_system_config sys_cfg{o.threads};
  caf::actor_system sys{sys_cfg};
  caf::scoped_actor self{sys};
  auto kinds = std::make_shared<run_result>();
  auto counter = sys.spawn(kind_counter, kinds);
  topology_options topts;
  topts.self_timed_feeds = false;
  topts.on_end = {caf::actor_cast<caf::actor>(self)};
  topts.signal_taps = {counter};
  auto graph = topology::start(sys, cfg, clk, counters, topts);
  if (!graph.wait_running(sys, std::chrono::seconds{30}))
    throw std::runtime_error("the actor tree did not start");
  auto feed = graph.feed(0);
  auto t0 = steady::now();
  auto n = slice_count(o);
  for (std::int64_t i = 1; i <= n; ++i)
    self->send(feed, slice_atom::value, start_ns + i * slice_ns);
  self->send(feed, end_atom::value);
  // The signal log reports the end once every stage has drained.
  bool drained = false;
  self->receive([&](end_atom) { drained = true; },
                caf::after(std::chrono::minutes{1}) >> [] {});
  if (!drained)
    throw std::runtime_error("the pipeline did not drain within a minute");
  run_result r;
  r.seconds = std::chrono::duration<double>(steady::now() - t0).count();
  r.ticks = counters->ticks;
  r.bars = counters->bars;
  r.signals = counters->signals;
  graph.stop(sys, std::chrono::minutes{1});
  self->send_exit(counter, caf::exit_reason::user_shutdown);
  self->wait_for(counter);
  r.by_kind = kinds->by_kind;
  return r;
}

run_result run_plain(const engine_config& cfg, const pipeline_options& o) {
  auto t0 = steady::now();
  auto p = run_plain_pipeline(cfg, start_ns, slice_ns, slice_count(o));
  run_result r;
  r.seconds = std::chrono::duration<double>(steady::now() - t0).count();
  r.ticks = p.ticks;
  r.bars = p.bars;
  r.signals = p.signals;
  return r;
}

nlohmann::json to_json(const run_result& r) {
  return {{"seconds", r.seconds},
          {"ticks", r.ticks},
          {"bars", r.bars},
          {"signals", r.signals},
          {"signals_by_kind", r.by_kind},
          {"ticks_per_s", r.seconds > 0 ? r.ticks / r.seconds : 0.0}};
}

} // namespace

nlohmann::json run_pipeline(const pipeline_options& o) {
  spdlog::set_level(spdlog::level::warn);
  auto cfg = make_config(o);
  auto actors = run_actors(cfg, o);
  auto plain = run_plain(cfg, o);
  double a = actors.seconds > 0 ? actors.ticks / actors.seconds : 0;
  double p = plain.seconds > 0 ? plain.ticks / plain.seconds : 0;
  return {{"bench", "pipeline"}, {"metrics", o.metrics},
          {"symbols", o.symbols},
          {"threads", resolve_threads(o.threads)},
          {"seed", o.seed},
          {"actors", to_json(actors)},
          {"plain_loop", to_json(plain)},
          {"same_results", actors.ticks == plain.ticks && actors.bars == plain.bars
                             && actors.signals == plain.signals},
          {"ratio", p > 0 ? a / p : 0.0}};
}

} // namespace tickline::bench
