#pragma once

// The demo node on CAF's deterministic test scheduler, fed by the synthetic market in
// simulated time: for the trading tests.

#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "actors/node/topology.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"

namespace tickline::test {

inline constexpr std::int64_t trading_t0 = 1'700'000'000'000'000'000;
inline constexpr std::int64_t trading_slice = 50'000'000;

/// Asks `target` for its view and keeps the answer in `answer`.
inline void describe_probe(caf::event_based_actor* self, std::shared_ptr<std::string> answer,
                           caf::actor target) {
  self->request(target, caf::infinite, describe_atom::value)
    .then([answer](const std::string& s) { *answer = s; });
}

/// The demo config's tree on the test scheduler; `trades` (optional) journals the trade log.
struct trading_fixture {
  node_system_config sys_cfg = node_system_config::testing();
  caf::actor_system sys{sys_cfg};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  std::shared_ptr<sim_clock> clk = std::make_shared<sim_clock>(trading_t0);
  topology graph;
  std::int64_t next = 1;

  /// `http` (optional) adds the HTTP API actor; `tweak` (optional) changes the demo
  /// config before the tree starts; `orders` (optional) journals the orders.
  explicit trading_fixture(std::shared_ptr<journal> trades = nullptr,
                           std::shared_ptr<const http_api_options> http = nullptr,
                           const std::function<void(engine_config&)>& tweak = {},
                           std::shared_ptr<journal> orders = nullptr) {
    auto r = load_demo_config();
    REQUIRE(r.ok());
    if (tweak)
      tweak(r.config);
    topology_options opts;
    opts.self_timed_feeds = false;
    opts.trades_journal = std::move(trades);
    opts.orders_journal = std::move(orders);
    opts.http = std::move(http);
    graph = topology::start(sys, r.config, clk, counters, opts);
    sched.run();
  }
  ~trading_fixture() {
    caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// Advances the market by `n` slices, letting every actor finish after each one.
  void advance(int n) {
    for (int i = 0; i < n; ++i, ++next) {
      clk->set_ns(trading_t0 + next * trading_slice);
      caf::anon_send(graph.feed(0), slice_atom::value, trading_t0 + next * trading_slice);
      sched.run();
    }
  }
  /// The view of actor `name` (GET /api/v1/actors/NAME's "state"), asked through a probe
  /// actor on the test scheduler; null when it does not answer.
  nlohmann::json describe(const std::string& name) {
    auto answer = std::make_shared<std::string>();
    auto target = graph.registry->get(name);
    REQUIRE(target);
    // Spawn arguments, not captures: CAF 0.17 dereferences a null argument tuple when a
    // function actor takes none (UBSan reports it).
    sys.spawn(describe_probe, answer, target);
    sched.run();
    return answer->empty() ? nlohmann::json() : nlohmann::json::parse(*answer);
  }
  /// A node figure; -1 while unset.
  double figure(const std::string& name) const {
    auto f = counters->figures();
    return f.count(name) ? f.at(name) : -1;
  }
  /// An operator's command to the risk supervisor, handled before this returns.
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

} // namespace tickline::test
