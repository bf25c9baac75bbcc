// tickline: the node and its command-line tools.

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "actors/node/node.hpp"
#include "config/durations.hpp"
#include "config/loader.hpp"
#include "tools/cli/backtest_command.hpp"
#include "tools/cli/optimize_command.hpp"
#include "tools/cli/generate_command.hpp"
#include "tools/cli/learning_command.hpp"
#include "tools/cli/indicators_command.hpp"
#include "tools/cli/keys_command.hpp"
#include "tools/cli/trades_command.hpp"
#include "tools/cli/venue_command.hpp"

namespace {

using namespace tickline;

// Exit statuses: 0 ok, 1 runtime failure, 2 bad input (usage, config).
constexpr int exit_bad_input = 2;

void print_problems(const config_load_result& r) {
  for (const auto& p : r.problems)
    std::cerr << p.to_string() << "\n";
  std::cerr << r.problems.size() << " problem(s) in " << r.config.source << "\n";
}

int cmd_config_check(const std::string& path) {
  auto r = load_config_file(path);
  if (!r.ok()) {
    print_problems(r);
    return exit_bad_input;
  }
  std::cout << path << ": ok (" << r.config.market.symbols.size() << " symbol(s), "
            << r.config.feeds.size() << " feed(s))\n";
  return 0;
}

int cmd_run(const std::string& config_path, const std::string& for_text, run_options opts) {
  if (!for_text.empty()) {
    auto ns = parse_duration_ns(for_text);
    if (!ns) {
      std::cerr << "--for: expected a duration such as 10s, 500ms or 2m, got \"" << for_text
                << "\"\n";
      return exit_bad_input;
    }
    opts.duration = std::chrono::nanoseconds{*ns};
  }
  auto r = config_path.empty() ? load_demo_config() : load_config_file(config_path);
  if (!r.ok()) {
    print_problems(r);
    return exit_bad_input;
  }
  return run_node(r.config, opts);
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"tickline: an actor-model reactive trading engine"};
  app.require_subcommand(1);

  std::string config_path, for_text, check_path;
  run_options run_opts;
  auto* run = app.add_subcommand("run", "Start a node (the embedded demo config without --config)");
  run->add_option("--config", config_path, "TOML config file");
  run->add_option("--for", for_text, "Stop gracefully after this long, e.g. 10s, 2m");
  run->add_option("--summary", run_opts.summary_path, "Write a JSON object of counts to this file at exit");
  run->add_option("--chaos", run_opts.chaos_rate,
                  "Crash randomly chosen workers at about RATE crashes per second")
    ->check(CLI::Range(0.0, 1000.0));
  run->add_option("--seed", run_opts.seed, "Seed of chaos mode's choices");

  auto* config = app.add_subcommand("config", "Work with config files");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "Validate a config file");
  check->add_option("file", check_path, "TOML config file")->required();

  cli::indicators_options ind;
  auto* indicators = app.add_subcommand("indicators", "Indicator values per bar of a CSV file, as CSV");
  indicators->add_option("--data", ind.data, "Binance klines/trades/aggTrades or generic OHLCV CSV")->required();
  indicators->add_option("--timeframe", ind.timeframe, "Bar length, e.g. 1m, 1h, 1d (default: the data's)");
  indicators->add_option("--indicators", ind.indicators, "Comma-separated specs")->capture_default_str();
  indicators->add_option("--out", ind.out, "Output CSV (default: standard output)");

  cli::backtest_cli_options bt;
  auto* backtest = app.add_subcommand("backtest", "Replay history through the node's actors on a simulated clock");
  backtest->add_option("--config", bt.config, "TOML config file")->required();
  backtest->add_option("--data", bt.data, "A data file, or a directory of files (one per symbol)")->required();
  backtest->add_option("--from", bt.from, "Start, e.g. 2024-01-01 (UTC)");
  backtest->add_option("--to", bt.to, "End (exclusive), e.g. 2024-02-01 (UTC)");
  backtest->add_option("--out", bt.out, "Directory for trades.csv, orders.csv, equity.csv, report.json, report.html");
  backtest->add_flag("--quiet", bt.quiet, "No progress output");
  backtest->add_option("--learning", bt.learning, "The learning daemon's mode for this run: off, observe or apply (default: [learning] mode)")
    ->check(CLI::IsMember({"off", "observe", "apply"}));
  backtest->add_option("--walk-forward", bt.walk_forward,
                       "IN:OUT, e.g. 3d:1d: walk forward with these windows (overrides [backtest.walk_forward]); "
                       "with learning apply, each window out of sample with learning off and applied");
  backtest->add_flag("--check-invariants", bt.check_invariants,
                     "After every event, check the order manager, broker and portfolio agree; stop at the first that does not");
  cli::optimize_options opt;
  auto* optimize = app.add_subcommand(
    "optimize", "Backtest every candidate of [backtest.grid] (or random ones from its ranges) on all cores, ranked");
  optimize->add_option("--config", opt.config, "TOML config file with a [backtest.grid]")->required();
  optimize->add_option("--data", opt.data, "A data file, or a directory of files (one per symbol)")->required();
  optimize->add_option("--from", opt.from, "Start, e.g. 2024-01-01 (UTC)");
  optimize->add_option("--to", opt.to, "End (exclusive), e.g. 2024-02-01 (UTC)");
  optimize->add_flag("--grid", opt.grid, "Every combination of the grid's values (the default)");
  optimize->add_option("--random", opt.random, "This many candidates drawn from the grid's ranges")
    ->check(CLI::Range(1, 100000));
  optimize->add_flag("--halving", opt.halving, "Successive halving: the better half goes on to twice the data");
  optimize->add_option("--workers", opt.workers, "Backtests at once (default: one per core)")->check(CLI::Range(0, 256));
  optimize->add_option("--objective", opt.objective, "sharpe, sortino, calmar, total_return or profit_factor (default: [backtest.walk_forward] objective)");
  optimize->add_option("--out", opt.out, "Directory for optimize.csv, optimize.json and the best candidate's backtest files");
  optimize->add_flag("--quiet", opt.quiet, "No progress output");
  cli::generate_options gen;
  auto* generate = cli::add_generate_command(app, gen);
  cli::trades_export_options exp;
  auto* trades = app.add_subcommand("trades", "Work with a node's trade log");
  trades->require_subcommand(1);
  auto* export_ = trades->add_subcommand("export", "The trade log as JSONL, one entry or exit order per line");
  export_->add_option("--data-dir", exp.data_dir, "The node's data directory (node.data_dir)")->required();
  export_->add_option("--out", exp.out, "Output JSONL file (default: standard output)");
  export_->add_flag("--fills", exp.fills, "One line per fill (default: one per order, its partial fills folded)");

  cli::learning_report_options learn;
  auto* learning = app.add_subcommand("learning", "What the learning daemon learned");
  learning->require_subcommand(1);
  auto* report = learning->add_subcommand("report", "The learning daemon's figures and weight versions, read offline");
  report->add_option("--data-dir", learn.data_dir, "The node's data directory (node.data_dir)")->required();
  report->add_option("--html", learn.html, "Also write the report as an HTML page here");
  report->add_option("--top", learn.top, "Rows of the per-symbol table and of the versions")
    ->check(CLI::Range(1, 100000));

  cli::venue_cli_options ven;
  auto* venue = cli::add_venue_command(app, ven);
  cli::keys_options keys;
  CLI::App *keys_add = nullptr, *keys_list = nullptr, *keys_remove = nullptr;
  cli::add_keys_commands(app, keys, keys_add, keys_list, keys_remove);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    auto code = app.exit(e);
    return code == 0 ? 0 : exit_bad_input;
  }
  try {
    if (*run)
      return cmd_run(config_path, for_text, run_opts);
    if (*check)
      return cmd_config_check(check_path);
    if (*indicators)
      return cli::run_indicators(ind);
    if (*backtest)
      return cli::run_backtest_command(bt);
    if (*optimize)
      return cli::run_optimize_command(opt);
    if (*generate)
      return cli::run_generate(gen);
    if (*export_)
      return cli::run_trades_export(exp);
    if (*report)
      return cli::run_learning_report(learn);
    if (*venue)
      return cli::run_venue(ven);
    if (*keys_add)
      return cli::run_keys_add(keys);
    if (*keys_list)
      return cli::run_keys_list(keys);
    if (*keys_remove)
      return cli::run_keys_remove(keys);
  } catch (const std::exception& e) {
    std::cerr << "tickline: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
