#include "actors/node/run_backtest.hpp"

#include <chrono>
#include <stdexcept>

#include <caf/all.hpp>
#include <caf/logger.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "actors/feeds/csv_replay_state.hpp"
#include "actors/learning/learning_daemon.hpp"
#include "actors/node/backtest_invariants.hpp"
#include "actors/node/topology.hpp"
#include "config/civil_time.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"

namespace tickline {

namespace {

using coordinator = caf::scheduler::test_coordinator;

// Runs every queued message, oldest first, until none is left; returns how many ran.
std::uint64_t drain(coordinator& sched) {
  std::uint64_t n = 0;
  while (sched.try_run_once())
    ++n;
  return n;
}

engine_config replay_config(const engine_config& base, const backtest_options& opts) {
  if (!base.strategy.enabled)
    throw std::invalid_argument("backtest: [strategy] enabled = false: nothing would trade");
  if (base.broker.kind != "paper")
    throw std::invalid_argument("backtest: broker kind " + base.broker.kind + ": backtests use the paper broker");
  if (opts.files.empty())
    throw std::invalid_argument("backtest: no data files");
  engine_config cfg = base;
  cfg.market.symbols.clear();
  for (const auto& file : opts.files)
    cfg.market.symbols.push_back(file.first);
  // The driver is the feed: it hands each event to its symbol's scanner itself. With no
  // feed there is no connection for the risk supervisor to watch (replayed data cannot
  // be lost).
  cfg.feeds.clear();
  return cfg;
}

// The driver's side of a request: sent, then answered once the scheduler ran dry.
template <class T, class... Ts>
T ask(caf::actor_system& sys, coordinator& sched, const caf::actor& dest, Ts... xs) {
  caf::scoped_actor self{sys};
  auto pending = self->request(dest, caf::infinite, xs...);
  drain(sched);
  T out{};
  bool answered = false;
  pending.receive([&](T& x) { out = std::move(x); answered = true; },
                  [&](const caf::error& e) {
                    throw std::runtime_error("backtest: request failed: " + sys.render(e));
                  });
  if (!answered)
    throw std::runtime_error("backtest: a request was not answered");
  return out;
}

// Stops the tree and runs its shutdown, timers included, until no actor is left.
void stop_graph(caf::actor_system& sys, coordinator& sched, const topology& graph) {
  caf::anon_send_exit(graph.root, caf::exit_reason::user_shutdown);
  for (int i = 0; i < 1000 && sys.registry().running() > 0; ++i) {
    drain(sched);
    if (sys.registry().running() == 0 || !sched.has_pending_timeout())
      break;
    sched.advance_time(std::chrono::seconds{1});
  }
  drain(sched);
  if (sys.registry().running() > 0) {
    caf::anon_send_exit(graph.root, caf::exit_reason::kill);
    drain(sched);
  }
}

} // namespace

backtest_result run_backtest(const engine_config& base, const backtest_options& opts) {
  auto cfg = replay_config(base, opts);
  csv_replay_state replay{opts.files, opts.from_ns, opts.to_ns};
  topology_options topts;
  topts.self_timed_feeds = false;
  topts.tape = std::make_shared<backtest_tape>();
  topts.learning_start = opts.learning_start;
  auto clk = std::make_shared<sim_clock>();
  auto counters = std::make_shared<node_counters>();
  backtest_result out;
  out.first_ns = replay.next_ns();
  if (out.first_ns == INT64_MAX)
    throw std::invalid_argument("backtest: no events in the data window");
  clk->set_ns(out.first_ns);
  auto started = std::chrono::steady_clock::now();
  {
    auto sys_cfg = node_system_config::testing();
    caf::actor_system sys{sys_cfg};
    auto& sched = dynamic_cast<coordinator&>(sys.scheduler());
    auto graph = topology::start(sys, cfg, clk, counters, topts);
    // However the run ends, the tree stops first: the system's destructor waits for
    // every actor, and on this scheduler nothing runs them but us.
    struct stop_on_exit {
      caf::actor_system& sys;
      coordinator& sched;
      const topology& graph;
      ~stop_on_exit() { stop_graph(sys, sched, graph); }
    } stopper{sys, sched, graph};
    out.messages += drain(sched);
    if (!graph.all_registered())
      throw std::runtime_error("backtest: the actor graph did not start");
    const auto& reg = *graph.registry;
    std::vector<caf::actor> scanners;
    for (const auto& sym : replay.symbols()) {
      scanners.push_back(reg.get("scanner:" + sym));
      if (!scanners.back())
        throw std::runtime_error("backtest: no scanner for " + sym);
    }
    {
      // What the start-up published is not part of the run: the tape starts with the
      // starting balance at the first event.
      std::lock_guard<std::mutex> lock{topts.tape->mutex};
      topts.tape->trades.clear();
      topts.tape->equity.assign(1, equity_sample{out.first_ns, cfg.broker.starting_balance,
                                                 cfg.broker.starting_balance, 0, 0, 0});
    }
    const std::string broker_name = "broker:" + cfg.broker.name;
    backtest_invariants invariants{reg, broker_name};
    std::uint64_t event = 0;
    std::string broken;  // the first invariant broken: the run stops (after the tree)
    std::int64_t now = out.first_ns;
    std::int64_t next_progress = now + std::max<std::int64_t>(opts.progress_ns, 1);
    csv_replay_state::event ev;
    while (replay.next_event(ev)) {
      // Every actor runs on this thread. Debian's libcaf_core is built with its logger,
      // which takes a lock to tag the thread with the running actor on every message
      // (about 5 % of a backtest); tickline logs through spdlog, so CAF's logger gets no
      // thread here. A spawn (a supervisor's restart) gives it back: cleared per event.
      caf::logger::set_current_actor_system(nullptr);
      const auto t = ev.is_bar ? ev.candle.close_ns : ev.trade.ts_ns;
      if (t > now) {
        // Time moves to the event: timers due by then fire first, as they would live.
        clk->set_ns(t);
        sched.advance_time(caf::timespan{t - now});
        now = t;
        out.messages += drain(sched);
      }
      if (ev.is_bar)
        caf::anon_send(scanners[ev.symbol], std::vector<bar>{std::move(ev.candle)});
      else
        caf::anon_send(scanners[ev.symbol], std::vector<trade_tick>{std::move(ev.trade)});
      out.messages += drain(sched);
      ++event;
      if (opts.after_event) {
        opts.after_event(event, reg);
        out.messages += drain(sched);
      }
      if (opts.check_invariants)
        if (auto why = invariants.check(); !why.empty()) {
          broken = fmt::format("backtest: invariant broken after event {} ({} {} at {}): {}",
                               event, replay.symbols()[ev.symbol],
                               ev.is_bar ? "bar closing" : "trade", format_iso8601_utc(t), why);
          break;
        }
      if (opts.progress && now >= next_progress) {
        opts.progress(now);
        next_progress = now + std::max<std::int64_t>(opts.progress_ns, 1);
      }
    }
    out.last_ns = now;
    if (opts.progress)
      opts.progress(now);
    if (!broken.empty())
      throw std::runtime_error(broken);
    out.ledger = broker_ledger::decode(ask<std::string>(sys, sched, reg.get(broker_name),
                                                        ledger_atom::value));
    if (auto daemon = reg.get("learning_daemon")) {
      out.learning = ask<std::string>(sys, sched, daemon, query_atom::value, std::uint64_t{0});
      // Nothing runs on this scheduler but us, and it is idle: the daemon's state can be
      // copied out as it stands.
      auto* d = dynamic_cast<caf::stateful_actor<learning_daemon_actor>*>(
        caf::actor_cast<caf::abstract_actor*>(daemon));
      if (d)
        out.learned = std::make_shared<const learning_model>(d->state.model);
    }
    auto labels = counters->labels();
    out.risk_state = labels.count("risk_state") ? labels["risk_state"] : "";
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.events = replay.replayed();
  out.signals = counters->signals.load();
  std::lock_guard<std::mutex> lock{topts.tape->mutex};
  out.trades = std::move(topts.tape->trades);
  out.equity = std::move(topts.tape->equity);
  return out;
}

} // namespace tickline
