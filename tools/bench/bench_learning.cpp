#include "tools/bench/bench_learning.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/learning/learning_daemon.hpp"
#include "messages/type_ids.hpp"
#include "runtime/system_config.hpp"
#include "tools/bench/bench_stats.hpp"

namespace tickline::bench {

namespace {

double process_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string symbol_name(int i) { return "SYM" + std::to_string(100000 + i).substr(1); }

const char* const patterns[] = {"breakout", "ema_cross", "volume_spike", "squeeze_release",
                                "rsi_divergence"};

signal make_signal(int detector, int sym, std::uint64_t n, std::int64_t ts, double price,
                   int timeframe_s) {
  signal s;
  s.kind = detector == 0 ? signal_kind::whale : signal_kind::pattern;
  s.name = detector == 0 ? "large_trade" : patterns[n % 5];
  s.symbol = symbol_name(sym);
  s.dir = n % 2 ? direction::long_ : direction::short_;
  s.strength = 0.5;
  s.confidence = 0.6;
  s.price = price;
  s.ts_ns = ts;
  s.source = "detector:" + std::to_string(detector) + ":" + s.symbol;
  s.features["timeframe_s"] = timeframe_s;
  return s;
}

nlohmann::json rate_case(const learning_bench_options& o) {
  // What the daemon is sent, built before the clock starts.
  std::vector<caf::message> msgs;
  const std::int64_t t0 = 1'704'067'200'000'000'000;
  const std::int64_t step = static_cast<std::int64_t>(o.timeframe_s) * 1'000'000'000;
  const int seconds = static_cast<int>(o.seconds);
  // Signals so far per (symbol, detector): floor(rate * seconds), so that the count is exact.
  std::vector<std::uint64_t> sent(static_cast<std::size_t>(o.symbols) * o.detectors, 0);
  std::uint64_t signals = 0, bars = 0;
  for (int t = 0; t < seconds; ++t) {
    const std::int64_t now = t0 + t * 1'000'000'000LL;
    for (int s = 0; s < o.symbols; ++s) {
      const double price = 100 + (s % 50) + 0.01 * ((t * 7 + s) % 13);
      if (t % o.timeframe_s == 0) {
        bar b;
        b.symbol = symbol_name(s);
        b.timeframe_s = o.timeframe_s;
        b.open_ns = now - step;
        b.close_ns = now;
        b.open = b.low = price * 0.999;
        b.high = price * 1.001;
        b.close = price;
        b.regime = static_cast<std::int8_t>(s % 3);
        msgs.push_back(caf::make_message(std::vector<bar>{b}));
        ++bars;
      }
      for (int d = 0; d < o.detectors; ++d) {
        auto& done = sent[static_cast<std::size_t>(s) * o.detectors + d];
        const auto due = static_cast<std::uint64_t>(std::floor((t + 1) * o.signal_rate + 1e-9));
        if (due <= done)
          continue;
        std::vector<signal> batch;
        for (; done < due; ++done)
          batch.push_back(make_signal(d, s, signals++, now, price, o.timeframe_s));
        msgs.push_back(caf::make_message(std::move(batch)));
      }
    }
  }
  node_system_config cfg{2};
  caf::actor_system sys{cfg};
  learning_daemon_args args;
  args.settings.default_timeframe_s = o.timeframe_s;
  auto daemon = sys.spawn(learning_daemon, args);
  caf::scoped_actor self{sys};
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = process_cpu_s();
  for (auto& m : msgs)
    self->send(daemon, std::move(m));
  std::string view;
  self->request(daemon, std::chrono::minutes{10}, query_atom::value, std::uint64_t{0})
    .receive([&](const std::string& v) { view = v; },
             [&](const caf::error& e) { throw std::runtime_error("the daemon did not answer: " + sys.render(e)); });
  const double cpu = process_cpu_s() - cpu0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  self->send_exit(daemon, caf::exit_reason::user_shutdown);
  const auto j = nlohmann::json::parse(view);
  return {{"symbols", o.symbols},
          {"detectors", o.detectors},
          {"signal_rate_per_detector_s", o.signal_rate},
          {"market_seconds", seconds},
          {"bars", bars},
          {"signals", signals},
          {"messages", msgs.size()},
          {"outcomes_recorded", j.value("recorded", 0)},
          {"cpu_seconds", cpu},
          {"wall_seconds", wall},
          {"cpu_share_of_one_core", cpu / o.seconds}};
}

nlohmann::json memory_case(const learning_bench_options& o) {
  learning_settings settings;
  settings.max_pending = static_cast<std::size_t>(o.pending) + 1;
  std::vector<signal> batch;
  const double before = status_mb("VmRSS");
  auto st = std::make_unique<learning_state>(settings);
  {
    // Signals straight into the state, a batch at a time (as the daemon takes them).
    const std::int64_t t0 = 1'704'067'200'000'000'000;
    for (std::int64_t n = 0; n < o.pending; ++n) {
      const int sym = static_cast<int>(n % o.symbols);
      st->on_signal(make_signal(static_cast<int>(n % 3), sym, static_cast<std::uint64_t>(n),
                                t0 + n * 1000, 100 + sym % 50, 60));
    }
  }
  const double after = status_mb("VmRSS");
  const auto pending = st->pending();
  return {{"pending", pending},
          {"symbols", o.symbols},
          {"rss_mb", after - before},
          {"bytes_per_pending", (after - before) * 1024 * 1024 / static_cast<double>(pending)},
          {"peak_rss_mb", status_mb("VmHWM")}};
}

} // namespace

nlohmann::json run_learning_bench(const learning_bench_options& opts) {
  if (opts.symbols < 1 || opts.detectors < 1 || opts.seconds < 1 || opts.timeframe_s < 1)
    throw std::invalid_argument("learning bench: symbols, detectors, seconds and timeframe must be >= 1");
  spdlog::set_level(spdlog::level::warn);  // the daemon logs every model version at info
  // Memory first, on a fresh heap, then the rate.
  auto memory = memory_case(opts);
  auto rate = rate_case(opts);
  return {{"bench", "learning"}, {"memory", memory}, {"rate", rate}};
}

} // namespace tickline::bench
