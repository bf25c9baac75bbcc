#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/feeds/auditor_state.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// Actor state of the connection auditor.
struct auditor_actor {
  auditor_state audit;
  routes subscribers;
  snapshotter snap;
  const auditor_state& persistent() const { return audit; }
  static inline const char* name = "auditor";
};

/// Spawn arguments of the connection auditor.
struct auditor_args {
  std::string name = "auditor";
  std::vector<std::pair<std::string, std::int64_t>> watch;  ///< (source, limit in ns).
  std::vector<std::string> subscribers;  ///< Get every `connection_status` change.
  snapshot_env env;
  std::chrono::milliseconds period{100}; ///< How often silence is checked.
  bool self_timed = true;                ///< False: checks on `(slice_atom, now_ns)` only.
};

/// Takes `heartbeat`s from feeds and checks every `period` for sources silent longer than
/// their limit: each change (lost, first seen, restored) is logged and sent as a
/// `connection_status` to the subscribers. `(subscribe_atom, actor)` sends that actor
/// the current status of every source.
caf::behavior auditor(caf::stateful_actor<auditor_actor>* self, auditor_args args);

} // namespace tickline
