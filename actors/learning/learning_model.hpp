#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <cereal/cereal.hpp>

#include "actors/learning/learning_state.hpp"
#include "actors/learning/weight_learner.hpp"

namespace tickline {

/// Everything the learning daemon keeps across restarts (one snapshot): what it learned
/// of each signal's outcomes, the signal weights it proposes with their versions, and how
/// far into the signals journal it has accounted for every signal (so that signals a
/// crash kept from it are read back from the journal on the next start).
struct learning_model {
  learning_state stats;
  weight_learner weights;
  std::uint64_t signal_cursor = 0;  ///< The last signals-journal entry accounted for.
  bool cursor_set = false;          ///< False until the daemon first saw the journal.

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    // Version 2 added the detector thresholds to every weight version: a version 1 model
    // would not read, so it is refused by name (and the daemon starts clean).
    if (version < 2)
      throw std::runtime_error("learning model v" + std::to_string(version) +
                               " predates learned thresholds (v2)");
    ar(stats, weights, signal_cursor, cursor_set);
  }
};

} // namespace tickline

CEREAL_CLASS_VERSION(tickline::learning_model, 2);
