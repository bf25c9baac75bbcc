#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/feeds/feed_core.hpp"
#include "actors/market_data/synthetic_market_state.hpp"
#include "config/config.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of a synthetic feed: the market plus its downstream scanners.
struct synthetic_feed_actor : feed_core {          ///< Heartbeats once per slice.
  synthetic_market_state market;
  routes scanners;                                 ///< By symbol index.
  std::vector<std::vector<trade_tick>> batches;    ///< Reused between slices.
  const synthetic_market_state& persistent() const { return market; }
  static inline const char* name = "feed";
};

/// Spawn arguments of a synthetic feed.
struct synthetic_feed_args {
  std::string name;                    ///< Stable name, e.g. "feed:synthetic".
  feed_config cfg;
  std::vector<std::string> symbols;
  std::vector<std::string> scanners;   ///< Names of the scanners, parallel to symbols.
  std::string auditor;                 ///< Name of the connection auditor; empty = none.
  snapshot_env env;                    ///< Clock, registry, counters, optional store.
  bool self_timed = true;              ///< Live: wake every slice_ms. Off: driven by slice messages.
};

/// A feed that generates synthetic trades and sends one batch per symbol per slice.
/// Messages: `slice_atom` (generate up to the clock's now; self-timed), `(slice_atom,
/// int64 to_ns)` (generate up to to_ns; for drivers and backtests), `end_atom` (the finite
/// stream is over: pass it downstream). Restores its snapshot before the first message.
caf::behavior synthetic_feed(caf::stateful_actor<synthetic_feed_actor>* self,
                             synthetic_feed_args args);

} // namespace tickline
