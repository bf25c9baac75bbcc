#pragma once

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <caf/exit_reason.hpp>
#include <caf/message_handler.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/system_messages.hpp>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"
#include "runtime/handler_timing.hpp"
#include "runtime/snapshotter.hpp"

namespace tickline {

// What every supervised worker shares. Its actor state struct provides
//   snapshotter snap;                    // restore/save bookkeeping
//   const T& persistent() const;         // the state class that is snapshotted

/// A handler's exception as the error that ends an actor: errc::crashed with what() as
/// context, for its supervisor (every worker's exception handler).
inline caf::error crashed_error(std::exception_ptr& ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    return make_error(errc::crashed, e.what());
  } catch (...) {
    return make_error(errc::crashed, "unknown exception");
  }
}

/// Saves the worker's state (when the policy saves on stop) and quits when an exit
/// message arrives: its supervisor stopping it, or the supervisor's own death. A handler
/// that throws ends the worker with errc::crashed (what() as context) for its supervisor.
template <class ActorState>
void install_worker_exit(caf::stateful_actor<ActorState>* self) {
  self->set_exception_handler(crashed_error);
  self->set_exit_handler([self](caf::exit_msg& em) {
    auto& st = self->state;
    if (st.snap.policy().on_stop)
      st.snap.save(st.persistent());
    self->quit(em.reason);
  });
}

/// The messages every worker answers besides its own: `stats_atom` (its mailbox size),
/// `snapshot_atom` (an encoded snapshot record, for a node-wide atomic batch),
/// `describe_atom` (the state with named fields: the `view_json(const State&)` that the
/// state's subsystem declares in its *_view.hpp, shared with tickline-inspect; a worker
/// whose state has none does not compile) and `crash_atom` (chaos mode: throw, as a bug
/// would).
template <class ActorState>
caf::message_handler worker_handlers(caf::stateful_actor<ActorState>* self) {
  return {
    [self](stats_atom) -> std::int64_t {
      return static_cast<std::int64_t>(self->mailbox().size());
    },
    [self](snapshot_atom) -> std::string {
      auto& st = self->state;
      if (!st.snap.enabled())
        return {};
      auto r = st.snap.make(st.persistent());
      st.snap.saved(r);
      return snapshot_store::encode(r);
    },
    [self](describe_atom) -> std::string { return view_json(self->state.persistent()); },
    [](crash_atom) { throw std::runtime_error("chaos: crashed on purpose"); },
  };
}

/// The worker's behaviour: `own` handlers, then worker_handlers(). When the node has
/// metrics (snapshot env counters with metrics), each handled message is timed into the
/// actor's handler latency histogram; otherwise nothing is added to the hot path.
template <class ActorState>
caf::behavior worker_behavior(caf::stateful_actor<ActorState>* self, caf::message_handler own) {
  caf::behavior b{own.or_else(worker_handlers(self))};
  const auto& snap = self->state.snap;
  const auto& counters = snap.env().counters;
  return timed_behavior(std::move(b), counters ? counters->metrics.get() : nullptr, snap.name());
}

} // namespace tickline
