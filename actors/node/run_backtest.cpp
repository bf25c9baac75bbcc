#include "actors/node/run_backtest.hpp"

#include <chrono>
#include <stdexcept>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/node/topology.hpp"
#include "config/durations.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"

namespace tickline {

namespace {

constexpr std::int64_t second_ns = 1'000'000'000;

// The driver's side of the barrier: requests that are answered once the actor has
// handled everything queued before them.
class barrier {
public:
  barrier(caf::actor_system& sys, std::shared_ptr<actor_registry> reg) : self_{sys}, reg_{std::move(reg)} {}

  // Resolves names to the current actors (a backtest restarts nothing, but looks anyway).
  std::vector<caf::actor> actors(const std::vector<std::string>& names) const {
    std::vector<caf::actor> out;
    for (const auto& n : names)
      if (auto h = reg_->get(n))
        out.push_back(h);
    return out;
  }

  // One round: every actor answers sync; returns the sum of their sent counts.
  std::uint64_t round(const std::vector<caf::actor>& xs) {
    using response = decltype(self_->request(caf::actor{}, caf::infinite, sync_atom::value));
    std::vector<response> pending;
    pending.reserve(xs.size());
    for (const auto& x : xs)
      pending.push_back(self_->request(x, caf::infinite, sync_atom::value));
    std::uint64_t total = 0;
    for (auto& r : pending)
      r.receive([&](std::uint64_t n) { total += n; },
                [&](const caf::error& e) { fail("sync", e); });
    return total;
  }

  // Rounds until one finds no message sent since the round before: then nothing is
  // queued or being handled anywhere among `xs` (nothing outside sends to them meanwhile).
  // Throws when the actors are still sending after `max_rounds` rounds: messages going
  // round in a loop would otherwise hang the backtest with no word of why.
  void settle(const std::vector<caf::actor>& xs, std::int64_t now_ns) {
    for (int rounds = 0; rounds < max_rounds; ++rounds) {
      auto total = round(xs);
      if (total == last_total_)
        return;
      last_total_ = total;
    }
    throw std::runtime_error("backtest: the trading actors were still sending after "
                             + std::to_string(max_rounds) + " rounds at t="
                             + std::to_string(now_ns) + " ns: a message loop between them");
  }

  static constexpr int max_rounds = 10'000;

  template <class T, class... Ts>
  T ask(const caf::actor& a, Ts... xs) {
    T out{};
    self_->request(a, caf::infinite, xs...)
      .receive([&](T& x) { out = std::move(x); }, [&](const caf::error& e) { fail("request", e); });
    return out;
  }

private:
  [[noreturn]] void fail(const char* what, const caf::error& e) {
    throw std::runtime_error(std::string{"backtest: "} + what + " failed: " + self_->system().render(e));
  }

  caf::scoped_actor self_;
  std::shared_ptr<actor_registry> reg_;
  std::uint64_t last_total_ = ~std::uint64_t{0};
};

std::vector<std::string> names_with_prefix(const actor_registry& reg, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& n : reg.nodes())
    if (n.kind != "supervisor" && n.name.compare(0, prefix.size(), prefix) == 0)
      out.push_back(n.name);
  return out;
}

engine_config replay_config(const engine_config& base, const backtest_options& opts) {
  if (!base.strategy.enabled)
    throw std::invalid_argument("backtest: [strategy] enabled = false: nothing would trade");
  if (base.broker.kind != "paper")
    throw std::invalid_argument("backtest: broker kind " + base.broker.kind + ": backtests use the paper broker");
  if (opts.files.empty())
    throw std::invalid_argument("backtest: no data files");
  engine_config cfg = base;
  feed_config f;
  f.name = "backtest";
  f.kind = "csv";
  cfg.market.symbols.clear();
  for (const auto& file : opts.files)
    cfg.market.symbols.push_back(file.first);
  f.symbols = cfg.market.symbols;
  cfg.feeds = {f};
  if (opts.threads > 0)
    cfg.node.threads = opts.threads;
  return cfg;
}

} // namespace

backtest_result run_backtest(const engine_config& base, const backtest_options& opts) {
  auto cfg = replay_config(base, opts);
  std::int64_t step = opts.slice_ns;
  if (step <= 0) {
    auto tf = parse_duration_ns(cfg.strategy.timeframe.empty() ? "1m" : cfg.strategy.timeframe);
    step = tf && *tf > 0 ? *tf : 60 * second_ns;
  }
  topology_options topts;
  topts.self_timed_feeds = false;
  topts.sequenced = true;
  topts.tape = std::make_shared<backtest_tape>();
  topts.replay_files = opts.files;
  topts.replay_from_ns = opts.from_ns;
  topts.replay_to_ns = opts.to_ns;
  auto clk = std::make_shared<sim_clock>();
  auto counters = std::make_shared<node_counters>();
  backtest_result out;
  auto started = std::chrono::steady_clock::now();
  {
    node_system_config sys_cfg{cfg.node.threads};
    caf::actor_system sys{sys_cfg};
    auto graph = topology::start(sys, cfg, clk, counters, topts);
    if (!graph.wait_running(sys, std::chrono::seconds{60}))
      throw std::runtime_error("backtest: the actor graph did not start within 60 s");
    barrier bar{sys, graph.registry};
    const auto& reg = *graph.registry;
    auto feed = graph.feed(0);
    auto scanners = bar.actors(names_with_prefix(reg, "scanner:"));
    auto detectors = bar.actors(names_with_prefix(reg, "detector:"));
    auto seq_market = reg.get("sequencer:market");
    auto seq_bars = reg.get("sequencer:bars");
    auto seq_signals = reg.get("sequencer:signals");
    const std::string broker_name = "broker:" + cfg.broker.name;
    auto trading = bar.actors({"risk_supervisor", "portfolio", "strategy", "order_manager",
                               broker_name, "signal_log", "recorder", "auditor", "trade_logger"});
    bar.settle(trading, clk->now_ns());
    auto next = bar.ask<std::int64_t>(feed, slice_atom::value, INT64_MIN);
    out.first_ns = next;
    {
      // What the start-up published (or did not, racing the recorder's registration) is
      // not part of the run: the tape starts with the starting balance at the first event.
      std::lock_guard<std::mutex> lock{topts.tape->mutex};
      topts.tape->trades.clear();
      topts.tape->equity.assign(1, equity_sample{next, cfg.broker.starting_balance,
                                                 cfg.broker.starting_balance, 0, 0, 0});
    }
    // The feed holds only the window's events (a bar is in it by its open time and
    // arrives at its close): replay until it has none left.
    while (next != INT64_MAX) {
      const std::int64_t end = (next / step + 1) * step;
      clk->set_ns(end);
      next = bar.ask<std::int64_t>(feed, slice_atom::value, end);
      bar.round(scanners);
      bar.round(detectors);
      for (const auto& seq : {seq_market, seq_bars, seq_signals}) {
        if (!seq)
          continue;
        if (bar.ask<std::uint64_t>(seq, release_atom::value) > 0)
          bar.settle(trading, end);
      }
      ++out.slices;
      out.last_ns = end;
      if (opts.progress)
        opts.progress(end);
    }
    bar.settle(trading, out.last_ns);
    out.ledger = broker_ledger::decode(bar.ask<std::string>(reg.get(broker_name), ledger_atom::value));
    auto labels = counters->labels();
    out.risk_state = labels.count("risk_state") ? labels["risk_state"] : "";
    graph.stop(sys, std::chrono::seconds{30});
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.events = counters->replayed.load();
  out.signals = counters->signals.load();
  std::lock_guard<std::mutex> lock{topts.tape->mutex};
  out.trades = std::move(topts.tape->trades);
  out.equity = std::move(topts.tape->equity);
  return out;
}

} // namespace tickline
