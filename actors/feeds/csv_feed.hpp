#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/feeds/csv_replay_state.hpp"
#include "actors/feeds/feed_core.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of a CSV replay feed.
struct csv_feed_actor : feed_core {               ///< Heartbeats once per slice.
  csv_replay_state replay;
  routes scanners;                                 ///< By symbol index.
  std::vector<std::vector<trade_tick>> trades;     ///< Reused between batches.
  std::vector<std::vector<bar>> bars;
  std::int64_t wall_start_ns = 0;                  ///< Paced replay: where it started...
  std::int64_t data_start_ns = 0;                  ///< ...in wall time and in data time.
  bool ended = false;
  std::size_t problems_logged = 0;                 ///< Of replay.problems().
  const csv_replay_state& persistent() const { return replay; }
  static inline const char* name = "feed";
};

/// Spawn arguments of a CSV replay feed.
struct csv_feed_args {
  std::string name;                                   ///< Stable name, e.g. "feed:history".
  std::vector<std::pair<std::string, std::string>> files;  ///< (symbol, file), in feed order.
  std::vector<std::string> scanners;                  ///< Scanner names, parallel to files.
  std::string auditor;                                ///< Connection auditor; empty = none.
  double speed = 0;                                   ///< 0 = as fast as possible.
  snapshot_env env;
  bool self_timed = true;                             ///< False: driven by (slice_atom, to_ns).
  /// A backtest's data instead of `files`: each symbol's files in time order, replayed
  /// only within [from_ns, to_ns). Default: none.
  std::vector<std::pair<std::string, std::vector<std::string>>> chained;
  std::int64_t from_ns = INT64_MIN;
  std::int64_t to_ns = INT64_MAX;
};

/// Replays market-data files through the scanners: trades as `std::vector<trade_tick>`,
/// klines as `std::vector<bar>`, one batch per symbol. As fast as possible (batches of
/// 1,000 events, yielding to its mailbox between batches), paced at `speed` times real
/// time, or driven by `(slice_atom, to_ns)`; it waits while a scanner is down rather than
/// drop data. When the data ends it sends `end_atom` on.
/// Skipped rows are logged with their file:line as the replay reaches them.
caf::behavior csv_feed(caf::stateful_actor<csv_feed_actor>* self, csv_feed_args args);

} // namespace tickline
