#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace tickline::bench {

/// Options of `tickline-bench trading`.
struct trading_options {
  int signals = 20'000;         ///< Signals of the signal -> order run, one symbol each. Default: 20,000.
  int positions = 100;          ///< Open positions (each with its resting stop) per emergency stop. Default: 100.
  int stops = 20;               ///< Emergency stops timed. Default: 20.
  int appends = 2'000;          ///< Orders of the journal run. Default: 2,000.
  int threads = 0;              ///< Scheduler threads; 0 = core count. Default: 0.
  std::string dir;              ///< RocksDB scratch directory; empty = a fresh temp dir. Default: "".
};

/// The trading chain (strategy -> risk_supervisor -> order_manager -> paper broker, with
/// the portfolio) on a real actor system and wall clock, the order journal and the
/// broker's books in a real RocksDB, the broker's simulated latency 0. Measures:
/// - `signal_to_accept_us`: from a signal sent to the strategy to the broker's ack of the
///   entry order it led to (as the order manager gets it), one signal at a time; and
///   `signal_to_accept_us_no_journal`, the same without the order journal (whose synced
///   appends, one before each send, bound the first by the disk's fsync time);
/// - `emergency_stop_ms`: with `positions` open positions and as many resting stops, from
///   the emergency-stop command to the broker having cancelled every stop and filled
///   every flattening order (market data is offered continuously meanwhile);
/// - `journal`: one synced journal append per order, and orders/s of the order manager's
///   state with and without the journal.
/// Throws std::runtime_error when the chain does not answer.
nlohmann::json run_trading(const trading_options& opts);

} // namespace tickline::bench
