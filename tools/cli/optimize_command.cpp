#include "tools/cli/optimize_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "actors/node/sweep.hpp"
#include "analytics/format.hpp"
#include "tools/cli/backtest_command.hpp"
#include "runtime/logging.hpp"
#include "tools/cli/backtest_output.hpp"
#include "messages/json_text.hpp"

namespace tickline::cli {

namespace {

constexpr int exit_bad_input = 2;

nlohmann::json candidates_json(const std::vector<sweep_candidate>& ranked) {
  auto rows = nlohmann::json::array();
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& c = ranked[i];
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : c.params)
      params[name] = report_number(value);
    rows.push_back({{"rank", i + 1}, {"params", params}, {"score", report_number(c.score)},
                    {"trades", c.trades}, {"pnl", report_number(c.pnl)},
                    {"final_equity", report_number(c.final_equity)},
                    {"data_fraction", report_number(c.data_fraction)}, {"events", c.events}});
  }
  return rows;
}

std::string candidates_csv(const std::vector<sweep_candidate>& ranked) {
  std::string out = "rank";
  if (!ranked.empty())
    for (const auto& [name, value] : ranked.front().params)
      out += "," + name;
  out += ",score,trades,pnl,final_equity,data_fraction\n";
  auto cell = [](double v, int decimals) { return std::isfinite(v) ? analytics::fixed(v, decimals) : ""; };
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& c = ranked[i];
    out += std::to_string(i + 1);
    for (const auto& [name, value] : c.params)
      out += "," + cell(value, 10);
    out += "," + cell(c.score, 10) + "," + std::to_string(c.trades) + "," + cell(c.pnl, 8) + "," +
           cell(c.final_equity, 8) + "," + cell(c.data_fraction, 10) + "\n";
  }
  return out;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f{path, std::ios::binary};
  f << text;
  if (!f)
    throw std::runtime_error("cannot write " + path.string());
}

} // namespace

int run_optimize_command(const optimize_options& o) {
  auto prep = prepare_backtest(o.config, o.data, o.from, o.to, "optimize");
  if (!prep)
    return exit_bad_input;
  const auto& cfg = prep->config;
  setup_logging(cfg.logging);
  const auto& grid = cfg.backtest.grid;
  if (grid.empty()) {
    std::cerr << "tickline optimize: " << o.config
              << ": no [backtest.grid]: give the parameters to search and their values\n";
    return exit_bad_input;
  }
  if (o.grid && o.random > 0) {
    std::cerr << "tickline optimize: --grid and --random exclude each other\n";
    return exit_bad_input;
  }
  const std::string objective = o.objective.empty() ? cfg.backtest.walk_forward.objective : o.objective;
  const std::vector<std::string> known{"sharpe", "sortino", "calmar", "total_return", "profit_factor"};
  if (std::find(known.begin(), known.end(), objective) == known.end()) {
    std::cerr << "tickline optimize: --objective " << objective
              << ": expected sharpe, sortino, calmar, total_return or profit_factor\n";
    return exit_bad_input;
  }
  const auto points = o.random > 0 ? random_points(grid, o.random, cfg.backtest.seed) : grid_points(grid);
  sweep_options so;
  so.workers = o.workers;
  so.halving = o.halving;
  const bool tty = isatty(fileno(stderr)) != 0;
  if (!o.quiet)
    so.progress = [tty](std::size_t done, std::size_t total) {
      if (tty)
        std::cerr << "\roptimize: " << done << "/" << total << " backtests" << std::flush;
      else if (done == total || done % std::max<std::size_t>(total / 10, 1) == 0)
        std::cerr << "optimize: " << done << "/" << total << " backtests\n";
    };
  const auto started = std::chrono::steady_clock::now();
  auto score = [&](const backtest_result& r) { return objective_of(cfg, r, objective); };
  const auto ranked = run_sweep(cfg, prep->opts, points, score, so);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (tty && !o.quiet)
    std::cerr << "\n";
  nlohmann::json opt{{"method", o.random > 0 ? "random" : "grid"},
                     {"halving", o.halving},
                     {"objective", objective},
                     {"candidates", candidates_json(ranked)}};
  const auto runs = sweep_runs(points.size(), o.halving);
  nlohmann::json j{{"candidates", ranked.size()}, {"backtests", runs}, {"seconds", seconds},
                   {"objective", objective}, {"best", opt["candidates"].front()}};
  if (!o.out.empty()) {
    std::filesystem::create_directories(o.out);
    write_text(std::filesystem::path{o.out} / "optimize.csv", candidates_csv(ranked));
    write_text(std::filesystem::path{o.out} / "optimize.json", opt.dump(2, ' ', false, invalid_utf8) + "\n");
    // The winner's whole backtest, with the ranking in its report.
    auto best = run_backtest(with_parameters(cfg, ranked.front().params), prep->opts);
    analytics::write_backtest_files(o.out, analysis_inputs(cfg, best), nlohmann::json::array(), opt);
    j["out"] = o.out;
  }
  std::cout << j.dump(2, ' ', false, invalid_utf8) << "\n";
  return 0;
}

} // namespace tickline::cli
