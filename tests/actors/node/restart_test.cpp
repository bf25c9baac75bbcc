#include <catch2/catch.hpp>

#include <filesystem>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/node/plain_pipeline.hpp"
#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"

using namespace tickline;

// A worker crashed mid-stream is restarted by its supervisor with the state of its last
// snapshot, and the pipeline goes on exactly as if nothing had happened.

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000'000;
constexpr std::int64_t slice = 50'000'000;

struct temp_db {
  std::string path;
  temp_db() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tickline-restart-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()));
    path = tmpl;
  }
  ~temp_db() { std::filesystem::remove_all(path); }
};

} // namespace

TEST_CASE("a crashed worker restarts with its last snapshot and the stream goes on", "[restart][snapshot]") {
  temp_db dir;
  auto loaded = load_demo_config();
  REQUIRE(loaded.ok());
  auto cfg = loaded.config;
  cfg.feeds[0].whale_probability = 0.01;
  for (auto* p : {&cfg.snapshots.feed, &cfg.snapshots.scanner, &cfg.snapshots.detector,
                  &cfg.snapshots.signal_log})
    *p = snapshot_policy_config{1, 0, true};  // after every message

  auto sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  auto clk = std::make_shared<sim_clock>(t0);
  auto counters = std::make_shared<node_counters>();
  topology_options opts;
  opts.self_timed_feeds = false;
  opts.snapshots = std::make_shared<snapshot_store>(store::open(dir.path + "/db"));
  auto graph = topology::start(sys, cfg, clk, counters, opts);
  sched.run();

  auto send_slices = [&](int from, int to) {
    for (int i = from; i <= to; ++i)
      caf::anon_send(graph.feed(0), slice_atom::value, t0 + i * slice);
    sched.run();
  };
  send_slices(1, 200);

  const std::string name = "scanner:ETHUSDT";
  auto before = opts.snapshots->get(name);
  REQUIRE(before.record);
  auto victim = graph.registry->get(name);
  caf::anon_send(victim, crash_atom::value);
  sched.run();
  CHECK_FALSE(graph.registry->get(name));  // the demo's symbol subtree backs off first
  while (sched.trigger_timeouts() > 0)
    sched.run();

  auto after_handle = graph.registry->get(name);
  REQUIRE(after_handle);
  CHECK(after_handle != victim);
  CHECK(counters->restarts == 4);  // rest_for_one: the scanner and its three detectors
  CHECK(counters->snapshots_restored == 4);
  CHECK(counters->errors == 0);

  // The restarted scanner's state is the state it had before the crash.
  auto reply = std::make_shared<std::string>();
  // The target goes in as a spawn argument: CAF 0.17 dereferences a null pointer (UBSan)
  // when a function actor is spawned with none.
  auto asker = sys.spawn([reply](caf::event_based_actor* self, caf::actor target) {
    self->request(target, std::chrono::seconds{1}, snapshot_atom::value)
      .then([reply](const std::string& bytes) { *reply = bytes; });
  }, after_handle);
  sched.run();
  std::string err;
  auto now = snapshot_store::decode(*reply, err);
  REQUIRE(now);
  CHECK(now->payload == before.record->payload);
  CHECK(now->seq > before.record->seq);

  // And the whole pipeline ends where an uninterrupted run ends.
  send_slices(201, 400);
  auto expected = run_plain_pipeline(cfg, t0, slice, 400);
  CHECK(counters->ticks == expected.ticks);
  CHECK(counters->bars == expected.bars);
  CHECK(counters->signals == expected.signals);
  CHECK(expected.signals > 10);

  caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
  sched.run();
}

TEST_CASE("a corrupt snapshot is reported and the actor starts clean", "[restart][snapshot]") {
  temp_db dir;
  auto cfg = load_demo_config().config;
  auto db = store::open(dir.path + "/db");
  store::batch b;
  b.put(column::snapshots, "scanner:BTCUSDT", "TLSN\x01garbage");
  db->write(b, true);

  auto sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  auto counters = std::make_shared<node_counters>();
  topology_options opts;
  opts.self_timed_feeds = false;
  opts.snapshots = std::make_shared<snapshot_store>(db);
  auto graph = topology::start(sys, cfg, std::make_shared<sim_clock>(t0), counters, opts);
  sched.run();
  CHECK(counters->errors == 1);
  CHECK(counters->snapshots_restored == 0);
  CHECK(graph.registry->get("scanner:BTCUSDT"));  // running, from a clean state
  caf::anon_send(graph.feed(0), slice_atom::value, t0 + 20 * slice);
  sched.run();
  CHECK(counters->ticks > 0);
  caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
  sched.run();
}
