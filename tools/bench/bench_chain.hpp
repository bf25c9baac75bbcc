#pragma once

// The trading chain of `tickline-bench trading` and `venue`: the trading subtree's actors
// spawned and wired by name like the node's, a driver ("probe") the broker tells every
// ack, fill and status, and the waits on what it was told.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker/binance_broker.hpp"
#include "actors/broker/paper_broker.hpp"
#include "actors/trading/orders/order_manager.hpp"
#include "actors/trading/portfolio/portfolio.hpp"
#include "actors/trading/risk/risk_supervisor.hpp"
#include "actors/trading/strategy/strategy.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"

namespace tickline::bench {

using steady = std::chrono::steady_clock;

inline double us_since(steady::time_point t) {
  return std::chrono::duration<double, std::micro>(steady::now() - t).count();
}

// The demo's trading settings with every limit that would stop a long run lifted: one
// unit per entry, a stop and no targets (one resting order per position), no trailing,
// an instant broker with all the cash it needs and whole fills.
inline engine_config chain_config() {
  auto cfg = load_demo_config().config;
  cfg.strategy.max_qty = 1;
  cfg.strategy.take_profit_r.clear();
  cfg.strategy.kelly_min_trades = 1'000'000'000;  // flattened trades (fees only) must not size to 0
  cfg.strategy.calibration_min_trades = 1'000'000'000;  // nor discount the signals
  auto& r = cfg.risk;
  r.cooldown_ms = 0;
  r.max_trades_per_day = 0;
  r.max_daily_loss = 0;
  r.max_consecutive_losses = 0;
  r.max_drawdown_pct = 100;
  r.max_position_notional = 1e12;
  r.max_gross_exposure = 0;
  r.max_net_exposure = 0;
  r.max_atr_pct = 0;
  r.max_correlated_positions = 0;
  r.sectors = {};
  cfg.broker.latency_ms = 0;
  cfg.broker.starting_balance = 1e12;
  cfg.broker.max_participation = 1;
  cfg.orders.trailing_atr_multiple = 0;
  return cfg;
}

const std::vector<std::string> chain_names{"risk_supervisor", "portfolio", "strategy",
                                           "order_manager", "broker:paper", "probe"};

// The trading subtree's five actors, spawned and wired by name like the node's, plus the
// driver ("probe"), which the broker tells every ack, fill and status it sends the order
// manager.
struct chain {
  engine_config cfg = chain_config();
  std::shared_ptr<store> db;
  std::shared_ptr<journal> orders;
  std::shared_ptr<actor_registry> registry = std::make_shared<actor_registry>();
  std::shared_ptr<node_counters> counters = std::make_shared<node_counters>();
  clock_ptr clk = std::make_shared<wall_clock>();
  node_system_config sys_cfg;
  caf::actor_system sys;
  caf::scoped_actor probe{sys};
  std::vector<caf::actor> workers;

  bool venue_broker = false;  // the broker is a Binance connection: no market data for it

  // With `journaled` false the order manager keeps no journal (the broker still saves).
  // With `venue` the broker is a Binance connection (to `tickline venue`), under the
  // paper broker's name.
  chain(int threads, const std::string& dir, bool journaled, const binance_broker_args* venue_args = nullptr)
    : db(store::open(dir)), orders(journaled ? std::make_shared<journal>(db, "orders") : nullptr),
      sys_cfg(threads), sys(sys_cfg) {
    auto snaps = std::make_shared<snapshot_store>(db);
    const auto& p = cfg.snapshots.detector;
    snapshot_env env{snaps, registry, counters, clk,
                     {static_cast<std::uint64_t>(p.every_messages), p.every_ms * 1'000'000, p.on_stop}};
    for (const auto& n : chain_names)
      registry->upsert(tree_node{n, "bench"});
    std::string error;
    auto setup = make_risk_setup(cfg, error);
    if (!setup)
      throw std::runtime_error("risk: " + error);
    start(sys.spawn(risk_supervisor, risk_supervisor_args{"risk_supervisor", *setup, "order_manager",
                                                          {"strategy"}, "auditor", env}));
    start(sys.spawn(portfolio, portfolio_args{"portfolio", cfg.broker.starting_balance,
                                              {"risk_supervisor", "strategy"}, 250, env}));
    start(sys.spawn(strategy, strategy_args{"strategy", cfg.strategy, cfg.risk, 60,
                                            "risk_supervisor", "", env}));
    order_manager_args om;
    om.cfg = cfg.orders;
    om.orders = orders;
    om.starting_balance = cfg.broker.starting_balance;
    om.env = env;
    start(sys.spawn(order_manager, om));
    auto venue = env;
    venue.policy = snapshot_policy{0, 0, true};  // the broker keeps its books in pieces
    if (venue_args) {
      auto a = *venue_args;
      a.name = "broker:paper";
      a.clients = {"order_manager", "probe"};
      a.registry = registry;
      a.session.db = db;
      venue_broker = true;
      start(sys.spawn<caf::detached>(binance_broker, a));
    } else {
      start(sys.spawn(paper_broker, paper_broker_args{"broker:paper", cfg.broker, {},
                                                      {"order_manager", "probe"}, venue}));
    }
    registry->set_handle("probe", caf::actor_cast<caf::actor>(probe), node_status::running);
    // Each one answers once its init (journal replay, session) is done.
    for (auto& w : workers)
      probe->request(w, std::chrono::seconds{30}, stats_atom::value)
        .receive([](std::int64_t) {},
                 [](const caf::error&) { throw std::runtime_error("a trading actor did not start"); });
  }
  ~chain() {
    for (auto& w : workers)
      probe->send_exit(w, caf::exit_reason::user_shutdown);
    // The registry outlives the actor system: its handles must go first, or the system
    // would wait forever for a detached actor (the Binance broker) they keep alive.
    for (const auto& n : chain_names)
      registry->set_handle(n, caf::actor{}, node_status::stopped);
  }
  void start(caf::actor a) {
    registry->set_handle(chain_names[workers.size()], a, node_status::running);
    workers.push_back(std::move(a));
  }
  caf::actor get(const std::string& name) const { return registry->get(name); }

  // Prices for `symbols` everywhere they are needed: marks (risk, strategy, portfolio)
  // and the broker's last trade at 100; equity for the sizing.
  void prime(const std::vector<std::string>& symbols) {
    std::vector<bar> bars;
    for (const auto& s : symbols) {
      bar b;
      b.symbol = s;
      b.timeframe_s = 1;  // not the trading timeframe: marks only
      b.open = b.high = b.low = b.close = 100;
      b.close_ns = clk->now_ns();
      bars.push_back(std::move(b));
    }
    for (const char* n : {"risk_supervisor", "strategy", "portfolio"})
      probe->send(get(n), bars);
    trade(symbols);
    account_update a;
    a.cash = a.equity = a.peak_equity = cfg.broker.starting_balance;
    for (const char* n : {"risk_supervisor", "strategy"})
      probe->send(get(n), a);
  }
  // One trade per symbol at 100, stamped now: fills what is working.
  void trade(const std::vector<std::string>& symbols) {
    std::vector<trade_tick> ticks;
    const auto now = clk->now_ns();
    for (const auto& s : symbols)
      ticks.push_back({s, 100, 1e9, side::buy, 0, now});
    if (!venue_broker)
      probe->send(get("broker:paper"), std::move(ticks));
  }
  // Long signals for `symbols`: strong enough for an entry, with an ATR of 1. Returns
  // their time stamp (the node's clock).
  std::int64_t signal_long(const std::vector<std::string>& symbols) {
    std::vector<signal> batch;
    const auto stamp = clk->now_ns();
    for (const auto& s : symbols) {
      signal x;
      x.kind = signal_kind::whale;
      x.name = "large_trade";
      x.symbol = s;
      x.dir = direction::long_;
      x.strength = x.confidence = 0.9;
      x.price = 100;
      x.ts_ns = stamp;
      x.source = "bench";
      x.features = {{"atr", 1.0}};
      batch.push_back(std::move(x));
    }
    probe->send(get("strategy"), std::move(batch));
    return stamp;
  }
  void command(control_kind kind) {
    control_command c;
    c.kind = kind;
    c.issuer = "bench";
    c.reason = "tickline-bench trading";
    c.ts_ns = clk->now_ns();
    probe->send(get("risk_supervisor"), c);
  }
};

// What the broker told the probe so far.
struct tally {
  int acks = 0;
  std::int64_t last_ack_ns = 0;  // the broker's time stamp of the latest ack
  int fills = 0;
  int cancelled = 0;
  int rejects = 0;
  std::string last_reject;
};

// Takes one broker event for the probe, waiting at most `wait`; false when none came.
inline bool take(chain& c, tally& t, std::chrono::microseconds wait) {
  bool got = true;
  c.probe->receive([&](const order_ack& a) {
                     ++t.acks;
                     t.last_ack_ns = a.ts_ns;
                   },
                   [&](const fill&) { ++t.fills; },
                   [&](const order_status& s) { t.cancelled += s.state == order_state::cancelled; },
                   [&](const order_reject& r) {
                     ++t.rejects;
                     t.last_reject = r.reason;
                   },
                   caf::after(wait) >> [&] { got = false; });
  return got;
}

// Waits (up to 30 s) until `done(t)`; throws naming `what` otherwise.
template <class Done>
void await(chain& c, tally& t, Done done, const char* what) {
  const auto deadline = steady::now() + std::chrono::seconds{30};
  while (!done(t)) {
    if (steady::now() > deadline)
      throw std::runtime_error(std::string{"no answer from the trading chain: "} + what
                               + (t.last_reject.empty() ? "" : "; last reject: " + t.last_reject));
    take(c, t, std::chrono::milliseconds{100});
  }
}

inline std::vector<std::string> names(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(prefix + std::to_string(i));
  return out;
}


} // namespace tickline::bench
