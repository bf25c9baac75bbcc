#pragma once

#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/learning/learning_state.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the learning daemon.
struct learning_daemon_actor {
  learning_state learning;
  snapshotter snap;
  const learning_state& persistent() const { return learning; }
  static inline const char* name = "learning_daemon";
};

/// Spawn arguments of the learning daemon.
struct learning_daemon_args {
  std::string name = "learning_daemon";
  learning_settings settings;
  snapshot_env env;
};

/// The learning daemon, in observe mode: takes every logged signal (`std::vector<signal>`
/// from the signal log), the closed bars of every symbol (`std::vector<bar>` from the
/// scanners) and the closed trades (`closed_trade` from the portfolio), and keeps what
/// learning_state learns of them, snapshotted like every worker (pending outcomes
/// included). It sends nothing: its figures are read through the worker's describe
/// (`GET /api/v1/actors/learning_daemon`, `tickline-inspect show learning_daemon`).
caf::behavior learning_daemon(caf::stateful_actor<learning_daemon_actor>* self,
                              learning_daemon_args args);

} // namespace tickline
