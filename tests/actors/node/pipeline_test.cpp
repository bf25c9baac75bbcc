#include <catch2/catch.hpp>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <filesystem>
#include <sstream>

#include <unistd.h>

#include <cereal/archives/portable_binary.hpp>

#include "actors/feeds/auditor_state.hpp"
#include "actors/node/plain_pipeline.hpp"
#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "messages/decode_limit.hpp"

using namespace tickline;

// The real actors on CAF's deterministic test scheduler: no threads, no sleeps.

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000'000;
constexpr std::int64_t slice = 50'000'000;

engine_config demo() {
  auto r = load_demo_config();
  REQUIRE(r.ok());
  auto cfg = r.config;
  cfg.feeds.at(0).whale_probability = 0.01;
  return cfg;
}

struct fixture {
  node_system_config sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(t0);
  std::shared_ptr<std::size_t> downs = std::make_shared<std::size_t>(0);
  caf::actor watcher;  // held: CAF ends an actor that nothing references

  // Counts how many of `xs` have terminated.
  void watch(const std::vector<caf::actor>& xs) {
    auto downs_ptr = downs;
    auto n = xs.size();
    // Values go in as spawn arguments: CAF 0.17 dereferences a null pointer (UBSan) when
    // a function actor is spawned with none.
    watcher = sys.spawn([downs_ptr, n](caf::event_based_actor* self, std::vector<caf::actor> xs) -> caf::behavior {
      for (auto& x : xs)
        self->monitor(x);
      self->set_down_handler([self, downs_ptr, n](caf::down_msg&) {
        if (++*downs_ptr == n)
          self->quit();
      });
      return {[](int) {}};
    }, xs);
  }
};

} // namespace

TEST_CASE_METHOD(fixture, "actor pipeline matches the plain loop and drains in order", "[pipeline]") {
  auto cfg = demo();
  auto ended = std::make_shared<int>(0);
  auto listener = sys.spawn([](caf::event_based_actor*, std::shared_ptr<int> count) -> caf::behavior {
    return {[count](end_atom) { ++*count; }};
  }, ended);
  topology_options opts;
  opts.self_timed_feeds = false;
  opts.on_end = {listener};
  auto graph = topology::start(sys, cfg, clk, counters, opts);
  sched.run();
  // root, ops, learning, trading, market, 4 symbol subtrees of a scanner and 3 detectors
  // (whale, pattern, volatility), the auditor, the feed, the signal log and the trade
  // logger, the demo's trading actors (risk supervisor, portfolio, strategy, order
  // manager, paper broker) and the learning daemon.
  auto nodes = graph.registry->nodes();
  CHECK(nodes.size() == 5 + 4 + 4 * 4 + 1 + 1 + 1 + 1 + 5 + 1);
  for (const auto& n : nodes)
    CHECK(n.status == node_status::running);
  const int slices = 400;  // 20 s of simulated market
  for (int i = 1; i <= slices; ++i)
    caf::anon_send(graph.feed(0), slice_atom::value, t0 + i * slice);
  caf::anon_send(graph.feed(0), end_atom::value);
  sched.run();
  CHECK(*ended == 1);
  auto expected = run_plain_pipeline(cfg, t0, slice, slices);
  CHECK(counters->ticks == expected.ticks);
  CHECK(counters->bars == expected.bars);
  CHECK(counters->signals == expected.signals);
  CHECK(expected.ticks > 10'000);
  CHECK(expected.bars > 60);
  CHECK(expected.signals > 10);

  std::vector<caf::actor> all;
  for (const auto& n : graph.registry->nodes())
    all.push_back(n.handle);
  watch(all);
  sched.run();
  caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK(*downs == all.size());
  CHECK(counters->restarts == 0);
  caf::anon_send_exit(listener, caf::exit_reason::user_shutdown);
  sched.run();
}

TEST_CASE_METHOD(fixture, "a live feed wakes every slice and reads the clock", "[pipeline]") {
  auto cfg = demo();
  auto graph = topology::start(sys, cfg, clk, counters);
  sched.run();
  CHECK(counters->ticks == 0);
  clk->advance_ns(slice);
  REQUIRE(sched.trigger_timeouts() >= 1);  // the feed's slice (and the auditor's check)
  sched.run();
  auto after_one = counters->ticks.load();
  // 4 symbols at 200 trades/s over 50 ms: about 40.
  CHECK(after_one > 15);
  CHECK(after_one < 80);
  clk->advance_ns(20 * slice);
  REQUIRE(sched.trigger_timeouts() >= 1);
  sched.run();
  CHECK(counters->ticks > after_one + 400);
  caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
  sched.run();
  CHECK_FALSE(graph.feed(0));
}

TEST_CASE_METHOD(fixture, "the auditor sees a feed come up, go silent and come back", "[pipeline][auditor]") {
  auto cfg = demo();
  cfg.feeds[0].stale_after_ms = 1000;
  // A store, so that the auditor can answer with its snapshot.
  std::string dir = (std::filesystem::temp_directory_path() / "tickline-auditor-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()));
  topology_options opts;
  opts.self_timed_feeds = false;
  opts.snapshots = std::make_shared<snapshot_store>(store::open(dir + "/db"));
  auto graph = topology::start(sys, cfg, clk, counters, opts);
  sched.run();
  auto sources = [&] {
    // The auditor's own state, as its snapshot reports it.
    auto reply = std::make_shared<std::string>();
    auto asker = sys.spawn([reply](caf::event_based_actor* self, caf::actor target) {
      self->request(target, std::chrono::seconds{1}, snapshot_atom::value)
        .then([reply](const std::string& bytes) { *reply = bytes; });
    }, graph.registry->get("auditor"));
    sched.run();
    std::string err;
    auto r = snapshot_store::decode(*reply, err);
    REQUIRE(r);
    auditor_state st;
    std::istringstream is{r->payload};
    cereal::PortableBinaryInputArchive ar{is};
    ar(st);
    return st.sources();
  };
  auto auditor = graph.registry->get("auditor");
  caf::anon_send(graph.feed(0), slice_atom::value, t0 + slice);
  sched.run();
  auto s = sources().at("feed:synthetic");
  CHECK(s.connected);
  CHECK(s.heartbeats == 1);
  caf::anon_send(auditor, slice_atom::value, t0 + slice + 900'000'000);
  sched.run();
  CHECK(sources().at("feed:synthetic").connected);  // 0.9 s of silence: within the limit
  caf::anon_send(auditor, slice_atom::value, t0 + slice + 1'100'000'000);
  sched.run();
  CHECK_FALSE(sources().at("feed:synthetic").connected);
  caf::anon_send(graph.feed(0), slice_atom::value, t0 + 2'000'000'000);
  sched.run();
  s = sources().at("feed:synthetic");
  CHECK(s.connected);
  CHECK(s.reconnects == 1);
  caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
  sched.run();
  std::filesystem::remove_all(dir);
}
