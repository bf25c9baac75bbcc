#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <caf/actor_addr.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/learning/learning_model.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "storage/journal.hpp"

namespace tickline {

/// Reads one entry of the signals journal back into a signal (nullopt, `error` set, when
/// it is not one). Given by the node, which knows the signal log's format.
using signal_decoder = std::function<std::optional<signal>(const std::string&, std::string&)>;
/// The signal log's journal key of a signal (what makes a journaled signal the same one
/// when it is delivered again).
using signal_keyer = std::function<std::string(const signal&)>;

/// Actor state of the learning daemon.
struct learning_daemon_actor {
  learning_model model;
  bool apply = false;                 ///< Send the weights to the strategy.
  std::size_t feedback_horizon = 0;   ///< The horizon whose outcomes move the weights.
  std::shared_ptr<journal> changes;   ///< Every weight version, freeze and rollback.
  routes strategy;
  routes detectors;                   ///< The pattern detectors (learned thresholds).
  /// The detectors sent the current version's thresholds (those that start after it get
  /// them once they are registered), and that version.
  std::set<caf::actor_addr> thresholds_sent;
  std::uint64_t thresholds_version = 0;
  std::set<std::string> recovered;    ///< Keys of signals read back from the journal.
  signal_keyer key;
  snapshotter snap;
  /// The gauges last published (pending, outcomes, version, frozen): sent on change only.
  std::array<double, 4> reported{{-1, -1, -1, -1}};
  const learning_model& persistent() const { return model; }
  static inline const char* name = "learning_daemon";
};

/// Spawn arguments of the learning daemon.
struct learning_daemon_args {
  std::string name = "learning_daemon";
  learning_settings settings;
  weight_settings weights;
  bool apply = false;                   ///< [learning] mode = "apply".
  std::size_t feedback_horizon = 0;     ///< Index into settings.horizons.
  std::shared_ptr<journal> signals;     ///< The signal log's journal (null: none).
  signal_decoder decode;                ///< How to read its entries.
  signal_keyer key;                     ///< Their keys.
  std::shared_ptr<journal> changes;     ///< The "learning" journal (null: none).
  std::string strategy = "strategy";    ///< Who gets the weights in apply mode.
  /// Who gets the learned thresholds in apply mode: every pattern detector.
  std::vector<std::string> pattern_detectors;
  /// The model to start from when there is no snapshot (a walk-forward's out-of-sample
  /// run starts from what its in-sample run learned). Null: start from nothing.
  std::shared_ptr<const learning_model> start;
  snapshot_env env;
};

/// The learning daemon. Takes every logged signal (`std::vector<signal>` from the signal
/// log), the closed bars of every symbol (`std::vector<bar>`) and the closed trades
/// (`closed_trade`), and learns what each signal was worth (learning_state). From the
/// outcomes at the feedback horizon it learns signal weights (weight_learner); each new
/// version is journaled with its evidence before anything else and, in apply mode, sent
/// to the strategy (`learned_weights`), which multiplies its votes by them, and the
/// version's detector thresholds to every pattern detector (`learned_thresholds`).
/// On start it reads back the signals journaled after the last one its snapshot accounted
/// for, so a crash loses no pending outcome.
/// Control (the HTTP API): `freeze_atom, bool` stops or resumes weight changes;
/// `rollback_atom, uint64 version` goes back to a kept version's weights (answers "" or
/// what is wrong); `query_atom, uint64` answers the view of GET /api/v1/learning.
caf::behavior learning_daemon(caf::stateful_actor<learning_daemon_actor>* self,
                              learning_daemon_args args);

} // namespace tickline
