#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/backtest/backtest_recorder.hpp"
#include "actors/broker/broker_ledger.hpp"
#include "config/config.hpp"
#include "runtime/registry.hpp"

namespace tickline {

struct learning_model;

/// What a backtest replays and how.
struct backtest_options {
  /// The data: each symbol's files in time order (backtest_data::replay_files()), in any
  /// format the CSV feed reads.
  std::vector<std::pair<std::string, std::vector<std::string>>> files;
  /// Replay only events at or after this time (ns since epoch; bars by their open time).
  /// Default: all.
  std::int64_t from_ns = INT64_MIN;
  /// Replay only events before this time (ns since epoch; bars by their open time).
  /// Default: all.
  std::int64_t to_ns = INT64_MAX;
  /// How often `progress` is called, in data time; it changes nothing else. Default: 1 h.
  std::int64_t progress_ns = 3'600'000'000'000;
  /// After every event, check that the order manager, the paper broker and the portfolio
  /// agree (backtest_invariants); the first event after which they do not stops the run
  /// with std::runtime_error naming it. Default: off.
  bool check_invariants = false;
  /// Called after each event has run (its number from 1, the tree's registry), before
  /// the invariants are checked; what it sends runs first. For tests. Default: none.
  std::function<void(std::uint64_t event, const actor_registry& registry)> after_event;
  /// Called every `progress_ns` of data time, and at the end, with the data time
  /// reached. Default: none.
  std::function<void(std::int64_t now_ns)> progress;
  /// What the learning daemon starts from (when [learning] mode is not off): a model an
  /// earlier run learned (backtest_result::learned). Null: from nothing. Default: null.
  std::shared_ptr<const learning_model> learning_start;
};

/// What a backtest produced.
struct backtest_result {
  std::vector<closed_trade> trades;     ///< In the order they closed.
  std::vector<equity_sample> equity;    ///< The account after every change.
  broker_ledger ledger;                 ///< The paper broker's books: every order and fill.
  std::uint64_t events = 0;             ///< Trades and bars read from the files.
  std::uint64_t signals = 0;
  std::uint64_t messages = 0;           ///< Messages the actors handled.
  std::int64_t first_ns = 0;            ///< Time of the first event replayed.
  std::int64_t last_ns = 0;             ///< Time of the last event replayed.
  double seconds = 0;                   ///< Wall time of the replay.
  std::string risk_state;               ///< The risk supervisor's state at the end.
  /// What the learning daemon learned by the end, as GET /api/v1/learning has it (JSON);
  /// empty when [learning] mode is off.
  std::string learning;
  /// The learning daemon's model at the end, to start a later run from; null when
  /// [learning] mode is off.
  std::shared_ptr<const learning_model> learned;

  /// The sum of the closed trades' P&L.
  double pnl() const {
    double sum = 0;
    for (const auto& t : trades)
      sum += t.pnl;
    return sum;
  }
};

/// Replays `opts.files` through the node's own actor graph (scanners, detectors, signal
/// log, strategy, risk supervisor, order manager, paper broker, portfolio, trade logger)
/// on a simulated clock and CAF's deterministic single-threaded scheduler
/// (`scheduler.policy = "testing"`): one market event at a time, in data order (ties by
/// symbol), each run until every message it caused is handled before the next event is
/// released. A decision therefore meets the next event as it would live with zero
/// latency, plus the paper broker's `latency_ms` (it fills only from data stamped after
/// the order arrived). Timers (delayed messages: supervisor backoff, shutdown) fire on
/// the simulated time, which jumps to each event's time. The order in which actors run
/// is fixed by the data, so the result is too. No snapshots or journals are written: a
/// backtest starts from nothing. Throws std::invalid_argument for a config that cannot
/// trade and std::runtime_error naming the file of data it cannot read, or when the
/// graph does not start.
backtest_result run_backtest(const engine_config& cfg, const backtest_options& opts);

} // namespace tickline
