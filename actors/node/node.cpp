#include "actors/node/node.hpp"

#include <atomic>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/ops/chaos.hpp"
#include "actors/node/topology.hpp"
#include "runtime/install_dirs.hpp"
#include "runtime/introspection.hpp"
#include "runtime/logging.hpp"
#include "runtime/metrics.hpp"
#include "runtime/shutdown.hpp"
#include "runtime/system_config.hpp"
#include "storage/data_dir.hpp"

namespace tickline {

namespace {

// Watches the root supervisor: if it ends on its own (escalation), the node stops.
caf::behavior root_watcher(caf::event_based_actor* self, caf::actor root,
                           std::shared_ptr<std::atomic<bool>> failed) {
  self->monitor(root);
  self->set_down_handler([self, failed](caf::down_msg& dm) {
    if (dm.reason != caf::exit_reason::user_shutdown) {
      spdlog::error("the root supervisor ended: {}", self->system().render(dm.reason));
      failed->store(true);
      request_stop();
    }
    self->quit();
  });
  return {[](int) {}};
}

} // namespace

int run_node(const engine_config& cfg, const run_options& opts) {
  // Before the actor system starts its threads, so that they inherit the mask.
  block_stop_signals();
  setup_logging(cfg.logging);
  if (auto err = prepare_data_dir(cfg.node.data_dir))
    throw std::runtime_error(*err);
  std::string lock_error;
  auto dir_lock = data_dir_lock::acquire(cfg.node.data_dir, lock_error);  // held until the node is gone
  if (!dir_lock)
    throw std::runtime_error(lock_error);
  auto db = store::open(cfg.node.data_dir + "/db");

  topology_options topts;
  topts.snapshots = std::make_shared<snapshot_store>(db);
  topts.signal_journal = std::make_shared<journal>(db, "signals");
  topts.orders_journal = std::make_shared<journal>(db, "orders");
  topts.trades_journal = std::make_shared<journal>(db, "trades");
  topts.learning_journal = std::make_shared<journal>(db, "learning");
  auto counters = std::make_shared<node_counters>();
  std::shared_ptr<node_metrics> metrics;
  if (cfg.http.enabled) {
    metrics = std::make_shared<node_metrics>(counters);
    counters->metrics = metrics;
    for (const auto& j : {topts.signal_journal, topts.orders_journal, topts.trades_journal})
      j->observe_writes([metrics, name = j->name()](double s) { metrics->observe_journal_append(name, s); });
  }
  auto clk = std::make_shared<wall_clock>();
  if (cfg.http.enabled) {
    auto http = std::make_shared<http_api_options>();
    http->http = cfg.http;
    if (http->http.static_dir.empty())
      http->http.static_dir = installed_web_dir();
    http->token = resolve_api_token(cfg.http.token, cfg.node.data_dir);
    http->symbols = cfg.market.symbols;
    http->node_name = cfg.node.name;
    http->mode = cfg.broker.kind == "paper" ? "paper" : "live";
    http->started_ns = clk->now_ns();
    http->audit = std::make_shared<journal>(db, "audit");
    http->db = db;
    // One port: the HTTP actor also serves /metrics and the stream's WebSocket.
    http->metrics_text = metrics->text();
    http->stream = std::make_shared<http_stream_hub>();
    topts.stream = [hub = http->stream](std::string json) { hub->publish(std::move(json)); };
    topts.http = std::move(http);
  }
  auto started = std::chrono::steady_clock::now();
  int status = run_ok;
  std::string tree = "[]";
  {
    node_system_config sys_cfg{cfg.node.threads};
    caf::actor_system sys{sys_cfg};
    spdlog::info("node {} starting: config {}, {} scheduler thread(s), {} symbol(s), data {}",
                 cfg.node.name, cfg.source, sys_cfg.threads(), cfg.market.symbols.size(),
                 cfg.node.data_dir);
    auto graph = topology::start(sys, cfg, clk, counters, topts);
    if (metrics)
      metrics->add_collector([&sys, reg = graph.registry](node_metrics& m) {
        for (const auto& n : introspect(sys, *reg, std::chrono::milliseconds{100})) {
          m.set_mailbox(n.name, static_cast<double>(n.mailbox));
          m.set_restarts(n.name, static_cast<double>(n.restarts));
        }
      });
    auto failed = std::make_shared<std::atomic<bool>>(false);
    auto watcher = sys.spawn(root_watcher, graph.root, failed);
    caf::actor chaos;
    if (opts.chaos_rate > 0) {
      spdlog::warn("chaos mode: about {} crash(es) per second, seed {}", opts.chaos_rate, opts.seed);
      chaos = sys.spawn(chaos_monkey, graph.registry, opts.chaos_rate, opts.seed);
    }
    auto why = wait_for_stop(opts.duration);
    if (chaos)
      caf::anon_send_exit(chaos, caf::exit_reason::user_shutdown);
    if (failed->load() || why == stop_reason::requested) {
      status = run_tree_failed;
    } else {
      spdlog::info("node {} stopping ({})", cfg.node.name,
                   why == stop_reason::signal_received ? "signal" : "time limit");
      tree = tree_json(introspect(sys, *graph.registry, std::chrono::seconds{1}));
      auto n = graph.snapshot_all(sys, std::chrono::seconds{5});
      spdlog::info("node {}: {} snapshot(s) written in one batch", cfg.node.name, n);
      if (!graph.stop(sys, opts.stop_timeout)) {
        node_counters::add(counters->errors);
        status = run_unclean;
      }
    }
    caf::anon_send_exit(watcher, caf::exit_reason::user_shutdown);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("node {} stopped after {:.1f}s: {} ticks, {} bars, {} signals, {} restarts", cfg.node.name,
               secs, counters->ticks.load(), counters->bars.load(), counters->signals.load(),
               counters->restarts.load());
  if (!opts.summary_path.empty()) {
    std::ofstream out{opts.summary_path, std::ios::trunc};
    out << summary_json(*counters, secs, tree);
    if (!out) {
      spdlog::error("cannot write summary {}", opts.summary_path);
      status = status == run_ok ? run_unclean : status;
    }
  }
  flush_logs();
  return status;
}

} // namespace tickline
