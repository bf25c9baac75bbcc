#include "tools/bench/bench_replay.hpp"

#include <chrono>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "actors/backtest/backtest_data.hpp"
#include "actors/feeds/csv_replay_state.hpp"
#include "actors/node/plain_pipeline.hpp"
#include "actors/node/run_backtest.hpp"
#include "actors/node/sweep.hpp"
#include "runtime/system_config.hpp"
#include "config/civil_time.hpp"
#include "config/loader.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

std::optional<std::int64_t> instant(const std::string& text, const char* option) {
  if (text.empty())
    return std::nullopt;
  auto ns = parse_utc_instant_ns(text);
  if (!ns)
    throw std::runtime_error(std::string{option} + ": expected YYYY-MM-DD or ISO-8601, got " + text);
  return ns;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

backtest_data load(const replay_options& opts) {
  backtest_data_request req;
  req.path = opts.data;
  req.from_ns = instant(opts.from, "--from");
  req.to_ns = instant(opts.to, "--to");
  auto data = load_backtest_data(req);
  if (!data.ok())
    throw std::runtime_error(data.error);
  return data;
}

} // namespace

nlohmann::json run_replay(const replay_options& opts) {
  auto t0 = std::chrono::steady_clock::now();
  auto data = load(opts);
  auto load_s = seconds_since(t0);
  auto t1 = std::chrono::steady_clock::now();
  csv_replay_state replay{data.replay_files(), data.from_ns, data.to_ns};
  std::vector<std::vector<trade_tick>> trades;
  std::vector<std::vector<bar>> bars;
  std::uint64_t events = 0;
  while (auto n = replay.take_next(1000, trades, bars))
    events += n;
  auto replay_s = seconds_since(t1);
  return {{"benchmark", "replay"},
          {"symbols", data.symbols.size()},
          {"events", events},
          {"warnings", data.warnings.size()},
          {"load_s", load_s},
          {"replay_s", replay_s},
          {"events_per_s", replay_s > 0 ? static_cast<double>(events) / replay_s : 0.0}};
}

nlohmann::json run_backtest_bench(const backtest_bench_options& opts) {
  auto cfg = load_config_file(opts.config);
  if (!cfg.ok())
    throw std::runtime_error(opts.config + ": " + cfg.problems.front().message);
  auto data = load(opts.data);
  spdlog::set_level(spdlog::level::err);
  backtest_options bo;
  bo.files = data.replay_files();
  bo.from_ns = data.from_ns;
  bo.to_ns = data.to_ns;
  auto res = run_backtest(cfg.config, bo);
  const double peak_mb = status_mb("VmHWM");
  auto t0 = std::chrono::steady_clock::now();
  auto plain = run_plain_replay(cfg.config, bo.files, bo.from_ns, bo.to_ns);
  const auto plain_s = seconds_since(t0);
  const auto rate = res.seconds > 0 ? static_cast<double>(res.events) / res.seconds : 0.0;
  const auto plain_rate = plain_s > 0 ? static_cast<double>(plain.events) / plain_s : 0.0;
  nlohmann::json sweep = nullptr;
  if (opts.sweep > 0) {
    const auto points = random_points({{"strategy.min_confidence", {0.3, 0.8}},
                                       {"strategy.stop_atr_multiple", {1, 4}}},
                                      opts.sweep, 1);
    auto score = [](const backtest_result& r) { return static_cast<double>(r.trades.size()); };
    double secs[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      sweep_options so;
      so.workers = k == 0 ? 1 : 0;
      auto t = std::chrono::steady_clock::now();
      run_sweep(cfg.config, bo, points, score, so);
      secs[k] = seconds_since(t);
    }
    sweep = {{"candidates", opts.sweep}, {"workers", resolve_threads(0)},
             {"one_worker_s", secs[0]}, {"all_cores_s", secs[1]},
             {"speedup", secs[1] > 0 ? secs[0] / secs[1] : 0.0}};
  }
  return {{"benchmark", "backtest"},
          {"sweep", sweep},
          {"symbols", data.symbols.size()},
          {"events", res.events},
          {"messages", res.messages},
          {"signals", res.signals},
          {"trades", res.trades.size()},
          {"fills", res.ledger.fills().size()},
          {"seconds", res.seconds},
          {"events_per_s", rate},
          {"messages_per_s", res.seconds > 0 ? static_cast<double>(res.messages) / res.seconds : 0.0},
          {"peak_rss_mb", peak_mb},
          {"plain_loop", {{"events", plain.events}, {"signals", plain.signals},
                          {"seconds", plain_s}, {"events_per_s", plain_rate}}},
          {"ratio_to_plain_loop", plain_rate > 0 ? rate / plain_rate : 0.0}};
}

} // namespace tickline::bench
