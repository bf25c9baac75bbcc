#include "actors/feeds/auditor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/feeds/auditor_view.hpp"
#include "messages/type_ids.hpp"
#include "runtime/metrics.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

void publish(caf::stateful_actor<auditor_actor>* self, const std::vector<connection_status>& changes) {
  for (const auto& c : changes) {
    if (c.connected)
      spdlog::info("connection {} up: {} (reconnects {})", c.source, c.reason, c.reconnects);
    else
      spdlog::warn("connection {} lost: {}", c.source, c.reason);
    if (const auto& counters = self->state.snap.env().counters; counters && counters->metrics)
      counters->metrics->set_connection(c.source, c.connected);
    for (auto& s : self->state.subscribers.get())
      if (s)
        self->send(s, c);
  }
}

} // namespace

caf::behavior auditor(caf::stateful_actor<auditor_actor>* self, auditor_args args) {
  auto& st = self->state;
  for (const auto& [source, limit] : args.watch)
    st.audit.watch(source, limit);
  st.subscribers = routes{args.env.registry, std::move(args.subscribers)};
  st.snap = snapshotter{args.name, "auditor_state", args.env};
  st.snap.restore(st.audit);
  st.audit.restarted();
  install_worker_exit(self);
  auto clk = args.env.clk;
  auto period = args.period;
  if (args.self_timed)
    self->delayed_send(self, period, slice_atom::value);
  caf::message_handler own{
    [self](const heartbeat& hb) {
      publish(self, self->state.audit.on_heartbeat(hb));
      self->state.snap.after_message(self->state.audit);
    },
    [self, clk, period](slice_atom) {
      publish(self, self->state.audit.check(clk->now_ns()));
      self->delayed_send(self, period, slice_atom::value);
    },
    [self](slice_atom, std::int64_t now_ns) { publish(self, self->state.audit.check(now_ns)); },
    [self](subscribe_atom, const caf::actor& who) {
      // Where every connection stands now, for a subscriber that (re)started; a source
      // still waiting for its first data is neither.
      for (const auto& status : self->state.audit.current())
        self->send(who, status);
    },
    [self](query_atom, std::uint64_t) -> std::string { return connections_json(self->state.audit); },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
