#include "actors/node.hpp"

#include <fstream>
#include <stdexcept>

#include <caf/actor_system.hpp>
#include <spdlog/spdlog.h>

#include "actors/topology.hpp"
#include "runtime/logging.hpp"
#include "runtime/shutdown.hpp"
#include "runtime/system_config.hpp"
#include "storage/data_dir.hpp"

namespace tickline {

int run_node(const engine_config& cfg, const run_options& opts) {
  // Before the actor system starts its threads, so that they inherit the mask.
  block_stop_signals();
  setup_logging(cfg.logging);
  if (auto err = prepare_data_dir(cfg.node.data_dir))
    throw std::runtime_error(*err);

  auto counters = std::make_shared<node_counters>();
  auto clk = std::make_shared<wall_clock>();
  auto started = std::chrono::steady_clock::now();
  int status = 0;
  {
    node_system_config sys_cfg{cfg.node.threads};
    caf::actor_system sys{sys_cfg};
    spdlog::info("node {} starting: config {}, {} scheduler thread(s), {} symbol(s)",
                 cfg.node.name, cfg.source, sys_cfg.threads(), cfg.market.symbols.size());
    auto graph = topology::start(sys, cfg, clk, counters);
    auto why = wait_for_stop(opts.duration);
    spdlog::info("node {} stopping ({})", cfg.node.name,
                 why == stop_reason::signal_received ? "signal" : "time limit");
    if (!graph.stop(sys, opts.stop_timeout)) {
      node_counters::add(counters->errors);
      status = 1;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("node {} stopped after {:.1f}s: {} ticks, {} bars, {} signals", cfg.node.name,
               secs, counters->ticks.load(), counters->bars.load(), counters->signals.load());
  if (!opts.summary_path.empty()) {
    std::ofstream out{opts.summary_path, std::ios::trunc};
    out << summary_json(*counters, secs);
    if (!out) {
      spdlog::error("cannot write summary {}", opts.summary_path);
      status = 1;
    }
  }
  flush_logs();
  return status;
}

} // namespace tickline
