#pragma once

// What every feed actor shares, whatever its source (CSV replay, synthetic market,
// Binance WebSocket, webhook): the auditor it heartbeats, the node counters, its
// snapshots, and for feeds fed by a thread of their own (a WebSocket client, an HTTP
// server) the way that thread queues work and wakes the actor.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include "messages/control.hpp"
#include "messages/type_ids.hpp"
#include "runtime/inbox.hpp"
#include "runtime/registry.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

/// The base of every feed's actor state. The worker machinery (runtime/worker.hpp)
/// finds `snap` here; the feed adds its own state class, its routes downstream, and
/// `persistent()`.
struct feed_core {
  routes auditor;                            ///< Gets the feed's heartbeats; empty = none.
  std::uint64_t heartbeats = 0;              ///< Heartbeats sent, the last one's seq.
  std::shared_ptr<node_counters> counters;   ///< Null when the node keeps none.
  snapshotter snap;

  /// Binds the auditor (none when `auditor_name` is empty) and the counters, opens the
  /// snapshots of `name` (stored as `state_type`) and restores `state` from the latest.
  template <class State>
  void open(const std::string& name, const char* state_type, const std::string& auditor_name,
            const snapshot_env& env, State& state) {
    if (!auditor_name.empty())
      auditor = routes{env.registry, {auditor_name}};
    counters = env.counters;
    snap = snapshotter{name, state_type, env};
    snap.restore(state);
  }

  /// Sends the next heartbeat, stamped `now_ns`, to the auditor if it is up; `symbol`
  /// non-empty: the heartbeat of that symbol's data ("feed:NAME/SYMBOL").
  template <class Self>
  void heartbeat(Self* self, std::int64_t now_ns, const std::string& symbol = {}) {
    for (auto& a : auditor.get())
      if (a)
        self->send(a, tickline::heartbeat{symbol.empty() ? snap.name() : symbol_source(symbol),
                                          ++heartbeats, now_ns});
  }
  /// The auditor's name for this feed's data of `symbol`.
  std::string symbol_source(const std::string& symbol) const { return snap.name() + "/" + symbol; }
};

/// The period of a feed's heartbeat timer: `ms`, at least 1 ms.
inline std::chrono::milliseconds heartbeat_period(std::int64_t ms) {
  return std::chrono::milliseconds{std::max<std::int64_t>(ms, 1)};
}

/// For a feed's own thread: queues `x` in `box` and, when the box was empty (nothing
/// has woken the actor for what waits there yet), sends the actor `frames_atom`, so a
/// busy source costs one message per drained batch. A gone actor is not woken.
template <class T>
void push_and_wake(inbox<T>& box, const caf::weak_actor_ptr& actor, T x) {
  if (!box.push(std::move(x)))
    return;
  if (auto strong = actor.lock())
    caf::anon_send(caf::actor_cast<caf::actor>(strong), frames_atom::value);
}

} // namespace tickline
