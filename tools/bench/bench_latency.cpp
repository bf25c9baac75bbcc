#include "tools/bench/bench_latency.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

using steady = std::chrono::steady_clock;
constexpr std::int64_t start_ns = 1'700'000'000'000'000'000;

std::int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now().time_since_epoch()).count();
}

// Shared by the driver (which records when each slice was sent) and the tap (which
// receives the logged signals).
struct probe {
  std::mutex mtx;
  std::map<std::int64_t, std::int64_t> sent;  ///< Slice end (data time) -> wall time sent.
  std::int64_t measure_from_ns = 0;           ///< Data time where measuring starts.
  std::vector<double> latencies_us;
  std::uint64_t signals = 0;
};

caf::behavior tap(caf::event_based_actor*, std::shared_ptr<probe> p) {
  return {
    [p](const std::vector<signal>& batch) {
      auto now = wall_ns();
      std::lock_guard<std::mutex> g{p->mtx};
      for (const auto& s : batch) {
        ++p->signals;
        // Bar signals wait for the bar to close; only trade-triggered ones measure the path.
        if (s.kind != signal_kind::whale || s.ts_ns < p->measure_from_ns)
          continue;
        // The feed generates [previous end, end): the trade went out with the first
        // slice whose end is after it.
        auto it = p->sent.upper_bound(s.ts_ns);
        if (it != p->sent.end())
          p->latencies_us.push_back(static_cast<double>(now - it->second) / 1e3);
      }
    },
  };
}

} // namespace

nlohmann::json run_latency(const latency_options& o) {
  spdlog::set_level(spdlog::level::warn);
  auto cfg = load_demo_config().config;
  cfg.strategy.enabled = false;  // market data and detection only
  cfg.market.symbols.clear();
  for (int i = 0; i < o.symbols; ++i)
    cfg.market.symbols.push_back("SYM" + std::to_string(i));
  cfg.feeds.resize(1);
  cfg.feeds[0].name = "bench";
  cfg.feeds[0].symbols.clear();
  cfg.feeds[0].seed = o.seed;
  cfg.feeds[0].ticks_per_second = o.rate / o.symbols;

  auto counters = std::make_shared<node_counters>();
  auto clk = std::make_shared<sim_clock>(start_ns);
  node_system_config sys_cfg{o.threads};
  caf::actor_system sys{sys_cfg};
  auto p = std::make_shared<probe>();
  auto tapper = sys.spawn(tap, p);
  topology_options topts;
  topts.self_timed_feeds = false;
  topts.signal_taps = {tapper};
  auto graph = topology::start(sys, cfg, clk, counters, topts);
  if (!graph.wait_running(sys, std::chrono::seconds{30}))
    throw std::runtime_error("the actor tree did not start");
  auto feed = graph.feed(0);
  caf::scoped_actor self{sys};

  const std::int64_t slice_ns = o.slice_us * 1000;
  const auto total = static_cast<std::int64_t>((o.warmup_seconds + o.seconds) * 1e9 / slice_ns);
  p->measure_from_ns = start_ns + static_cast<std::int64_t>(o.warmup_seconds * 1e9);
  const auto begin = steady::now();
  std::int64_t late = 0;
  for (std::int64_t i = 1; i <= total; ++i) {
    // Data time runs with wall time: slice i goes out when its end is reached.
    auto due = begin + std::chrono::nanoseconds{i * slice_ns};
    if (steady::now() > due + std::chrono::nanoseconds{slice_ns})
      ++late;
    std::this_thread::sleep_until(due);
    auto to = start_ns + i * slice_ns;
    {
      std::lock_guard<std::mutex> g{p->mtx};
      p->sent.emplace(to, wall_ns());
    }
    clk->set_ns(to);
    self->send(feed, slice_atom::value, to);
  }
  const double elapsed = std::chrono::duration<double>(steady::now() - begin).count();
  std::this_thread::sleep_for(std::chrono::milliseconds{500});  // let the last signals land
  graph.stop(sys, std::chrono::minutes{1});
  self->send_exit(tapper, caf::exit_reason::user_shutdown);

  std::lock_guard<std::mutex> g{p->mtx};
  auto lat = p->latencies_us;
  return {{"bench", "latency"},
          {"symbols", o.symbols},
          {"threads", resolve_threads(o.threads)},
          {"offered_ticks_per_s", o.rate},
          {"ticks", counters->ticks.load()},
          {"achieved_ticks_per_s", counters->ticks.load() / elapsed},
          {"slice_us", o.slice_us},
          {"late_slices", late},
          {"signals", p->signals},
          {"measured_signals", lat.size()},
          {"tick_to_signal_us", percentiles(lat)}};
}

} // namespace tickline::bench
