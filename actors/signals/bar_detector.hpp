#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "messages/signals.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of a detector that works on closed bars (pattern, volatility).
template <class State>
struct bar_detector_actor {
  State detector;
  std::int64_t timeframe_s = 60;    ///< Bars of other timeframes are ignored.
  routes subscribers;
  snapshotter snap;
  const State& persistent() const { return detector; }
  static inline const char* name = "detector";
};

/// Spawn arguments of a bar detector.
template <class State>
struct bar_detector_args {
  std::string name;                     ///< Stable name, e.g. "detector:pattern:BTCUSDT".
  std::string type;                     ///< State class name for snapshots.
  std::int64_t timeframe_s = 60;
  /// Builds the configured, empty state. A recipe rather than a state, so that the
  /// supervisors' child specs (kept for restarts) hold no state's buffers.
  std::function<State()> make_state;
  std::vector<std::string> subscribers; ///< Names of the actors its signals go to.
  snapshot_env env;
};

/// A detector of one symbol fed by its scanner's closed bars (`std::vector<bar>`): the
/// bars of its timeframe go through `State::on_bar`, and the signals of a batch go as one
/// `std::vector<signal>` to every subscriber. Trade batches are ignored; `end_atom` is
/// passed on. Instantiated for pattern_detector_state and volatility_detector_state.
template <class State>
caf::behavior bar_detector(caf::stateful_actor<bar_detector_actor<State>>* self,
                           bar_detector_args<State> args);

} // namespace tickline
