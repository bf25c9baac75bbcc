// tickline-bench: benchmarks that print one JSON object each.

#include <iostream>

#include <CLI/CLI.hpp>

#include "tools/bench_pipeline.hpp"

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    auto code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (*pipeline)
      std::cout << tickline::bench::run_pipeline(p).dump(2) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "tickline-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
