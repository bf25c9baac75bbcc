#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/backtest/backtest_recorder.hpp"
#include "actors/ops/http_api.hpp"
#include "actors/ops/stream.hpp"
#include "config/config.hpp"
#include "runtime/clock.hpp"
#include "runtime/counters.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "storage/journal.hpp"

namespace tickline {

struct learning_model;

/// How a node's actor graph is started.
struct topology_options {
  bool self_timed_feeds = true;                   ///< Live feeds; false: driven by slices.
  std::shared_ptr<snapshot_store> snapshots;      ///< Null: no snapshots.
  std::shared_ptr<journal> signal_journal;        ///< Null: signals are not journaled.
  snapshot_policy policy;                         ///< For every worker.
  std::vector<caf::actor> on_end;                 ///< Told when a finite stream has drained.
  std::vector<caf::actor> signal_taps;            ///< Get every logged signal batch.
  std::shared_ptr<journal> orders_journal;        ///< Null: orders are not journaled (tests).
  /// Backtest: the CSV feed's data, each symbol's files in time order, instead of the
  /// files found under its configured path, replayed within [replay_from_ns,
  /// replay_to_ns). Default: none.
  std::vector<std::pair<std::string, std::vector<std::string>>> replay_files;
  std::int64_t replay_from_ns = INT64_MIN;
  std::int64_t replay_to_ns = INT64_MAX;
  /// Backtest: a "recorder" in ops writes the portfolio's reports here. Null: none.
  std::shared_ptr<backtest_tape> tape;
  std::shared_ptr<journal> trades_journal;        ///< Null: the trade log is not journaled.
  /// The learning daemon's weight versions, freezes and rollbacks. Null: not journaled.
  std::shared_ptr<journal> learning_journal;
  /// The learning daemon's model when it has no snapshot (walk-forward). Null: nothing.
  std::shared_ptr<const learning_model> learning_start;
  /// The HTTP API: an "http" actor in ops serves it. Null: no HTTP API. Default: null.
  std::shared_ptr<const http_api_options> http;
  /// Where a "stream" actor in ops publishes signals, orders, fills, risk and connection
  /// changes as JSON (the operator's WebSocket). Empty: no stream actor. Default: none.
  stream_publish stream;
};

/// The running supervision tree of a node. This is the one place that knows which actor
/// talks to which and who supervises whom:
///
///   root ── ops ── alerts (with rules, live), signal_log, trade_logger (when the strategy is
///                  enabled), http (API, /metrics, the WebSocket stream), stream
///        ├─ learning
///        ├─ trading
///        └─ market ── symbol:<SYM> ── scanner:<SYM>, detector:whale:<SYM>,
///                  │                 detector:pattern:<SYM>, detector:volatility:<SYM>
///                  ├─ auditor            (heartbeats of the feeds)
///                  └─ feed:<name>        (synthetic or csv)
///
/// Children start in the order shown and stop in reverse, so sinks start before sources
/// and sources stop first.
class topology {
public:
  /// Spawns the tree described by `cfg`. Throws std::invalid_argument on a config the
  /// loader should have rejected.
  static topology start(caf::actor_system& sys, const engine_config& cfg, clock_ptr clk,
                        std::shared_ptr<node_counters> counters, topology_options opts = {});

  /// Waits until every node of the tree is running and has answered a message (so its
  /// snapshot is restored); false after `timeout`. Blocks: not for the test scheduler.
  bool wait_running(caf::actor_system& sys, std::chrono::milliseconds timeout) const;
  /// Whether every node of the tree is registered as running with a live handle (the
  /// test scheduler's check, after it ran every start-up message).
  bool all_registered() const;
  /// The current actor of feed `i` (in config order).
  caf::actor feed(std::size_t i) const;
  /// Asks every worker for its snapshot and writes them all in one atomic batch.
  /// Returns how many were written.
  std::size_t snapshot_all(caf::actor_system& sys, std::chrono::milliseconds timeout);
  /// Stops the tree gracefully (every supervisor stops its children in reverse start
  /// order) and waits up to `timeout`; returns false when it had to be killed.
  bool stop(caf::actor_system& sys, std::chrono::milliseconds timeout);

  caf::actor root;
  std::shared_ptr<actor_registry> registry;
  std::vector<std::string> feed_names;
  std::size_t expected_nodes = 0;   ///< Size of the whole tree, root included.
  std::shared_ptr<snapshot_store> snapshots;
};

} // namespace tickline
