#include "tools/bench_replay.hpp"

#include <chrono>
#include <stdexcept>

#include "actors/backtest/backtest_data.hpp"
#include "actors/feeds/csv_replay_state.hpp"
#include "config/civil_time.hpp"

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

} // namespace

nlohmann::json run_replay(const replay_options& opts) {
  auto t0 = std::chrono::steady_clock::now();
  backtest_data_request req;
  req.path = opts.data;
  req.from_ns = instant(opts.from, "--from");
  req.to_ns = instant(opts.to, "--to");
  auto data = load_backtest_data(req);
  if (!data.ok())
    throw std::runtime_error(data.error);
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

} // namespace tickline::bench
