#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/signals/signal_log_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"
#include "storage/journal.hpp"

namespace tickline {

/// Actor state of the signal log.
struct signal_log_actor {
  signal_log_state log;
  std::shared_ptr<journal> journal_;  ///< Optional: where signals are journaled.
  int upstream = 1;                   ///< Detectors that will each send end_atom.
  int ended = 0;
  std::vector<caf::actor> on_end;     ///< Told when every upstream detector has ended.
  std::vector<caf::actor> taps;       ///< Get every batch once it is logged.
  routes forward;                     ///< Named actors that act on signals (the strategy).
  std::vector<signal> pending;        ///< Received, not yet journaled (group commit).
  bool flush_queued = false;
  /// The journal failed: pending signals wait for it (retried every second), and once
  /// written they are logged but not passed on, being stale by then.
  std::string journal_error;
  std::uint64_t dropped = 0;          ///< Held signals given up (too many waited).
  snapshotter snap;
  const signal_log_state& persistent() const { return log; }
  static inline const char* name = "signal_log";
};

/// Spawn arguments of the signal log.
struct signal_log_args {
  std::string name = "signal_log";
  int upstream = 1;
  std::shared_ptr<journal> journal_;  ///< Null: signals are only logged.
  std::vector<caf::actor> on_end;     ///< Get `end_atom` once every detector has ended.
  std::vector<caf::actor> taps;       ///< Get each batch after it is journaled (benchmarks, tests).
  std::vector<std::string> forward;   ///< Named actors that get each batch after it is journaled.
  snapshot_env env;
};

/// Logs every signal it receives (`std::vector<signal>`), keeps the recent ones, and
/// appends each to the journal (synced, once per signal even when a restarted detector
/// sends it again) before logging "journaled signal seq=N" and passing it on. While more
/// batches wait in its mailbox it journals them together, one synced write for up to 512
/// signals. After `end_atom` from each of
/// its `upstream` detectors, sends `end_atom` to its `on_end` actors.
caf::behavior signal_log(caf::stateful_actor<signal_log_actor>* self, signal_log_args args);

} // namespace tickline
