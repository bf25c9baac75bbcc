#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "runtime/clock.hpp"
#include "runtime/counters.hpp"
#include "runtime/registry.hpp"
#include "runtime/supervision.hpp"

namespace tickline {

/// How a supervisor starts, restarts and stops one child (OTP's child specification).
struct child_spec {
  std::string name;                  ///< Stable name, unique in the node.
  std::string kind = "worker";       ///< "supervisor" for a subtree; shown in the tree.
  std::string strategy;              ///< A subtree's strategy, for the tree view.
  /// Spawns the child; called for the first start and every restart. The supervisor
  /// links and monitors what it returns. May throw; that counts as a failed start.
  std::function<caf::actor(caf::actor_system&)> start;
  restart_type restart = restart_type::permanent;
  /// How long a child may take to stop before it is killed. Default: 5 s.
  std::chrono::milliseconds shutdown{5000};
};

/// A child spec as a message, for adding children at run time: `(caf::add_atom, spec)`.
using child_spec_ptr = std::shared_ptr<const child_spec>;

/// Spawn arguments of a supervisor.
struct supervisor_args {
  std::string name;
  supervisor_flags flags;
  std::vector<child_spec> children;  ///< Started in this order, stopped in reverse.
  clock_ptr clk;                     ///< Time for the restart-intensity window.
  std::shared_ptr<actor_registry> registry;
  std::shared_ptr<node_counters> counters;
  std::uint64_t seed = 0;            ///< For backoff jitter.
};

/// Actor state of a supervisor.
struct supervisor_actor {
  struct child {
    child_spec spec;
    caf::actor handle;               ///< Invalid while the child is down.
    bool stopping = false;           ///< We asked it to stop; its exit is not a failure.
    bool remove_when_stopped = false;
    std::uint64_t incarnation = 0;
  };
  supervisor_args args;
  std::vector<child> children;
  /// Handles of running children, shared with the cleanup that kills them should this
  /// supervisor die without stopping them.
  std::shared_ptr<std::set<caf::actor>> live = std::make_shared<std::set<caf::actor>>();
  restart_intensity intensity;
  std::vector<std::string> stop_queue;     ///< Children to stop, one at a time, in order.
  std::vector<std::string> restart_batch;  ///< Children to start once stop_queue drained.
  bool restart_scheduled = false;
  bool shutting_down = false;
  caf::error exit_reason;
  std::mt19937_64 rng;
  static inline const char* name = "supervisor";
};

/// A supervisor with Erlang/OTP semantics: starts its children in order; restarts them by
/// restart type and strategy; more than `intensity` restarts within `period` stops every
/// child in reverse start order and exits with errc::escalation, for its own supervisor to
/// handle. An exit message from outside (its parent) or `stop_atom` stops the children in
/// reverse order, then the supervisor. `(caf::add_atom, child_spec_ptr)` adds and starts a
/// child; `(caf::delete_atom, name)` stops and removes one; both reply a bool.
caf::behavior supervisor(caf::stateful_actor<supervisor_actor>* self, supervisor_args args);

} // namespace tickline

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tickline::child_spec_ptr)
