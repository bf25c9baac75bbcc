#include <catch2/catch.hpp>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"

using namespace tickline;

// The demo node's trading subtree on CAF's deterministic test scheduler, fed by the
// synthetic market in simulated time.

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000'000;
constexpr std::int64_t slice = 50'000'000;

struct trading_fixture {
  node_system_config sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(t0);
  topology graph;
  std::int64_t next = 1;

  trading_fixture() {
    auto r = load_demo_config();
    REQUIRE(r.ok());
    topology_options opts;
    opts.self_timed_feeds = false;
    graph = topology::start(sys, r.config, clk, counters, opts);
    sched.run();
  }
  ~trading_fixture() {
    caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
    sched.run();
  }

  // Advances the market by `n` slices, letting every actor finish after each one.
  void advance(int n) {
    for (int i = 0; i < n; ++i, ++next) {
      clk->set_ns(t0 + next * slice);
      caf::anon_send(graph.feed(0), slice_atom::value, t0 + next * slice);
      sched.run();
    }
  }
  double figure(const std::string& name) const {
    auto f = counters->figures();
    return f.count(name) ? f.at(name) : -1;
  }
  void command(control_kind kind) {
    control_command c;
    c.kind = kind;
    c.issuer = "test";
    c.reason = "trading_test";
    c.ts_ns = clk->now_ns();
    caf::anon_send(graph.registry->get("risk_supervisor"), c);
    sched.run();
  }
};

} // namespace

TEST_CASE_METHOD(trading_fixture, "the demo node trades, and an emergency stop leaves nothing open",
                 "[trading]") {
  // Trade until there are open positions and working orders (brackets) at once.
  int guard = 0;
  while ((figure("open_positions") <= 0 || figure("open_orders") <= 0) && guard++ < 4000)
    advance(1);
  INFO("slices " << next);
  REQUIRE(figure("open_positions") > 0);
  REQUIRE(figure("open_orders") > 0);
  CHECK(counters->orders > 0);
  CHECK(counters->fills > 0);

  command(control_kind::emergency_stop);
  CHECK(counters->labels().at("risk_state") == "halted");
  // The flattening market orders fill on the market data that follows.
  advance(100);
  CHECK(figure("open_orders") == 0);
  CHECK(figure("open_positions") == 0);

  // Halted: signals keep coming, no order goes out.
  const auto orders = counters->orders.load();
  const auto signals = counters->signals.load();
  advance(600);
  CHECK(counters->signals > signals);
  CHECK(counters->orders == orders);
}

TEST_CASE_METHOD(trading_fixture, "no new orders while paused; trading resumes after resume",
                 "[trading]") {
  command(control_kind::pause);
  CHECK(counters->labels().at("risk_state") == "paused");
  advance(1200);  // a minute of market: the demo would have traded by now
  CHECK(counters->signals > 0);
  CHECK(counters->orders == 0);
  command(control_kind::resume);
  CHECK(counters->labels().at("risk_state") == "active");
  int guard = 0;
  while (counters->orders == 0 && guard++ < 4000)
    advance(1);
  CHECK(counters->orders > 0);

  // Paused again with working orders and positions: cancels (and reducing orders) still
  // go through, so closing everything leaves nothing open.
  guard = 0;
  while ((figure("open_positions") <= 0 || figure("open_orders") <= 0) && guard++ < 4000)
    advance(1);
  REQUIRE(figure("open_orders") > 0);
  command(control_kind::pause);
  command(control_kind::close_all);
  CHECK(counters->labels().at("risk_state") == "paused");
  advance(100);
  CHECK(figure("open_orders") == 0);
  CHECK(figure("open_positions") == 0);
}
