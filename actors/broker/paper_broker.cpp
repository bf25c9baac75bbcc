#include "actors/broker/paper_broker.hpp"

#include "actors/broker/paper_broker_view.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "messages/type_ids.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<paper_broker_actor>*;

// Events held back at most this many while more messages wait in the mailbox.
constexpr std::size_t max_pending = 512;

// The books first, then the news: nothing leaves the broker that it could forget. One
// batch for everything the drained messages changed.
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_queued = false;
  try {
    if (st.books && st.books->save(st.broker) > 0)
      ++st.saves;
  } catch (const storage_error& e) {
    // The books stay marked changed and the news held: both go once a save succeeds.
    if (st.save_error.empty())
      spdlog::error("{}: the books cannot be written ({}): executions are held, not reported, "
                    "until they can; retried every second", st.snap.name(), e.what());
    st.save_error = e.what();
    st.flush_queued = true;
    self->delayed_send(self, std::chrono::seconds{1}, flush_atom::value);
    return;
  }
  if (!st.save_error.empty()) {
    spdlog::warn("{}: the books are written again; {} held event(s) reported", st.snap.name(),
                 st.pending.size());
    st.save_error.clear();
  }
  auto events = std::move(st.pending);
  st.pending.clear();
  for (auto& e : events)
    for (auto& c : st.clients.get())
      if (c)
        std::visit([&](auto& x) { self->send(c, x); }, e);
}

// Holds `events` back until the next save, which goes to the back of the mailbox so that
// the messages already queued share it. Without a store, or at start-up, at once.
void publish(self_ptr self, std::vector<broker_event> events) {
  auto& st = self->state;
  for (auto& e : events)
    st.pending.push_back(std::move(e));
  if (!st.save_error.empty()) {
    return;  // the retry timer saves and reports
  } else if (!st.books || !self->current_mailbox_element() || st.pending.size() >= max_pending) {
    flush(self);
  } else if (!st.flush_queued && (!st.pending.empty() || st.broker.changed())) {
    st.flush_queued = true;
    self->send(self, flush_atom::value);
  }
}

// The books from the incremental store; from a full snapshot written before (then
// written anew in pieces) when it holds none.
void restore(self_ptr self, const snapshot_env& env) {
  auto& st = self->state;
  if (!env.store)
    return;
  st.books = std::make_unique<paper_broker_store>(env.store->db(), st.snap.name());
  try {
    if (st.books->load(st.broker))
      return;
  } catch (const storage_error& e) {
    spdlog::error("{}: {}; starting with empty books", st.snap.name(), e.what());
    st.broker = paper_broker_state{st.broker.config(), st.symbols};
  }
  if (st.snap.restore(st.broker)) {
    spdlog::info("{}: books read from its snapshot, now kept in pieces", st.snap.name());
    st.broker.mark_all_changed();
  }
  flush(self);
}

} // namespace

caf::behavior paper_broker(caf::stateful_actor<paper_broker_actor>* self, paper_broker_args args) {
  auto& st = self->state;
  st.broker = paper_broker_state{args.cfg, args.symbols};
  st.clients = routes{args.env.registry, args.clients};
  st.clk = args.env.clk;
  st.symbols = args.symbols;
  st.snap = snapshotter{args.name, "paper_broker_state", args.env};
  install_worker_exit(self);
  restore(self, args.env);
  // A graceful stop saves and sends what is held back; the books need no snapshot.
  self->set_exit_handler([self](caf::exit_msg& em) {
    flush(self);
    self->quit(em.reason);
  });
  // Liveness for the auditor: a heartbeat per period, from the broker's own mailbox.
  const auto period = args.heartbeat;
  if (!args.auditor.empty() && period.count() > 0) {
    st.auditor = routes{args.env.registry, {args.auditor}};
    self->send(self, slice_atom::value);
  }
  caf::message_handler own{
    [self, period](slice_atom) {
      auto& st = self->state;
      for (auto& a : st.auditor.get())
        if (a)
          self->send(a, heartbeat{st.snap.name(), ++st.heartbeats, st.clk->now_ns()});
      self->delayed_send(self, period, slice_atom::value);
    },
    [self](const order_request& r) {
      publish(self, self->state.broker.on_order(r, self->state.clk->now_ns()));
    },
    [self](const order_cancel& c) {
      publish(self, self->state.broker.on_cancel(c, self->state.clk->now_ns()));
    },
    // Answers reflect the books: what they hold is saved, and sent, first.
    [self](ledger_atom) -> std::string {
      flush(self);
      return self->state.broker.ledger().encode();
    },
    // The books with named fields (GET /api/v1/actors/broker:NAME).
    [self](describe_atom) -> std::string {
      flush(self);
      return view_json(self->state.broker);
    },
    // What the venue holds, after everything sent before the question.
    [self](positions_atom) -> std::vector<position> {
      flush(self);
      std::vector<position> out;
      for (const auto& [symbol, qty] : self->state.broker.ledger().positions())
        if (qty != 0) {
          position p;
          p.symbol = symbol;
          p.qty = qty;
          out.push_back(std::move(p));
        }
      return out;
    },
    [self](const order_query& q) -> order_status {
      flush(self);
      return self->state.broker.on_query(q, self->state.clk->now_ns());
    },
    [self](flush_atom) { flush(self); },
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
