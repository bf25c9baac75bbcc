#pragma once

#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/backtest/sequencer_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of a backtest's sequencer.
struct sequencer_actor {
  sequencer_state held;
  routes to;                       ///< Where released batches go.
  snapshotter snap;
  std::uint64_t sent = 0;          ///< Messages sent (a backtest's barrier counts them).
  const sequencer_state& persistent() const { return held; }
  static inline const char* name = "sequencer";
};

/// Spawn arguments of a sequencer.
struct sequencer_args {
  std::string name = "sequencer";
  std::vector<std::string> to;     ///< e.g. {"broker:paper"}.
  snapshot_env env;
};

/// Stands, in a backtest only, between many senders and the actors that must see their
/// messages in one order: holds `std::vector<trade_tick>`, `std::vector<book_top>`,
/// `std::vector<bar>` and `std::vector<signal>` batches until `release_atom`, then sends
/// each kind as one batch in time order to every destination (sequencer_state) and
/// answers how many messages it sent. `end_atom` is taken and dropped: the backtest's
/// driver, not the stream, knows when the data has ended.
caf::behavior sequencer(caf::stateful_actor<sequencer_actor>* self, sequencer_args args);

} // namespace tickline
