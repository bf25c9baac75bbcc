#include "actors/ops/stream.hpp"

#include <caf/all.hpp>

#include "actors/ops/ops_views.hpp"
#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<stream_actor>*;

void send_out(self_ptr self, std::string json) {
  self->state.publish(std::move(json));
  self->state.snap.after_message(self->state.stream);
}

std::int64_t now_ns(self_ptr self) {
  const auto& clk = self->state.snap.env().clk;
  return clk ? clk->now_ns() : 0;
}

void poll_risk(self_ptr self) {
  const auto& counters = self->state.snap.env().counters;
  if (!counters)
    return;
  auto labels = counters->labels();
  auto figures = counters->figures();
  risk_snapshot r;
  r.state = labels["risk_state"];
  r.reason = labels["risk_reason"];
  r.equity = figures["equity"];
  r.pnl = figures["pnl"];
  if (auto msg = self->state.stream.on_risk(r, now_ns(self)))
    send_out(self, std::move(*msg));
}

} // namespace

caf::behavior stream(caf::stateful_actor<stream_actor>* self, stream_args args) {
  auto& st = self->state;
  st.publish = args.publish ? std::move(args.publish) : [](std::string) {};
  st.snap = snapshotter{args.name, "stream_state", args.env};
  st.snap.restore(st.stream);
  install_worker_exit(self);
  auto period = args.risk_poll;
  self->delayed_send(self, period, slice_atom::value);
  caf::message_handler own{
    [self](const std::vector<signal>& batch) {
      for (auto& m : self->state.stream.on_signals(batch))
        self->state.publish(std::move(m));
      self->state.snap.after_message(self->state.stream);
    },
    [self](const order_request& o) { send_out(self, self->state.stream.on_order(o, now_ns(self))); },
    [self](const order_reject& r) { send_out(self, self->state.stream.on_reject(r)); },
    [self](const booked_fill& f) { send_out(self, self->state.stream.on_fill(f)); },
    [self](const connection_status& c) { send_out(self, self->state.stream.on_connection(c)); },
    [self, period](slice_atom) {
      poll_risk(self);
      self->delayed_send(self, period, slice_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
