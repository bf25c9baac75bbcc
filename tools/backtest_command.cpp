#include "tools/backtest_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "actors/backtest.hpp"
#include "tools/backtest_output.hpp"
#include "config/durations.hpp"
#include "config/loader.hpp"
#include "runtime/logging.hpp"

namespace tickline::cli {

namespace {

constexpr int exit_bad_input = 2;

// The symbol a data file is for: its name up to the first '-' or '.' (Binance names its
// files BTCUSDT-1m-2024-01.csv, BTCUSDT-trades-2024-01.csv).
std::string symbol_of(const std::filesystem::path& p) {
  auto name = p.filename().string();
  return name.substr(0, name.find_first_of("-."));
}

std::vector<std::pair<std::string, std::string>> data_files(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    out.emplace_back(symbol_of(path), path);
    return out;
  }
  if (!fs::is_directory(path, ec)) {
    error = "--data " + path + ": no such file or directory";
    return out;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.is_regular_file() && e.path().extension() == ".csv")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto sym = symbol_of(f);
    if (std::none_of(out.begin(), out.end(), [&](const auto& x) { return x.first == sym; }))
      out.emplace_back(sym, f.string());
  }
  if (out.empty())
    error = "--data " + path + ": no .csv files";
  return out;
}

} // namespace

int run_backtest_command(const backtest_cli_options& o) {
  auto r = load_config_file(o.config);
  if (!r.ok()) {
    for (const auto& p : r.problems)
      std::cerr << p.to_string() << "\n";
    return exit_bad_input;
  }
  std::string error;
  backtest_options bo;
  bo.files = data_files(o.data, error);
  if (bo.files.empty()) {
    std::cerr << "tickline backtest: " << error << "\n";
    return exit_bad_input;
  }
  if (!o.slice.empty()) {
    auto ns = parse_duration_ns(o.slice);
    if (!ns || *ns <= 0) {
      std::cerr << "tickline backtest: --slice " << o.slice << ": expected a duration such as 1m\n";
      return exit_bad_input;
    }
    bo.slice_ns = *ns;
  }
  bo.threads = o.threads;
  setup_logging(r.config.logging);
  const bool tty = !o.quiet && isatty(fileno(stderr));
  auto res = run_backtest(r.config, bo);
  nlohmann::json wf = nlohmann::json::array();
  const auto& wfc = r.config.backtest.walk_forward;
  if (wfc.enabled) {
    if (!o.quiet)
      std::cerr << "walk-forward: " << grid_points(r.config.backtest.grid).size() << " grid point(s) per window\n";
    auto windows = run_walk_forward(r.config, bo, res.first_ns, res.last_ns, [&](const backtest_result& x) {
      return objective_of(r.config, x, wfc.objective);
    });
    wf = walk_forward_json(windows, wfc.objective);
  }
  if (!o.out.empty())
    analytics::write_backtest_files(o.out, analysis_inputs(r.config, res), wf);
  (void)tty;
  double pnl = 0;
  for (const auto& t : res.trades)
    pnl += t.pnl;
  nlohmann::json j;
  j["events"] = res.events;
  j["signals"] = res.signals;
  j["slices"] = res.slices;
  j["trades"] = res.trades.size();
  j["orders"] = res.ledger.orders().size();
  j["fills"] = res.ledger.fills().size();
  j["pnl"] = pnl;
  j["final_equity"] = res.equity.empty() ? 0.0 : res.equity.back().equity;
  j["seconds"] = res.seconds;
  j["events_per_second"] = res.seconds > 0 ? static_cast<double>(res.events) / res.seconds : 0.0;
  j["risk_state"] = res.risk_state;
  if (!o.out.empty())
    j["out"] = o.out;
  std::cout << j.dump(2) << "\n";
  return 0;
}

} // namespace tickline::cli
