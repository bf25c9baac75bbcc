#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/whale_detector_state.hpp"
#include "runtime/counters.hpp"

namespace tickline {

/// Actor state of a whale detector and the actors its signals go to.
struct whale_detector_actor {
  whale_detector_state detector;
  std::vector<caf::actor> subscribers;
  std::vector<signal> out;          ///< Reused between batches.
  static inline const char* name = "detector:whale";
};

/// Spawn arguments of a whale detector.
struct whale_detector_args {
  std::string symbol;
  whale_detector_config cfg;
  std::vector<caf::actor> subscribers;
  std::shared_ptr<node_counters> counters;
};

/// The whale detector of one symbol: takes trade batches, sends the signals of a batch as
/// one `std::vector<signal>` to every subscriber. Ignores bars. `end_atom`: pass it on
/// and quit.
caf::behavior whale_detector(caf::stateful_actor<whale_detector_actor>* self,
                             whale_detector_args args);

} // namespace tickline
