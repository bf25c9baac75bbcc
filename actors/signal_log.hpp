#pragma once

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/signal_log_state.hpp"

namespace tickline {

/// Actor state of the signal log.
struct signal_log_actor {
  signal_log_state log;
  int upstream = 1;      ///< Detectors that will each send end_atom.
  int ended = 0;
  static inline const char* name = "signal_log";
};

/// Logs every signal it receives (`std::vector<signal>`) and keeps the recent ones.
/// Quits after `end_atom` from each of its `upstream` detectors.
caf::behavior signal_log(caf::stateful_actor<signal_log_actor>* self, int upstream);

} // namespace tickline
