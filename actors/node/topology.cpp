#include "actors/learning/learning_daemon.hpp"
#include "actors/node/topology.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <thread>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/ops/alerts.hpp"
#include "actors/feeds/auditor.hpp"
#include "actors/signals/bar_detector.hpp"
#include "actors/feeds/csv_feed.hpp"
#include "actors/trading/orders/order_manager.hpp"
#include "actors/broker/binance_broker.hpp"
#include "actors/broker/paper_broker.hpp"
#include "actors/signals/pattern_detector_state.hpp"
#include "actors/trading/portfolio/portfolio.hpp"
#include "actors/trading/risk/risk_supervisor.hpp"
#include "actors/trading/strategy/strategy.hpp"
#include "actors/signals/scanner.hpp"
#include "actors/signals/signal_log.hpp"
#include "actors/signals/signal_log_state.hpp"
#include "actors/ops/stream.hpp"
#include "actors/feeds/synthetic_feed.hpp"
#include "actors/trading/trade_log/trade_logger.hpp"
#include "actors/signals/volatility_detector_state.hpp"
#include "actors/feeds/webhook_feed.hpp"
#include "actors/signals/whale_detector.hpp"
#include "actors/feeds/ws_feed.hpp"
#include "config/durations.hpp"
#include "config/feed_files.hpp"
#include "messages/type_ids.hpp"
#include "runtime/supervisor.hpp"

namespace tickline {

namespace {

// The broker heartbeats the auditor this often and is lost after this long without one.
constexpr std::int64_t broker_heartbeat_ms = 250;
constexpr std::int64_t broker_lost_after_ms = 3000;


const std::vector<std::string>& feed_symbols(const feed_config& f, const engine_config& cfg) {
  return f.symbols.empty() ? cfg.market.symbols : f.symbols;
}

snapshot_policy policy_of(const snapshot_policy_config& c) {
  return {static_cast<std::uint64_t>(c.every_messages), c.every_ms * 1'000'000, c.on_stop};
}

// Everything the child specs of one node share.
struct builder {
  caf::actor_system& sys;
  const engine_config& cfg;
  clock_ptr clk;
  std::shared_ptr<node_counters> counters;
  std::shared_ptr<actor_registry> registry;
  topology_options opts;

  snapshot_env env(const snapshot_policy_config& p) const {
    return {opts.snapshots, registry, counters, clk, policy_of(p)};
  }

  supervisor_args sup(std::string name, const restart_policy_config& p,
                      std::vector<child_spec> children) const {
    return {std::move(name), supervisor_flags::from_config(p), std::move(children), clk,
            registry, counters, std::hash<std::string>{}(cfg.node.name)};
  }

  child_spec subtree(std::string name, const restart_policy_config& p,
                     std::vector<child_spec> children) const {
    child_spec c;
    c.name = name;
    c.kind = "supervisor";
    c.strategy = p.strategy;
    c.shutdown = std::chrono::milliseconds{30'000};
    auto args = sup(std::move(name), p, std::move(children));
    c.start = [args](caf::actor_system& s) { return s.spawn(supervisor, args); };
    return c;
  }

  template <class Fn, class Args>
  static child_spec worker(std::string name, std::string kind, Fn fn, Args args) {
    child_spec c;
    c.name = std::move(name);
    c.kind = std::move(kind);
    c.start = [fn, args](caf::actor_system& s) { return s.spawn(fn, args); };
    return c;
  }

  // A detector's timeframe: as configured, or the scanner's longest.
  static std::int64_t timeframe_of(const std::string& tf, const scanner_settings& settings) {
    if (tf.empty())
      return *std::max_element(settings.timeframes_s.begin(), settings.timeframes_s.end());
    auto ns = parse_duration_ns(tf);
    if (!ns)
      throw std::invalid_argument("detector timeframe " + tf);
    return *ns / 1'000'000'000;
  }

  // The detectors of one symbol, by name, in start order.
  std::vector<std::string> detector_names(const std::string& sym) const {
    auto out = tick_detector_names(sym);
    for (auto& d : bar_detector_names(sym))
      out.push_back(std::move(d));
    return out;
  }
  // Those that read trades...
  std::vector<std::string> tick_detector_names(const std::string& sym) const {
    if (cfg.detectors.whale.enabled)
      return {"detector:whale:" + sym};
    return {};
  }
  // ...and those that read closed bars.
  std::vector<std::string> bar_detector_names(const std::string& sym) const {
    std::vector<std::string> out;
    if (cfg.detectors.pattern.enabled)
      out.push_back("detector:pattern:" + sym);
    if (cfg.detectors.volatility.enabled)
      out.push_back("detector:volatility:" + sym);
    return out;
  }

  // Who fills orders from the market data: the paper broker, when the node trades.
  std::vector<std::string> market_sinks() const {
    if (!cfg.strategy.enabled || cfg.broker.kind != "paper")
      return {};
    return {"broker:" + cfg.broker.name};
  }

  // The actors that follow closed bars: the trading actors (marks, ATR, trailing stops)
  // and the learning daemon (signal outcomes).
  std::vector<std::string> bar_sinks() const {
    std::vector<std::string> out;
    if (cfg.strategy.enabled)
      out = trading_bar_sinks();
    if (learning())
      out.push_back("learning_daemon");
    return out;
  }

  bool learning() const { return cfg.learning.mode != "off"; }

  // The learning subtree: the daemon, unless [learning] mode is off.
  std::vector<child_spec> learning_children() const {
    if (!learning())
      return {};
    learning_daemon_args a;
    const auto& l = cfg.learning;
    a.settings.horizons = l.horizons;
    a.settings.default_timeframe_s = l.default_timeframe_ns / 1'000'000'000;
    a.settings.pool_weight = l.pool_weight;
    a.settings.drift_delta = l.drift_delta;
    a.settings.drift_lambda = l.drift_lambda;
    a.settings.drift_keep = l.drift_keep;
    a.settings.max_pending = static_cast<std::size_t>(l.max_pending);
    a.apply = l.mode == "apply" && cfg.strategy.enabled;
    const auto h = std::find(l.horizons.begin(), l.horizons.end(), l.feedback_horizon);
    a.feedback_horizon = h == l.horizons.end() ? 0 : static_cast<std::size_t>(h - l.horizons.begin());
    a.weights.round_outcomes = static_cast<std::uint64_t>(l.round_outcomes);
    a.weights.min_outcomes = static_cast<std::uint64_t>(l.min_outcomes);
    a.weights.learning_rate = l.learning_rate;
    a.weights.z_min = l.z_min;
    a.weights.z_cap = l.z_cap;
    a.weights.max_step = l.max_step;
    a.weights.decay = l.decay;
    a.weights.min_weight = l.min_weight;
    a.weights.max_weight = l.max_weight;
    a.weights.history = static_cast<std::size_t>(l.history);
    if (cfg.detectors.pattern.enabled) {
      a.weights.thresholds = pattern_threshold_rules(
        l.threshold_bounds, {{"volume_z", cfg.detectors.pattern.volume_z},
                             {"squeeze_quantile", cfg.detectors.pattern.squeeze_quantile}});
      for (const auto& sym : cfg.market.symbols)
        a.pattern_detectors.push_back("detector:pattern:" + sym);
    }
    a.weights.threshold_step = l.threshold_step;
    a.signals = opts.signal_journal;
    a.decode = [](const std::string& line, std::string& error) {
      return signal_log_state::from_json(line, error);
    };
    a.key = signal_log_state::key;
    a.changes = opts.learning_journal;
    a.start = opts.learning_start;
    a.env = env(cfg.snapshots.detector);
    return {worker("learning_daemon", "learning", learning_daemon, a)};
  }
  static std::vector<std::string> trading_bar_sinks() {
    return {"risk_supervisor", "portfolio", "strategy", "order_manager"};
  }

  bool streams() const { return static_cast<bool>(opts.stream); }

  // risk_supervisor, portfolio, strategy, order_manager, broker: in this order, so that
  // under rest_for_one a failing risk authority takes everything after it down with it.
  std::vector<child_spec> trading_children(const std::vector<std::string>& market_feeds,
                                           const scanner_settings& settings) const {
    std::vector<child_spec> kids;
    if (!cfg.strategy.enabled)
      return kids;
    std::string error;
    auto setup = make_risk_setup(cfg, error);
    if (!setup)
      throw std::invalid_argument("risk: " + error);
    setup->broker_source = "broker:" + cfg.broker.name;
    // A symbol is live while one of its market feeds delivers its data: a live network
    // feed's liveness is per symbol ("feed:NAME/SYMBOL"), a replay's or the synthetic
    // market's is the feed's. Webhooks carry alerts, not market data: they do not count.
    for (const auto& f : cfg.feeds) {
      if (std::find(market_feeds.begin(), market_feeds.end(), f.kind) == market_feeds.end())
        continue;
      if (f.kind == "websocket")
        for (const auto& sym : feed_symbols(f, cfg))
          setup->feed_symbols["feed:" + f.name + "/" + sym] = {sym};
      else
        setup->feed_symbols["feed:" + f.name] = feed_symbols(f, cfg);
    }
    auto snaps = env(cfg.snapshots.detector);
    auto tf = timeframe_of(cfg.strategy.timeframe, settings);
    kids.push_back(worker("risk_supervisor", "risk", risk_supervisor,
                          risk_supervisor_args{"risk_supervisor", *setup, "order_manager",
                                               {"strategy", "trade_logger"}, "auditor", snaps}));
    std::vector<std::string> account_to{"risk_supervisor", "strategy"};
    if (learning())
      account_to.push_back("learning_daemon");  // closed trades, by the signal that opened them
    if (opts.tape)
      account_to.push_back("recorder");
    if (opts.http)
      account_to.push_back("http");  // closed trades for GET /api/v1/trades
    kids.push_back(worker("portfolio", "portfolio", portfolio,
                          portfolio_args{"portfolio", cfg.broker.starting_balance, account_to, 250,
                                         snaps}));
    kids.push_back(worker("strategy", "strategy", strategy,
                          strategy_args{"strategy", cfg.strategy, cfg.risk, tf, "risk_supervisor",
                                        "trade_logger", snaps,
                                        // A live node loses messages to crashes; a backtest does not.
                                        opts.self_timed_feeds ? "order_manager" : "",
                                        30'000'000'000}));
    order_manager_args om;
    om.cfg = cfg.orders;
    om.orders = opts.orders_journal;
    om.broker = "broker:" + cfg.broker.name;
    om.trade_log = "trade_logger";
    if (streams())
      om.watchers = {"stream"};
    om.timeframe_s = tf;
    om.self_timed = opts.self_timed_feeds;
    om.env = snaps;
    om.starting_balance = cfg.broker.starting_balance;
    kids.push_back(worker("order_manager", "orders", order_manager, om));
    if (cfg.broker.kind == "binance") {
      kids.push_back(binance_child());
      return kids;
    }
    // The paper broker's books are its venue: kept in pieces, saved before every event it
    // sends (paper_broker_store); the snapshot policy only matters for old data dirs.
    auto venue = env(cfg.snapshots.detector);
    venue.policy = snapshot_policy{0, 0, true};
    paper_broker_args broker{"broker:" + cfg.broker.name, cfg.broker, cfg.market.symbols,
                             {"order_manager"}, venue};
    // A live node's auditor watches the broker too (a backtest runs on simulated time).
    if (opts.self_timed_feeds) {
      broker.auditor = "auditor";
      broker.heartbeat = std::chrono::milliseconds{broker_heartbeat_ms};
    }
    kids.push_back(worker(broker.name, "broker", paper_broker, broker));
    return kids;
  }

  // The Binance broker, on a thread of its own (its REST calls block).
  child_spec binance_child() const {
    auto store = env(cfg.snapshots.detector).store;
    auto a = binance_broker_args_of(cfg, store ? store->db() : nullptr);
    a.registry = registry;
    a.risk = "risk_supervisor";
    if (opts.self_timed_feeds)
      a.auditor = "auditor";
    child_spec c;
    c.name = a.name;
    c.kind = "broker";
    c.start = [a](caf::actor_system& s) { return s.spawn<caf::detached>(binance_broker, a); };
    return c;
  }

  // The feed of one [[feeds]] entry; its name is added to `feed_names`.
  child_spec feed_child(const feed_config& f, std::vector<std::string>& feed_names) const {
    if (f.kind == "csv") {
      std::string error;
      csv_feed_args a{"feed:" + f.name, {}, {}, "auditor", f.speed, env(cfg.snapshots.feed),
                      opts.self_timed_feeds};
      if (opts.replay_files.empty()) {
        a.files = csv_feed_files(f.path, feed_symbols(f, cfg), error);
        if (a.files.empty())
          throw std::invalid_argument("feed " + f.name + ": " + error);
        for (const auto& file : a.files)
          a.scanners.push_back("scanner:" + file.first);
      } else {
        a.chained = opts.replay_files;
        a.from_ns = opts.replay_from_ns;
        a.to_ns = opts.replay_to_ns;
        for (const auto& sym : a.chained)
          a.scanners.push_back("scanner:" + sym.first);
      }
      feed_names.push_back(a.name);
      return worker(a.name, "feed", csv_feed, a);
    }
    if (f.kind == "websocket") {
      ws_feed_args a;
      a.name = "feed:" + f.name;
      a.client.url = binance_stream_url(f.url, feed_symbols(f, cfg), f.streams);
      a.client.backoff_min = std::chrono::milliseconds{f.reconnect_min_ms};
      a.client.backoff_max = std::chrono::milliseconds{f.reconnect_max_ms};
      a.client.seed = std::hash<std::string>{}(cfg.node.name + a.name);
      a.symbols = feed_symbols(f, cfg);
      for (const auto& s : a.symbols)
        a.scanners.push_back("scanner:" + s);
      a.auditor = "auditor";
      a.heartbeat_ms = std::clamp<std::int64_t>(f.stale_after_ms / 4, 1, 1000);
      if (!f.rest_url.empty()) {
        std::string error;
        a.rest = parse_http_url(f.rest_url, error);  // validated with the config
      }
      a.depth_limit = f.depth_limit;
      a.env = env(cfg.snapshots.feed);
      feed_names.push_back(a.name);
      return worker(a.name, "feed", ws_feed, a);
    }
    if (f.kind == "webhook") {
      webhook_feed_args a;
      a.name = "feed:" + f.name;
      a.listen = f.listen;
      a.path = f.endpoint;
      const char* env_secret = std::getenv("TICKLINE_WEBHOOK_SECRET");
      a.secret = !f.secret.empty() ? f.secret : env_secret ? env_secret : "";
      a.symbols = feed_symbols(f, cfg);
      a.signal_sinks = {"signal_log"};
      a.auditor = "auditor";
      a.heartbeat_ms = std::clamp<std::int64_t>(f.stale_after_ms / 4, 1, 1000);
      a.env = env(cfg.snapshots.feed);
      feed_names.push_back(a.name);
      return worker(a.name, "feed", webhook_feed, a);
    }
    if (f.kind != "synthetic")
      throw std::invalid_argument("feed " + f.name + ": kind " + f.kind + " is not supported");
    synthetic_feed_args a{"feed:" + f.name, f, feed_symbols(f, cfg), {}, "auditor",
                          env(cfg.snapshots.feed), opts.self_timed_feeds};
    for (const auto& s : a.symbols)
      a.scanners.push_back("scanner:" + s);
    feed_names.push_back(a.name);
    return worker(a.name, "feed", synthetic_feed, a);
  }

  // The ops subtree: stream, alerts, signal_log, recorder, trade_logger, http, in start
  // order. `detectors` is how many detectors send to the signal log.
  std::vector<child_spec> ops_children(bool with_alerts, int detectors) const {
    std::vector<child_spec> ops;
    std::vector<std::string> signals_to;
    if (cfg.strategy.enabled)
      signals_to.push_back("strategy");
    if (learning())
      signals_to.push_back("learning_daemon");
    // First in ops, so that it is up before anything it follows.
    if (streams()) {
      ops.push_back(worker("stream", "stream", stream,
                           stream_args{"stream", opts.stream, std::chrono::milliseconds{250},
                                       env(cfg.snapshots.signal_log)}));
      signals_to.push_back("stream");
    }
    if (with_alerts) {
      signals_to.push_back("alerts");
      ops.push_back(worker("alerts", "alerts", alerts,
                           alerts_args{"alerts", cfg.alerts, std::chrono::milliseconds{250},
                                       env(cfg.snapshots.signal_log)}));
    }
    ops.push_back(worker("signal_log", "signal_log", signal_log,
                         signal_log_args{"signal_log", std::max(detectors, 1),
                                         opts.signal_journal, opts.on_end,
                                         opts.signal_taps, signals_to,
                                         env(cfg.snapshots.signal_log)}));
    if (opts.tape)
      ops.push_back(worker("recorder", "recorder", backtest_recorder, opts.tape));
    // Before the trading subtree, so that it hears the first intent.
    if (cfg.strategy.enabled)
      ops.push_back(worker("trade_logger", "trade_logger", trade_logger,
                           trade_logger_args{"trade_logger", opts.trades_journal, 1000,
                                             env(cfg.snapshots.detector)}));
    if (opts.http)
      ops.push_back(worker("http", "http", http_api,
                           http_api_args{"http", opts.http, env(cfg.snapshots.detector)}));
    return ops;
  }

  child_spec symbol_subtree(const std::string& sym, const scanner_settings& settings,
                            int upstream) const {
    std::vector<child_spec> kids;
    const std::vector<std::string> to_log{"signal_log"};
    kids.push_back(worker("scanner:" + sym, "scanner", scanner,
                          scanner_args{"scanner:" + sym, sym, settings, bar_detector_names(sym),
                                       tick_detector_names(sym), market_sinks(), bar_sinks(), upstream,
                                       env(cfg.snapshots.scanner)}));
    const auto& d = cfg.detectors;
    if (d.whale.enabled)
      kids.push_back(worker("detector:whale:" + sym, "detector", whale_detector,
                            whale_detector_args{"detector:whale:" + sym, sym, d.whale, to_log,
                                                env(cfg.snapshots.detector)}));
    if (d.pattern.enabled) {
      auto name = "detector:pattern:" + sym;
      kids.push_back(worker(name, "detector", bar_detector<pattern_detector_state>,
                            bar_detector_args<pattern_detector_state>{
                              name, "pattern_detector_state", timeframe_of(d.pattern.timeframe, settings),
                              [c = d.pattern, sym, name] { return pattern_detector_state{c, sym, name}; },
                              to_log, env(cfg.snapshots.detector)}));
    }
    if (d.volatility.enabled) {
      auto name = "detector:volatility:" + sym;
      kids.push_back(worker(name, "detector", bar_detector<volatility_detector_state>,
                            bar_detector_args<volatility_detector_state>{
                              name, "volatility_detector_state",
                              timeframe_of(d.volatility.timeframe, settings),
                              [c = d.volatility, sym, name] { return volatility_detector_state{c, sym, name}; },
                              to_log, env(cfg.snapshots.detector)}));
    }
    return subtree("symbol:" + sym, cfg.supervision.symbol, std::move(kids));
  }
};

} // namespace

topology topology::start(caf::actor_system& sys, const engine_config& cfg, clock_ptr clk,
                         std::shared_ptr<node_counters> counters, topology_options opts) {
  topology t;
  t.registry = std::make_shared<actor_registry>();
  t.snapshots = opts.snapshots;
  builder b{sys, cfg, clk, counters, t.registry, opts};
  auto settings = scanner_settings::from_config(cfg.scanner);

  // How many feeds serve each symbol: a scanner passes end_atom on after that many.
  std::map<std::string, int> upstream;
  for (const auto& f : cfg.feeds)
    if (f.kind == "csv" || f.kind == "synthetic")  // live network feeds never end
      for (const auto& s : feed_symbols(f, cfg))
        ++upstream[s];

  std::vector<child_spec> market;
  for (const auto& sym : cfg.market.symbols)
    market.push_back(b.symbol_subtree(sym, settings, std::max(upstream[sym], 1)));
  // The auditor starts after the symbols and before the feeds whose heartbeats it takes.
  auditor_args audit{"auditor", {}, {}, b.env(cfg.snapshots.feed), std::chrono::milliseconds{100},
                     opts.self_timed_feeds};
  if (cfg.strategy.enabled)
    audit.subscribers.push_back("risk_supervisor");
  // Alerts watch a live node; a backtest's replay has no one to alert.
  const bool with_alerts = cfg.alerts.enabled && !cfg.alerts.rules.empty() && opts.self_timed_feeds;
  if (with_alerts)
    audit.subscribers.push_back("alerts");
  if (b.streams())
    audit.subscribers.push_back("stream");
  for (const auto& f : cfg.feeds) {
    audit.watch.emplace_back("feed:" + f.name, f.stale_after_ms * 1'000'000);
    if (f.kind == "websocket")
      for (const auto& sym : feed_symbols(f, cfg))
        audit.watch.emplace_back("feed:" + f.name + "/" + sym, f.stale_after_ms * 1'000'000);
  }
  if (cfg.strategy.enabled && opts.self_timed_feeds) {
    audit.watch.emplace_back("broker:" + cfg.broker.name, broker_lost_after_ms * 1'000'000);
    // A venue's user data stream is a source of its own: a drop is seen, polls go on.
    if (cfg.broker.kind == "binance" && !cfg.broker.stream_url.empty())
      audit.watch.emplace_back("broker:" + cfg.broker.name + "/stream", broker_lost_after_ms * 1'000'000);
  }
  market.push_back(builder::worker("auditor", "auditor", auditor, audit));
  for (const auto& f : cfg.feeds)
    market.push_back(b.feed_child(f, t.feed_names));

  int per_symbol_detectors = cfg.market.symbols.empty()
    ? 0 : static_cast<int>(b.detector_names(cfg.market.symbols.front()).size());
  int detectors = per_symbol_detectors * static_cast<int>(cfg.market.symbols.size());
  std::vector<child_spec> ops = b.ops_children(with_alerts, detectors);
  const std::size_t ops_workers = ops.size();

  std::vector<child_spec> root;
  root.push_back(b.subtree("ops", cfg.supervision.ops, std::move(ops)));
  auto learning = b.learning_children();
  const std::size_t learning_workers = learning.size();
  root.push_back(b.subtree("learning", cfg.supervision.learning, std::move(learning)));
  auto trading = b.trading_children({"csv", "synthetic", "websocket"}, settings);
  const std::size_t trading_workers = trading.size();
  root.push_back(b.subtree("trading", cfg.supervision.trading, std::move(trading)));
  root.push_back(b.subtree("market", cfg.supervision.market, std::move(market)));

  // root; ops, learning, trading, market; signal_log (+ trade_logger); auditor; feeds;
  // symbol subtrees.
  const std::size_t per_symbol = 1 + static_cast<std::size_t>(per_symbol_detectors);  // + scanner
  t.expected_nodes = 1 + 4 + ops_workers + 1 /* auditor */ + trading_workers + learning_workers
                     + cfg.feeds.size()
                     + cfg.market.symbols.size() * (1 + per_symbol);

  tree_node r;
  r.name = "root";
  r.kind = "supervisor";
  r.strategy = cfg.supervision.root.strategy;
  t.registry->upsert(r);
  t.root = sys.spawn(supervisor, b.sup("root", cfg.supervision.root, std::move(root)));
  t.registry->set_handle("root", t.root, node_status::running);
  spdlog::info("topology: {} feed(s), {} symbol subtree(s)", cfg.feeds.size(),
               cfg.market.symbols.size());
  return t;
}

bool topology::all_registered() const {
  const auto nodes = registry->nodes();
  bool all = nodes.size() >= expected_nodes;
  for (const auto& n : nodes)
    all = all && n.status == node_status::running && n.handle;
  return all;
}

bool topology::wait_running(caf::actor_system& sys, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  };
  // First every node must be registered with a live handle...
  while (!all_registered()) {
    if (left().count() <= 0)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  const auto nodes = registry->nodes();
  // ...then answer a message, which it can only do after its init (and restore) ran.
  caf::scoped_actor self{sys};
  for (const auto& n : nodes) {
    bool ok = false;
    self->request(n.handle, std::max(left(), std::chrono::milliseconds{1}), stats_atom::value)
      .receive([&](std::int64_t) { ok = true; }, [](const caf::error&) {});
    if (!ok)
      return false;
  }
  return true;
}

caf::actor topology::feed(std::size_t i) const { return registry->get(feed_names.at(i)); }

std::size_t topology::snapshot_all(caf::actor_system& sys, std::chrono::milliseconds timeout) {
  if (!snapshots)
    return 0;
  std::vector<snapshot_record> batch;
  caf::scoped_actor self{sys};
  // Ask every worker at once, then collect: the cost is the slowest answer, not the sum.
  std::vector<std::pair<std::string, decltype(self->request(caf::actor{}, timeout, snapshot_atom::value))>> pending;
  for (const auto& n : registry->nodes())
    if (n.handle && n.kind != "supervisor")
      pending.emplace_back(n.name, self->request(n.handle, timeout, snapshot_atom::value));
  for (auto& [name, response] : pending) {
    response.receive(
      [&](const std::string& bytes) {
        std::string err;
        if (auto r = snapshot_store::decode(bytes, err))
          batch.push_back(std::move(*r));
      },
      [&, &name = name](const caf::error& e) {
        spdlog::warn("snapshot of {} not taken: {}", name, sys.render(e));
      });
  }
  snapshots->put_all(batch);
  return batch.size();
}

bool topology::stop(caf::actor_system& sys, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{sys};
  self->monitor(root);
  self->send_exit(root, caf::exit_reason::user_shutdown);
  bool clean = true;
  self->receive([](const caf::down_msg&) {},
                caf::after(timeout) >> [&] { clean = false; });
  if (!clean) {
    spdlog::warn("topology: the tree did not stop within {} ms; killing it", timeout.count());
    self->send_exit(root, caf::exit_reason::kill);
  }
  return clean;
}

} // namespace tickline
