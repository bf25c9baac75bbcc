#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/signals/whale_detector_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of a whale detector and the actors its signals go to.
struct whale_detector_actor {
  whale_detector_state detector;
  routes subscribers;
  std::vector<signal> out;          ///< Reused between batches.
  snapshotter snap;
  const whale_detector_state& persistent() const { return detector; }
  static inline const char* name = "detector:whale";
};

/// Spawn arguments of a whale detector.
struct whale_detector_args {
  std::string name;                     ///< Stable name, e.g. "detector:whale:BTCUSDT".
  std::string symbol;
  whale_detector_config cfg;
  std::vector<std::string> subscribers; ///< Names of the actors its signals go to.
  snapshot_env env;
};

/// The whale detector of one symbol: takes trade batches, sends the signals of a batch as
/// one `std::vector<signal>` to every subscriber. Ignores bars. Passes `end_atom` on.
caf::behavior whale_detector(caf::stateful_actor<whale_detector_actor>* self,
                             whale_detector_args args);

} // namespace tickline
