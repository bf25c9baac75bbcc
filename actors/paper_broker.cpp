#include "actors/paper_broker.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<paper_broker_actor>*;

// The books first, then the news: nothing leaves the broker that it could forget.
void publish(self_ptr self, std::vector<broker_event> events) {
  if (events.empty())
    return;
  auto& st = self->state;
  st.snap.save(st.broker);
  for (auto& e : events)
    for (auto& c : st.clients.get())
      if (c)
        std::visit([&](auto& x) { counted_send(self, c, x); }, e);
}

} // namespace

caf::behavior paper_broker(caf::stateful_actor<paper_broker_actor>* self, paper_broker_args args) {
  auto& st = self->state;
  st.broker = paper_broker_state{args.cfg, args.symbols};
  st.clients = routes{args.env.registry, args.clients};
  st.clk = args.env.clk;
  st.snap = snapshotter{args.name, "paper_broker_state", args.env};
  st.snap.restore(st.broker);
  install_worker_exit(self);
  caf::message_handler own{
    [self](const order_request& r) {
      publish(self, self->state.broker.on_order(r, self->state.clk->now_ns()));
    },
    [self](const order_cancel& c) {
      publish(self, self->state.broker.on_cancel(c, self->state.clk->now_ns()));
    },
    [self](ledger_atom) -> std::string { return self->state.broker.ledger().encode(); },
    [self](const order_query& q) -> order_status {
      return self->state.broker.on_query(q, self->state.clk->now_ns());
    },
    [self](const std::vector<trade_tick>& batch) {
      publish(self, self->state.broker.on_trades(batch));
    },
    [self](const std::vector<book_top>& tops) {
      std::vector<broker_event> out;
      for (const auto& q : tops)
        for (auto& e : self->state.broker.on_book(q))
          out.push_back(std::move(e));
      publish(self, std::move(out));
    },
    [self](const std::vector<bar>& bars) {
      std::vector<broker_event> out;
      for (const auto& b : bars)
        for (auto& e : self->state.broker.on_bar(b))
          out.push_back(std::move(e));
      publish(self, std::move(out));
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
