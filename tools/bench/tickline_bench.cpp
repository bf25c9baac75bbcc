// tickline-bench: benchmarks that print one JSON object each.

#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/bench/bench_control.hpp"
#include "tools/bench/bench_latency.hpp"
#include "tools/bench/bench_learning.hpp"
#include "tools/bench/bench_ops.hpp"
#include "tools/bench/bench_pipeline.hpp"
#include "tools/bench/bench_replay.hpp"
#include "tools/bench/bench_supervision.hpp"
#include "tools/bench/bench_startup.hpp"
#include "tools/bench/bench_trading.hpp"
#include "tools/bench/bench_venue.hpp"
#include "messages/json_text.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tickline-bench: throughput and latency benchmarks (JSON output)"};
  app.require_subcommand(1);

  tickline::bench::pipeline_options p;
  auto* pipeline = app.add_subcommand(
    "pipeline", "Synthetic feed -> scanner -> whale detector, actors vs. a plain loop");
  pipeline->add_option("--symbols", p.symbols, "Number of symbols")->check(CLI::Range(1, 100000));
  pipeline->add_option("--ticks", p.ticks, "Total trades, about")->check(CLI::Range(1, 1'000'000'000));
  pipeline->add_option("--threads", p.threads, "Scheduler threads (0 = cores)")->check(CLI::Range(0, 256));
  pipeline->add_option("--seed", p.seed, "Generator seed");
  pipeline->add_flag("--metrics", p.metrics, "Actors push metrics and time every handler, as a node serving /metrics");

  tickline::bench::latency_options lo;
  auto* latency = app.add_subcommand(
    "latency", "Tick-to-signal latency at a fixed offered rate in real time");
  latency->add_option("--symbols", lo.symbols, "Number of symbols")->check(CLI::Range(1, 100000));
  latency->add_option("--rate", lo.rate, "Ticks per second offered")->check(CLI::Range(1.0, 1e8));
  latency->add_option("--seconds", lo.seconds, "Measured seconds")->check(CLI::Range(0.1, 3600.0));
  latency->add_option("--warmup", lo.warmup_seconds, "Unmeasured seconds first")->check(CLI::Range(0.0, 3600.0));
  latency->add_option("--slice-us", lo.slice_us, "Feed batch period, microseconds")->check(CLI::Range(100, 1'000'000));
  latency->add_option("--threads", lo.threads, "Scheduler threads (0 = cores)")->check(CLI::Range(0, 256));
  latency->add_option("--seed", lo.seed, "Generator seed");

  tickline::bench::supervision_options so;
  auto add_sup = [&](const char* name, const char* what, int default_iterations) {
    auto* c = app.add_subcommand(name, what);
    c->add_option("--actors", so.actors, "Symbol subtrees (coldstart) or workers (snapshot)")
      ->check(CLI::Range(1, 100000));
    c->add_option("--iterations", so.iterations, "Restarts or appends")
      ->default_val(default_iterations)->check(CLI::Range(1, 10'000'000));
    c->add_option("--threads", so.threads, "Scheduler threads (0 = cores)")->check(CLI::Range(0, 256));
    c->add_option("--dir", so.dir, "Scratch directory (default: a fresh temp dir)");
    return c;
  };
  auto* restart = add_sup("restart", "Crash -> child running with its state restored", 1000);
  auto* snapshot = add_sup("snapshot", "One atomic snapshot of every worker", 1);
  auto* coldstart = add_sup("coldstart", "Start with every actor restoring its snapshot", 1);
  auto* journal = add_sup("journal", "Synced journal appends", 2000);
  auto* memory = add_sup("memory", "Resident memory of a node with --actors symbols after "
                         "--iterations slices of trades", 400);

  tickline::bench::backtest_bench_options bo;
  auto* backtest = app.add_subcommand(
    "backtest", "A backtest through the actors, and the same events through a plain loop");
  backtest->add_option("--config", bo.config, "Backtest config file")->required();
  backtest->add_option("--data", bo.data.data, "Data file or directory")->required();
  backtest->add_option("--from", bo.data.from, "Window start, YYYY-MM-DD or ISO-8601");
  backtest->add_option("--to", bo.data.to, "Window end, YYYY-MM-DD or ISO-8601");
  backtest->add_option("--sweep", bo.sweep, "Also sweep this many candidates on 1 worker, then on all cores")
    ->check(CLI::Range(1, 100000));
  tickline::bench::replay_options ro;
  auto* replay = app.add_subcommand("replay", "Check a backtest data set, then replay it as fast as possible");
  replay->add_option("--data", ro.data, "Data file or directory")->required();
  replay->add_option("--from", ro.from, "Window start, YYYY-MM-DD or ISO-8601");
  replay->add_option("--to", ro.to, "Window end, YYYY-MM-DD or ISO-8601");
  tickline::bench::trading_options to;
  auto* trading = app.add_subcommand(
    "trading", "Signal -> order accepted, emergency stop, journal cost per order");
  trading->add_option("--signals", to.signals, "Signals of the signal -> order run")
    ->check(CLI::Range(1, 10'000'000));
  trading->add_option("--positions", to.positions, "Open positions (and stops) per emergency stop")
    ->check(CLI::Range(1, 100'000));
  trading->add_option("--stops", to.stops, "Emergency stops timed")->check(CLI::Range(1, 10'000));
  trading->add_option("--appends", to.appends, "Orders of the journal run")->check(CLI::Range(1, 10'000'000));
  trading->add_option("--threads", to.threads, "Scheduler threads (0 = cores)")->check(CLI::Range(0, 256));
  trading->add_option("--dir", to.dir, "Scratch directory (default: a fresh temp dir)");

  tickline::bench::venue_bench_options vbo;
  auto* venue = app.add_subcommand(
    "venue", "The Binance broker against tickline venue: signal -> ack, a burst, stream drops");
  venue->add_option("--signals", vbo.signals, "Signals of the signal -> ack run (2 orders each)")
    ->check(CLI::Range(1, 1000));
  venue->add_option("--burst", vbo.burst, "Orders sent at once")->check(CLI::Range(1, 10000));
  venue->add_option("--drops", vbo.drops, "User data stream drops timed")->check(CLI::Range(1, 1000));
  venue->add_option("--threads", vbo.threads, "Scheduler threads (0 = cores)")->check(CLI::Range(0, 256));
  venue->add_option("--dir", vbo.dir, "Scratch directory (default: a fresh temp dir)");

  tickline::bench::startup_options sto;
  auto* startup = app.add_subcommand(
    "startup", "Start-up of the order manager and portfolio over a large orders journal, with and without its checkpoint");
  startup->add_option("--records", sto.records, "Records in the orders journal")
    ->check(CLI::Range(1000, 100'000'000));
  startup->add_option("--tail", sto.tail, "Records after the checkpoint in the middle case")
    ->check(CLI::Range(0, 100'000'000));
  startup->add_option("--dir", sto.dir, "Scratch directory (default: a fresh temp dir)");

  tickline::bench::control_options co;
  auto* control = app.add_subcommand(
    "control", "HTTP API latency (GET status, POST pause/resume) while the node replays at full speed");
  control->add_option("--symbols", co.symbols, "Symbols of the node")->check(CLI::Range(1, 10000));
  control->add_option("--requests", co.requests, "Requests timed")->check(CLI::Range(2, 10'000'000));
  control->add_option("--threads", co.threads, "Scheduler threads (0 = cores)")->check(CLI::Range(0, 256));
  tickline::bench::metrics_options mo;
  auto* metrics = app.add_subcommand("metrics", "Render of /metrics for a node of --symbols symbols");
  metrics->add_option("--symbols", mo.symbols, "Symbols")->check(CLI::Range(1, 100000));
  metrics->add_option("--renders", mo.renders, "Renders timed")->check(CLI::Range(1, 100000));
  tickline::bench::learning_bench_options lo2;
  auto* learning = app.add_subcommand(
    "learning", "The learning daemon's CPU at a node's signal rate, and the memory of its pending outcomes");
  learning->add_option("--symbols", lo2.symbols, "Symbols")->check(CLI::Range(1, 100000));
  learning->add_option("--detectors", lo2.detectors, "Detectors per symbol")->check(CLI::Range(1, 10));
  learning->add_option("--signal-rate", lo2.signal_rate, "Signals per symbol and detector per second")
    ->check(CLI::Range(0.0, 1000.0));
  learning->add_option("--seconds", lo2.seconds, "Seconds of market time")->check(CLI::Range(1.0, 86400.0));
  learning->add_option("--timeframe", lo2.timeframe_s, "Bar length, seconds")->check(CLI::Range(1, 86400));
  learning->add_option("--pending", lo2.pending, "Pending outcomes of the memory case")
    ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  tickline::bench::ws_options wo;
  auto* ws = app.add_subcommand("ws", "WebSocket stream fan-out to loopback clients");
  ws->add_option("--clients", wo.clients, "Clients")->check(CLI::Range(1, 1000));
  ws->add_option("--rate", wo.rate, "Messages published per second")->check(CLI::Range(1.0, 1e7));
  ws->add_option("--seconds", wo.seconds, "Seconds of publishing")->check(CLI::Range(0.01, 3600.0));
  ws->add_option("--queue", wo.queue, "Per-client queue, messages")->check(CLI::Range(1, 10'000'000));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    auto code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    nlohmann::json out;
    if (*pipeline)
      out = tickline::bench::run_pipeline(p);
    else if (*latency)
      out = tickline::bench::run_latency(lo);
    else if (*restart)
      out = tickline::bench::run_restart(so);
    else if (*snapshot)
      out = tickline::bench::run_snapshot(so);
    else if (*coldstart)
      out = tickline::bench::run_coldstart(so);
    else if (*journal)
      out = tickline::bench::run_journal(so);
    else if (*memory)
      out = tickline::bench::run_memory(so);
    else if (*replay)
      out = tickline::bench::run_replay(ro);
    else if (*backtest)
      out = tickline::bench::run_backtest_bench(bo);
    else if (*trading)
      out = tickline::bench::run_trading(to);
    else if (*venue)
      out = tickline::bench::run_venue(vbo);
    else if (*startup)
      out = tickline::bench::run_startup(sto);
    else if (*control)
      out = tickline::bench::run_control(co);
    else if (*metrics)
      out = tickline::bench::run_metrics(mo);
    else if (*ws)
      out = tickline::bench::run_ws(wo);
    else if (*learning)
      out = tickline::bench::run_learning_bench(lo2);
    std::cout << out.dump(2, ' ', false, tickline::invalid_utf8) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "tickline-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
