#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench venue`.
struct venue_bench_options {
  int signals = 30;    ///< Signals of the signal -> ack run (two orders each: entry, stop). Default: 30.
  int burst = 120;     ///< Orders sent at once to the broker for the throughput run. Default: 120.
  int drops = 5;       ///< User data stream drops timed. Default: 5.
  int threads = 0;     ///< Scheduler threads; 0 = core count. Default: 0.
  std::string dir;     ///< RocksDB scratch directory; empty = a fresh temp dir. Default: "".
};

/// The trading chain of `tickline-bench trading` with the Binance broker in place of the
/// paper broker, against a `tickline venue` on loopback (in process: its own HTTP server
/// and market threads). Measures:
/// - `signal_to_ack_us`: a signal sent to the strategy to the venue's acknowledgement of
///   its entry order reaching the order manager (strategy, risk supervisor, order
///   manager with its synced journal, the adapter's filters, signing and REST round
///   trip), one signal at a time, as the driver sees it;
/// - `burst`: `burst` orders sent at once: how many the venue acknowledged, how many the
///   adapter refused to keep within the venue's order budget (80 % of 100 per 10 s), and
///   the acknowledged orders per second;
/// - `stream_drop_to_resubscribed_ms`: the venue drops the user data stream; the time until
///   the adapter is subscribed again (reports flow; the polls covered the gap).
nlohmann::json run_venue(const venue_bench_options& opts);

} // namespace tickline::bench
