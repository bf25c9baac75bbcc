#include <catch2/catch.hpp>

#include <sstream>

#include "actors/signals/whale_detector_state.hpp"
#include "runtime/clock.hpp"
#include "runtime/counters.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "../storage/temp_dir.hpp"

using namespace tickline;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000'000;
const std::string name = "detector:whale:ETHUSDT";
const std::string type = "whale_detector_state";

whale_detector_config whale_config() {
  whale_detector_config c;
  c.window = 50;
  c.min_samples = 10;
  c.z_threshold = 3;
  return c;
}

trade_tick tick(double qty, std::int64_t ts = 1) {
  return trade_tick{"ETHUSDT", 2000, qty, side::buy, 0, ts};
}

whale_detector_state warmed(int trades) {
  whale_detector_state w{whale_config(), "ETHUSDT", name};
  for (int i = 0; i < trades; ++i)
    w.on_trade(tick(1 + (i * 7) % 5));
  return w;
}

tree_node detector_node() {
  tree_node n;
  n.name = name;
  n.kind = "detector";
  n.parent = "symbol:ETHUSDT";
  return n;
}

// One node's snapshot services on a real store in a fresh directory.
struct fixture {
  test::temp_dir tmp;
  std::shared_ptr<store> db = store::open(tmp.sub("db"));
  std::shared_ptr<snapshot_store> snaps = std::make_shared<snapshot_store>(db);
  std::shared_ptr<actor_registry> registry = std::make_shared<actor_registry>();
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(t0);

  fixture() { registry->upsert(detector_node()); }

  snapshot_env env(std::uint64_t every_messages = 0, std::int64_t every_ns = 0) const {
    snapshot_env e;
    e.store = snaps;
    e.registry = registry;
    e.counters = counters;
    e.clk = clk;
    e.policy.every_messages = every_messages;
    e.policy.every_ns = every_ns;
    return e;
  }

  tree_node node() const { return registry->nodes().at(0); }

  void put_raw(const std::string& bytes) {
    store::batch b;
    b.put(column::snapshots, name, bytes);
    db->write(b, false);
  }
};

// A record with the right envelope and a payload made by `st`.
snapshot_record record_of(const whale_detector_state& st, std::string type_name,
                          std::uint32_t version) {
  snapshot_record r;
  r.name = name;
  r.seq = 4;
  r.ts_ns = t0;
  r.type = std::move(type_name);
  r.version = version;
  std::ostringstream os;
  {
    cereal::PortableBinaryOutputArchive ar{os};
    ar(st);
  }
  r.payload = os.str();
  return r;
}

void check_untouched(const whale_detector_state& st, const whale_detector_state& before) {
  CHECK(st.samples() == before.samples());
  CHECK(st.mean() == before.mean());
  CHECK(st.stdev() == before.stdev());
  CHECK(st.config().window == before.config().window);
}

} // namespace

TEST_CASE("save then restore gives an equal state", "[runtime][snapshotter]") {
  fixture fx;
  auto original = warmed(73);
  {
    snapshotter sn{name, type, fx.env()};
    CHECK(sn.enabled());
    fx.clk->advance_ns(5000);
    sn.save(original);
    CHECK(sn.seq() == 1);
    CHECK(fx.counters->snapshots == 1);
    CHECK(fx.node().snapshot_seq == 1);
    CHECK(fx.node().snapshot_ts_ns == t0 + 5000);
    auto stored = fx.snaps->get(name);
    REQUIRE(stored.record);
    CHECK(stored.record->type == type);
    CHECK(stored.record->version == cereal::detail::Version<whale_detector_state>::version);
    CHECK(stored.record->ts_ns == t0 + 5000);
  }

  // A restarted actor: new snapshotter, new registry entry, default state.
  fx.registry = std::make_shared<actor_registry>();
  fx.registry->upsert(detector_node());
  fx.clk->advance_ns(1000);
  snapshotter sn{name, type, fx.env()};
  whale_detector_state restored;
  REQUIRE(sn.restore(restored));
  CHECK(sn.seq() == 1);
  CHECK(fx.counters->snapshots_restored == 1);
  CHECK(fx.counters->errors == 0);
  CHECK(fx.node().snapshot_seq == 1);
  CHECK(fx.node().snapshot_ts_ns == t0 + 5000);

  CHECK(restored.samples() == 50);
  CHECK(restored.samples() == original.samples());
  CHECK(restored.mean() == original.mean());
  CHECK(restored.stdev() == original.stdev());
  CHECK(restored.config().z_threshold == 3);
  int signals = 0;
  for (int i = 0; i < 200; ++i) {
    auto t = tick(i % 37 == 0 ? 40.0 : 1 + (i * 3) % 5, i);
    auto a = original.on_trade(t);
    auto b = restored.on_trade(t);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      ++signals;
      CHECK(a[k].features == b[k].features);
      CHECK(a[k].strength == b[k].strength);
      CHECK(a[k].confidence == b[k].confidence);
    }
  }
  CHECK(signals >= 5);

  // The next snapshot continues the sequence.
  sn.save(restored);
  CHECK(sn.seq() == 2);
  CHECK(fx.snaps->get(name).record->seq == 2);
}

TEST_CASE("restore without a stored snapshot starts clean", "[runtime][snapshotter]") {
  fixture fx;
  snapshotter sn{name, type, fx.env()};
  auto st = warmed(12);
  auto before = st;
  CHECK_FALSE(sn.restore(st));
  check_untouched(st, before);
  CHECK(sn.seq() == 0);
  CHECK(fx.counters->errors == 0);
  CHECK(fx.counters->snapshots_restored == 0);
}

TEST_CASE("after_message saves every N messages", "[runtime][snapshotter]") {
  fixture fx;
  snapshotter sn{name, type, fx.env(3, 0)};
  auto st = warmed(20);
  std::vector<std::uint64_t> counts;
  for (int i = 1; i <= 10; ++i) {
    sn.after_message(st);
    counts.push_back(fx.counters->snapshots);
  }
  CHECK(counts == std::vector<std::uint64_t>{0, 0, 1, 1, 1, 2, 2, 2, 3, 3});
  CHECK(sn.seq() == 3);
  CHECK(fx.node().snapshot_seq == 3);
  CHECK(fx.snaps->get(name).record->seq == 3);
  // Time alone never saves with every_ns = 0.
  fx.clk->advance_ns(3'600'000'000'000);
  sn.after_message(st);
  CHECK(fx.counters->snapshots == 3);
}

TEST_CASE("after_message saves when clock time has passed", "[runtime][snapshotter]") {
  fixture fx;
  constexpr std::int64_t period = 1'000'000'000;
  snapshotter sn{name, type, fx.env(0, period)};
  auto st = warmed(20);
  for (int i = 0; i < 100; ++i)
    sn.after_message(st);
  CHECK(fx.counters->snapshots == 0);  // the clock stood still

  fx.clk->advance_ns(period - 1);
  sn.after_message(st);
  CHECK(fx.counters->snapshots == 0);
  fx.clk->advance_ns(1);
  sn.after_message(st);
  CHECK(fx.counters->snapshots == 1);
  CHECK(fx.node().snapshot_ts_ns == t0 + period);
  sn.after_message(st);
  CHECK(fx.counters->snapshots == 1);  // the period restarts at the save

  fx.clk->advance_ns(5 * period);
  sn.after_message(st);
  CHECK(fx.counters->snapshots == 2);
  CHECK(fx.snaps->get(name).record->ts_ns == t0 + 6 * period);
}

TEST_CASE("a corrupt stored snapshot is reported and the actor starts clean",
          "[runtime][snapshotter]") {
  fixture fx;
  SECTION("bytes that are no snapshot record") {
    fx.put_raw("garbage, not a snapshot");
  }
  SECTION("a valid record whose payload does not decode") {
    auto r = record_of(warmed(30), type, 1);
    r.payload.resize(r.payload.size() / 2);
    fx.put_raw(snapshot_store::encode(r));
  }
  snapshotter sn{name, type, fx.env()};
  auto st = warmed(15);
  auto before = st;
  CHECK_FALSE(sn.restore(st));
  check_untouched(st, before);
  CHECK(st.samples() == 15);
  CHECK(sn.seq() == 0);
  CHECK(fx.counters->errors == 1);
  CHECK(fx.counters->snapshots_restored == 0);
  CHECK(fx.node().snapshot_seq == 0);
}

TEST_CASE("a snapshot of another type or a newer version is refused",
          "[runtime][snapshotter]") {
  fixture fx;
  auto stored = warmed(40);
  SECTION("another state class") {
    fx.snaps->put(record_of(stored, "signal_log_state", 1));
  }
  SECTION("a newer version of this class") {
    fx.snaps->put(record_of(stored, type, cereal::detail::Version<whale_detector_state>::version + 1));
  }
  snapshotter sn{name, type, fx.env()};
  auto st = warmed(15);
  auto before = st;
  CHECK_FALSE(sn.restore(st));
  check_untouched(st, before);
  CHECK(sn.seq() == 0);
  CHECK(fx.counters->errors == 1);
  CHECK(fx.counters->snapshots_restored == 0);
}

TEST_CASE("an older version of the class is accepted", "[runtime][snapshotter]") {
  fixture fx;
  auto stored = warmed(40);
  fx.snaps->put(record_of(stored, type, 0));
  snapshotter sn{name, type, fx.env()};
  whale_detector_state st;
  CHECK(sn.restore(st));
  CHECK(st.samples() == 40);
  CHECK(sn.seq() == 4);
  CHECK(fx.counters->errors == 0);
}

TEST_CASE("a snapshotter without a store does nothing", "[runtime][snapshotter]") {
  fixture fx;
  fx.snaps->put(record_of(warmed(40), type, 1));  // there, but not reachable
  auto e = fx.env(1, 1);
  e.store = nullptr;
  snapshotter sn{name, type, e};
  CHECK_FALSE(sn.enabled());
  auto st = warmed(15);
  CHECK_FALSE(sn.restore(st));
  CHECK(st.samples() == 15);
  sn.save(st);
  fx.clk->advance_ns(10);
  sn.after_message(st);
  CHECK(sn.seq() == 0);
  CHECK(fx.counters->snapshots == 0);
  CHECK(fx.counters->snapshots_restored == 0);
  CHECK(fx.counters->errors == 0);
  CHECK(fx.node().snapshot_seq == 0);
  CHECK(fx.snaps->get(name).record->seq == 4);  // the stored one was not overwritten

  snapshotter none;
  CHECK_FALSE(none.enabled());
  CHECK_FALSE(none.restore(st));
  none.save(st);
  CHECK(none.seq() == 0);
}
