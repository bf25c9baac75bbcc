#include "tools/bench/bench_trading.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/orders/order_manager.hpp"
#include "actors/broker/paper_broker.hpp"
#include "actors/trading/portfolio/portfolio.hpp"
#include "actors/trading/risk/risk_supervisor.hpp"
#include "actors/trading/strategy/strategy.hpp"
#include "config/loader.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "storage/journal.hpp"
#include "storage/snapshot_store.hpp"
#include "storage/store.hpp"
#include "tools/bench/bench_scratch.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

using steady = std::chrono::steady_clock;

double us_since(steady::time_point t) {
  return std::chrono::duration<double, std::micro>(steady::now() - t).count();
}

// The demo's trading settings with every limit that would stop a long run lifted: one
// unit per entry, a stop and no targets (one resting order per position), no trailing,
// an instant broker with all the cash it needs and whole fills.
engine_config chain_config() {
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

  // With `journaled` false the order manager keeps no journal (the broker still saves).
  chain(int threads, const std::string& dir, bool journaled)
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
    start(sys.spawn(paper_broker, paper_broker_args{"broker:paper", cfg.broker, {},
                                                    {"order_manager", "probe"}, venue}));
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
bool take(chain& c, tally& t, std::chrono::microseconds wait) {
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

std::vector<std::string> names(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(prefix + std::to_string(i));
  return out;
}

// Signal -> ack, one signal in flight at a time, each for a symbol of its own (the
// strategy holds one open entry per symbol, and these never fill). Two figures: in the
// engine, from the signal's time stamp to the broker's stamp on its acceptance (what the
// issue's target is about: strategy, risk supervisor, order manager and broker, with
// their hops); and the round trip seen by the driver, which adds the driver thread's own
// wake-ups (its send into the scheduler and the ack's way back to it).
std::pair<nlohmann::json, nlohmann::json> signal_to_accept(chain& c, int n) {
  const auto symbols = names("A", n);
  c.prime(symbols);
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  std::vector<double> engine_us;
  std::vector<double> round_trip_us;
  engine_us.reserve(symbols.size());
  round_trip_us.reserve(symbols.size());
  tally t;
  for (const auto& s : symbols) {
    const auto start = steady::now();
    const auto stamp = c.signal_long({s});
    const int before = t.acks;
    await(c, t, [&](const tally& x) { return x.acks > before; }, "signal -> ack");
    round_trip_us.push_back(us_since(start));
    engine_us.push_back(static_cast<double>(t.last_ack_ns - stamp) / 1000);
  }
  return {percentiles(engine_us), percentiles(round_trip_us)};
}

// `positions` longs, each with its resting stop, then an emergency stop; timed from the
// command to every stop cancelled and every position flattened, with a trade per symbol
// offered every millisecond meanwhile (market orders fill only from later market data).
nlohmann::json emergency_stops(chain& c, int positions, int runs) {
  std::vector<double> ms;
  for (int run = 0; run < runs; ++run) {
    const auto symbols = names("E" + std::to_string(run) + "_", positions);
    if (run > 0)
      c.command(control_kind::resume);
    c.prime(symbols);
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    tally t;
    c.signal_long(symbols);
    await(c, t, [&](const tally& x) { return x.acks >= positions; }, "entries");
    c.trade(symbols);  // fills the entries; their stops go out
    await(c, t, [&](const tally& x) { return x.fills >= positions && x.acks >= 2 * positions; },
          "entry fills and stops");
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    tally stop;
    const auto start = steady::now();
    c.command(control_kind::emergency_stop);
    const auto deadline = start + std::chrono::seconds{30};
    auto flat = [&] { return stop.cancelled >= positions && stop.fills >= positions; };
    while (!flat()) {
      if (steady::now() > deadline)
        throw std::runtime_error("emergency stop: not flat after 30 s");
      // A trade per symbol each millisecond: offered faster, the batches would queue up
      // in the broker's mailbox ahead of the orders they are meant to fill.
      c.trade(symbols);
      const auto next = steady::now() + std::chrono::milliseconds{1};
      while (!flat() && steady::now() < next)
        take(c, stop, std::chrono::duration_cast<std::chrono::microseconds>(next - steady::now()));
    }
    ms.push_back(us_since(start) / 1000);
  }
  std::sort(ms.begin(), ms.end());
  return {{"positions", positions},
          {"open_orders", positions},
          {"runs", runs},
          {"ms", {{"min", ms.front()}, {"median", ms[ms.size() / 2]}, {"max", ms.back()}}}};
}

// The order manager's state deciding `n` entries, with each decision's record appended
// (synced) to `j` first, or without a journal.
nlohmann::json journal_cost(const engine_config& cfg, const std::shared_ptr<store>& db, int n) {
  auto run = [&](journal* j, std::vector<double>* append_us) {
    order_manager_state om{cfg.orders};
    om.begin_session(1);
    const auto start = steady::now();
    for (int i = 0; i < n; ++i) {
      order_intent x;
      x.intent_id = "bench-" + std::to_string(i);
      x.symbol = "J" + std::to_string(i % 100);
      x.qty = 1;
      x.stop_loss = 98;
      for (auto& a : om.on_intent(x, 2 + i)) {
        if (!j || a.journal_record.empty())
          continue;
        const auto t = steady::now();
        j->append(a.journal_record);
        append_us->push_back(us_since(t));
      }
    }
    return n / std::chrono::duration<double>(steady::now() - start).count();
  };
  journal j{db, "bench_orders"};
  std::vector<double> append_us;
  const double with = run(&j, &append_us);
  const double without = run(nullptr, nullptr);
  return {{"orders", n},
          {"append_us", percentiles(append_us)},
          {"orders_per_s_with_journal", with},
          {"orders_per_s_without_journal", without}};
}

} // namespace

nlohmann::json run_trading(const trading_options& o) {
  spdlog::set_level(spdlog::level::err);
  scratch dir{o.dir};
  nlohmann::json out{{"bench", "trading"}, {"threads", resolve_threads(o.threads)}};
  out["signals"] = o.signals;
  // A chain per measurement, so that one run's orders and journal stay out of the next.
  {
    chain c{o.threads, dir.path + "/node", true};
    auto [engine, round_trip] = signal_to_accept(c, o.signals);
    out["signal_to_accept_us"] = engine;
    out["signal_to_accept_round_trip_us"] = round_trip;
  }
  {
    chain c{o.threads, dir.path + "/stops", true};
    out["emergency_stop"] = emergency_stops(c, o.positions, o.stops);
  }
  {
    // The same path without the synced journal appends, to show what they cost.
    chain c{o.threads, dir.path + "/unjournaled", false};
    auto [engine, round_trip] = signal_to_accept(c, o.signals);
    out["signal_to_accept_us_no_journal"] = engine;
    out["signal_to_accept_round_trip_us_no_journal"] = round_trip;
  }
  out["journal"] = journal_cost(chain_config(), store::open(dir.path + "/journal"), o.appends);
  return out;
}

} // namespace tickline::bench
