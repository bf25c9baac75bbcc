#include "tools/bench/bench_supervision.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>

#include <malloc.h>
#include <stdexcept>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "tools/bench/bench_scratch.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

using steady = std::chrono::steady_clock;
constexpr std::int64_t start_ns = 1'700'000'000'000'000'000;

double seconds_since(steady::time_point t0) {
  return std::chrono::duration<double>(steady::now() - t0).count();
}

// `symbols` subtrees, snapshots by explicit request only, no backoff, generous intensity.
engine_config tree_config(int symbols) {
  auto cfg = load_demo_config().config;
  cfg.strategy.enabled = false;  // market data and detection only
  cfg.market.symbols.clear();
  for (int i = 0; i < symbols; ++i)
    cfg.market.symbols.push_back("S" + std::to_string(i));
  cfg.feeds.resize(1);
  cfg.feeds[0].symbols.clear();
  for (auto* p : {&cfg.supervision.market, &cfg.supervision.symbol, &cfg.supervision.ops}) {
    p->intensity = 1'000'000;
    p->backoff_min_ms = p->backoff_max_ms = 0;
  }
  for (auto* p : {&cfg.snapshots.feed, &cfg.snapshots.scanner, &cfg.snapshots.detector,
                  &cfg.snapshots.signal_log})
    *p = snapshot_policy_config{0, 0, true};
  return cfg;
}

struct running_tree {
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(start_ns);
  node_system_config sys_cfg;
  caf::actor_system sys;
  caf::scoped_actor driver{sys};
  topology graph;

  running_tree(const engine_config& cfg, int threads, std::shared_ptr<store> db,
               snapshot_policy_config worker_policy = {0, 0, true})
    : sys_cfg(threads), sys(sys_cfg) {
    auto c = cfg;
    for (auto* p : {&c.snapshots.scanner, &c.snapshots.detector})
      *p = worker_policy;
    topology_options opts;
    opts.self_timed_feeds = false;
    opts.snapshots = std::make_shared<snapshot_store>(db);
    opts.on_end = {caf::actor_cast<caf::actor>(driver)};
    graph = topology::start(sys, c, clk, counters, opts);
    if (!graph.wait_running(sys, std::chrono::minutes{2}))
      throw std::runtime_error("the tree did not start");
  }
  // Gives every symbol some history (`slices` slices after the first `after`) so that
  // snapshots carry real state; returns once every stage has handled it.
  void feed(int slices, int after = 0) {
    for (int i = after + 1; i <= after + slices; ++i)
      driver->send(graph.feed(0), slice_atom::value, start_ns + i * 50'000'000LL);
    driver->send(graph.feed(0), end_atom::value);
    driver->receive([](end_atom) {}, caf::after(std::chrono::minutes{1}) >> [] {
      throw std::runtime_error("the tree did not drain");
    });
  }
  ~running_tree() { graph.stop(sys, std::chrono::minutes{1}); }
};

} // namespace

nlohmann::json run_restart(const supervision_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  auto db = store::open(dir.path + "/db");
  running_tree tree{tree_config(4), o.threads, db, {1, 0, true}};
  tree.feed(200);
  const std::string name = "detector:volatility:S1";  // the last child of its subtree
  caf::scoped_actor self{tree.sys};
  std::vector<double> us;
  for (int i = 0; i < o.iterations; ++i) {
    auto old = tree.graph.registry->get(name);
    // Let the old incarnation drain, so that its latest state is snapshotted.
    self->request(old, std::chrono::seconds{10}, stats_atom::value).receive([](std::int64_t) {}, [](caf::error&) {});
    auto& reg = *tree.graph.registry;
    auto t0 = steady::now();
    auto gen = reg.generation();
    self->send(old, crash_atom::value);
    caf::actor fresh;
    while (!fresh || fresh == old) {
      gen = reg.await_change(gen, std::chrono::seconds{10});
      fresh = reg.get(name);
    }
    // Its first message is served after the restore: the answer marks "running, restored".
    self->request(fresh, std::chrono::seconds{10}, stats_atom::value)
      .receive([](std::int64_t) {}, [](caf::error&) {});
    us.push_back(seconds_since(t0) * 1e6);
  }
  return {{"bench", "restart"},
          {"restarts", tree.counters->restarts.load()},
          {"restored", tree.counters->snapshots_restored.load()},
          {"latency_us", percentiles(us)}};
}

nlohmann::json run_snapshot(const supervision_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  auto db = store::open(dir.path + "/db");
  running_tree tree{tree_config(std::max(o.actors / 4, 1)), o.threads, db};
  tree.feed(100);
  std::vector<double> ms;
  std::size_t written = 0;
  for (int i = 0; i < 5; ++i) {
    auto t0 = steady::now();
    written = tree.graph.snapshot_all(tree.sys, std::chrono::seconds{30});
    ms.push_back(seconds_since(t0) * 1e3);
  }
  return {{"bench", "snapshot"}, {"actors", written}, {"ms", percentiles(ms)}};
}

nlohmann::json run_coldstart(const supervision_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  auto cfg = tree_config(o.actors);
  std::size_t workers = 0;
  {
    running_tree warm{cfg, o.threads, store::open(dir.path + "/db")};
    warm.feed(100);
    workers = warm.graph.snapshot_all(warm.sys, std::chrono::seconds{60});
  }
  auto t0 = steady::now();
  auto db = store::open(dir.path + "/db");
  running_tree cold{cfg, o.threads, db};
  double secs = seconds_since(t0);
  return {{"bench", "coldstart"},
          {"symbol_subtrees", o.actors},
          {"workers", workers},
          {"restored", cold.counters->snapshots_restored.load()},
          {"tree_nodes", cold.graph.registry->nodes().size()},
          {"seconds", secs}};
}

nlohmann::json run_journal(const supervision_options& o) {
  scratch dir{o.dir};
  journal j{store::open(dir.path + "/db"), "bench"};
  std::string payload(200, 'x');
  std::vector<double> us;
  auto t0 = steady::now();
  for (int i = 0; i < o.iterations; ++i) {
    auto t = steady::now();
    j.append(payload);
    us.push_back(seconds_since(t) * 1e6);
  }
  double secs = seconds_since(t0);
  return {{"bench", "journal"},
          {"appends", o.iterations},
          {"sync", true},
          {"payload_bytes", payload.size()},
          {"ops_per_s", o.iterations / secs},
          {"latency_us", percentiles(us)}};
}

nlohmann::json run_memory(const supervision_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  const double before = status_mb("VmRSS");
  // The demo config's snapshot policy: after 1,000 messages or a second of clock time.
  const auto cfg = tree_config(o.actors);
  running_tree tree{cfg, o.threads, store::open(dir.path + "/db"),
                    load_demo_config().config.snapshots.detector};
  const double started = status_mb("VmRSS");
  // As a live node runs: a second of trades (20 slices) at a time, every stage drained
  // before the next (so that no backlog is measured), then the clock moves on a second,
  // so that every worker writes its snapshot after its next message.
  for (int fed = 0; fed < o.iterations; fed += 20) {
    const int n = std::min(20, o.iterations - fed);
    tree.feed(n, fed);
    tree.clk->set_ns(start_ns + (fed + n) * 50'000'000LL);
  }
  // What malloc holds for live objects, and what it keeps free for reuse (fragmentation).
  const auto heap = ::mallinfo2();
  return {{"bench", "memory"},
          {"symbol_subtrees", o.actors},
          {"slices", o.iterations},
          {"ticks", tree.counters->ticks.load()},
          {"snapshots", tree.counters->snapshots.load()},
          {"rss_mb_before", before},
          {"rss_mb_started", started},
          {"rss_mb", status_mb("VmRSS")},
          {"peak_rss_mb", status_mb("VmHWM")},
          {"heap_in_use_mb", static_cast<double>(heap.uordblks + heap.hblkhd) / (1 << 20)},
          {"heap_free_mb", static_cast<double>(heap.fordblks) / (1 << 20)}};
}

} // namespace tickline::bench
