#include "actors/trading/orders/order_manager.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/trading/orders/order_manager_startup.hpp"
#include "actors/trading/orders/order_manager_view.hpp"
#include "actors/trading/orders/orders_checkpoint.hpp"
#include "actors/trading/portfolio/ledger_codec.hpp"
#include "messages/type_ids.hpp"
#include "runtime/metrics.hpp"
#include "runtime/worker.hpp"

namespace tickline {

namespace {

using self_ptr = caf::stateful_actor<order_manager_actor>*;

template <class T>
void send_to(self_ptr self, routes& r, const T& x) {
  for (auto& a : r.get())
    if (a)
      self->send(a, x);
}

void execute(self_ptr self, std::vector<om_action> actions);

node_metrics* metrics_of(const order_manager_actor& st) {
  return st.counters ? st.counters->metrics.get() : nullptr;
}

// Orders that can still fill, for the node's figures.
std::size_t open_orders(const order_manager_state& om) {
  std::size_t n = 0;
  for (const auto& [id, o] : om.orders())
    if (o.state != lifecycle::filled && o.state != lifecycle::cancelled
        && o.state != lifecycle::rejected)
      ++n;
  return n;
}

void defer(self_ptr self, om_effect e);

// Entries whose orders ended, after their last booked fill: the portfolio passes each
// on to the risk supervisor, which stops counting it as pending exposure. One that ended
// without a fill (cancelled by an emergency stop, for want of balance, or never seen by
// the broker after a restart) also frees its symbol for the strategy's next entry:
// nothing else would, as no position will ever close.
void settle_ended_entries(self_ptr self) {
  auto& st = self->state;
  for (const auto& id : st.om.take_ended_entries()) {
    const auto* o = st.om.find(id);
    if (!o)
      continue;
    defer(self, entry_settled{o->spec.intent_id, o->spec.request.symbol, id, o->filled_qty,
                              o->updated_ns});
    if (o->filled_qty > 0)
      continue;
    risk_decision d;
    d.intent_id = o->spec.intent_id;
    d.symbol = o->spec.request.symbol;
    d.verdict = risk_verdict::deny;
    d.reason = "order manager: entry " + id + " ended unfilled (" + o->reason + ")";
    d.ts_ns = o->updated_ns;
    defer(self, std::move(d));
  }
}

void on_status(self_ptr self, const order_status& s) {
  execute(self, self->state.om.on_status(s));
}

// Effects held back at most this many while more messages wait in the mailbox.
constexpr std::size_t max_pending = 512;

// A journaled fill to the portfolio and the watchers (the stream), counted.
void publish_fill(self_ptr self, const booked_fill& f) {
  auto& st = self->state;
  send_to(self, st.portfolio, f);
  send_to(self, st.watchers, f);
  if (st.counters)
    node_counters::add(st.counters->fills);
  if (auto* m = metrics_of(st))
    m->add_fill(f.fill.symbol);
}

// An action's effect, once its record (and every record before it) is durable.
void carry_out(self_ptr self, om_action& a) {
  auto& st = self->state;
  switch (a.kind) {
    case om_action_kind::record:
      break;
    case om_action_kind::send: {
      auto id = a.request.client_order_id;
      send_to(self, st.broker, a.request);
      send_to(self, st.watchers, a.request);
      if (st.counters)
        node_counters::add(st.counters->orders);
      if (auto* m = metrics_of(st))
        m->add_order(a.request.symbol);
      if (spdlog::should_log(spdlog::level::info))
        spdlog::info("order {} {} {} {} qty {}{}", id, to_string(a.request.sd), a.request.symbol,
                     to_string(a.request.type), a.request.qty,
                     a.request.reduce_only ? " reduce-only" : "");
      execute(self, st.om.on_sent(id, st.clk->now_ns()));
      break;
    }
    case om_action_kind::cancel:
      send_to(self, st.broker, a.cancel);
      break;
    case om_action_kind::query:
      for (auto& b : st.broker.get())
        if (b)
          self->request(b, std::chrono::seconds{5}, a.query)
            .then([self](const order_status& s) { on_status(self, s); },
                  [](const caf::error&) {});  // asked again after reconcile_timeout
      break;
    case om_action_kind::refuse: {
      spdlog::warn("order manager refused intent {}: {}", a.reject.client_order_id, a.reject.reason);
      risk_decision d;
      d.intent_id = a.reject.client_order_id;
      d.verdict = risk_verdict::deny;
      d.reason = "order manager: " + a.reject.reason;
      d.ts_ns = a.reject.ts_ns;
      send_to(self, st.strategy, d);
      break;
    }
    case om_action_kind::publish_fill:
      publish_fill(self, st.om.booked(a.synthesized));
      break;
  }
}

// True when an effect acts on the venue (an order or a cancel) or on the books (a fill
// for the portfolio): its records must be on disk first. Acks, statuses, refusals and
// queries change nothing that the venue cannot tell again.
bool needs_sync(const std::vector<om_effect>& effects) {
  for (const auto& e : effects) {
    if (std::holds_alternative<booked_fill>(e))
      return true;
    if (const auto* a = std::get_if<om_action>(&e))
      if (a->kind == om_action_kind::send || a->kind == om_action_kind::cancel
          || a->kind == om_action_kind::publish_fill)
        return true;
  }
  return false;
}

// The state and the ledger as a checkpoint through the journal's last entry, which
// replaces every entry up to it. A failed write changes nothing: the journal still holds
// everything, and the next one is tried after as many records again.
void write_checkpoint(self_ptr self) {
  auto& st = self->state;
  for (const auto& f : st.booked_since)
    st.ledger.on_fill(f);
  st.booked_since.clear();
  st.since_checkpoint = 0;
  const auto through = st.orders->last_seq();
  try {
    const auto start = std::chrono::steady_clock::now();
    // What is over and older than an hour leaves the state with the records it covers.
    const auto retired = st.om.retire_done(st.clk->now_ns() - order_manager_state::retire_after_ns);
    const auto blob = encode_orders_checkpoint(st.om, st.ledger);
    st.orders->checkpoint(through, blob);
    spdlog::info("order manager: journal checkpoint through {} ({} orders, {} retired, {} bytes) in {:.1f} ms",
                 through, st.om.orders().size(), retired, blob.size(),
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                   .count());
  } catch (const std::exception& e) {
    spdlog::error("order manager: journal checkpoint through {} failed: {}", through, e.what());
  }
}

// The order journal cannot be written (a full disk, a read-only directory, an I/O error):
// the order manager fails closed. What waits for the write stays held (nothing is sent
// that the journal does not know), new entries are refused with the reason, and the
// write is tried again every second; exits already at the broker keep working.
void journal_failed(self_ptr self, const std::string& why) {
  auto& st = self->state;
  if (st.journal_error.empty()) {
    st.journal_down_ns = st.clk->now_ns();
    spdlog::error("order manager: the order journal cannot be written ({}): new entries are "
                  "refused; {} record(s) and {} effect(s) wait for the write, tried every second",
                  why, st.pending_records.size(), st.pending_effects.size());
  }
  st.journal_error = why;
  if (!st.retry_queued) {
    st.retry_queued = true;
    self->delayed_send(self, std::chrono::seconds{1}, flush_atom::value);
  }
}

void journal_recovered(self_ptr self) {
  auto& st = self->state;
  spdlog::warn("order manager: the order journal is written again after {:.1f} s; {} held "
               "record(s) written, entries accepted again",
               static_cast<double>(st.clk->now_ns() - st.journal_down_ns) / 1e9,
               st.pending_records.size());
  st.journal_error.clear();
}

// Group commit: one write for every pending record, then the effects held back behind
// them, in the order they were decided. The write is synced when an effect acts on the
// venue or the books (needs_sync); else it goes to the log unsynced, which survives a
// killed process and is made durable by the next synced write (one log, in order). A
// crash before the write leaves nothing sent that the journal does not know; a crash
// after it, an order the broker may not have: the next start asks the broker about it.
// The `sent` records the effects produce wait for the next write (they are optional: a
// restart queries every open order).
void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_queued = false;
  if (st.flushing)
    return;  // the flush under way carries out what was added
  st.flushing = true;
  do {
    if (st.orders && !st.pending_records.empty()) {
      try {
        st.orders->append_all(st.pending_records, needs_sync(st.pending_effects)
                                                      ? durability::synced
                                                      : durability::logged);
      } catch (const storage_error& e) {
        // Nothing that waits for these records is carried out: it stays held, and
        // new entries are refused, until a retry writes it.
        journal_failed(self, e.what());
        st.flushing = false;
        return;
      }
      if (!st.journal_error.empty())
        journal_recovered(self);
      ++st.commits;
      // Here the state is exactly what the journal says: the effects below add records.
      st.since_checkpoint += st.pending_records.size();
      if (st.checkpoint_every > 0 && st.since_checkpoint >= st.checkpoint_every)
        write_checkpoint(self);
    }
    st.pending_records.clear();
    auto effects = std::move(st.pending_effects);
    st.pending_effects.clear();
    for (auto& e : effects) {
      if (auto* a = std::get_if<om_action>(&e)) {
        carry_out(self, *a);
      } else if (auto* f = std::get_if<booked_fill>(&e)) {
        publish_fill(self, *f);
      } else if (auto* done = std::get_if<entry_settled>(&e)) {
        send_to(self, st.portfolio, *done);
      } else {
        send_to(self, st.strategy, std::get<risk_decision>(e));
      }
    }
  } while (!st.pending_effects.empty());
  st.flushing = false;
}

// Arranges the next group commit for what is pending: a flush_atom to the back of the
// mailbox, so that the messages already queued are decided first and share the write
// (while the journal fails, the retry timer's flush_atom does).
void schedule(self_ptr self) {
  auto& st = self->state;
  if (st.flushing || (st.pending_records.empty() && st.pending_effects.empty())
      || !st.journal_error.empty())
    return;
  // No journal, no current message (start-up) or too much held back: write now.
  if (!st.orders || !self->current_mailbox_element() || st.pending_effects.size() >= max_pending) {
    flush(self);
  } else if (!st.flush_queued) {
    st.flush_queued = true;
    self->send(self, flush_atom::value);
  }
}

// Holds `e` back until the records decided before it are durable.
void defer(self_ptr self, om_effect e) {
  self->state.pending_effects.push_back(std::move(e));
  schedule(self);
}

// The records are queued for the next group commit; the effects wait behind them.
// After orders were decided: the exits must still fit the positions they protect. A
// breach is a bug; new entries stop (PAUSED) until an operator has looked.
void check_exits(self_ptr self) {
  auto& st = self->state;
  const auto breaches = st.om.exit_violations(false);
  if (breaches.empty() || st.exits_breached)
    return;
  st.exits_breached = true;
  std::string what;
  for (const auto& b : breaches)
    what += (what.empty() ? "" : "; ") + b;
  spdlog::error("order manager: exit orders break the order path's invariants, entries paused: {}",
                what);
  control_command c;
  c.kind = control_kind::pause;
  c.issuer = "order_manager";
  c.reason = "exit invariants: " + what;
  c.ts_ns = st.clk->now_ns();
  send_to(self, st.risk, c);
}

void execute(self_ptr self, std::vector<om_action> actions) {
  auto& st = self->state;
  bool sent = false;
  for (auto& a : actions) {
    if (st.orders && !a.journal_record.empty())
      st.pending_records.push_back(std::move(a.journal_record));
    sent = sent || a.kind == om_action_kind::send;
    if (a.kind == om_action_kind::publish_fill)
      st.booked_since.push_back(st.om.booked(a.synthesized));  // for the ledger
    if (a.kind != om_action_kind::record)
      st.pending_effects.emplace_back(std::move(a));
  }
  if (sent)
    check_exits(self);
  settle_ended_entries(self);
  schedule(self);
}

// The open-order figure walks every order: at most once a second of clock time.
void refresh_figures(self_ptr self, std::int64_t now_ns) {
  auto& st = self->state;
  // Without a journal (a backtest) there are no checkpoints to retire at: brackets over
  // for retire_after are let go once an hour of data time, so that the bars' walk over
  // the brackets does not grow with the run's history.
  if (!st.orders && now_ns - st.retired_ns >= order_manager_state::retire_after_ns) {
    st.retired_ns = now_ns;
    st.om.retire_done(now_ns - order_manager_state::retire_after_ns);
  }
  if (!st.counters || now_ns - st.figures_ns < 1'000'000'000)
    return;
  st.figures_ns = now_ns;
  st.counters->set_figure("open_orders", static_cast<double>(open_orders(st.om)));
}

// Flattens `symbols` (empty = every position) with orders tagged `reason`: what the
// broker holds, asked for first (its answer comes after the cancels sent before it), so
// that a position the order manager does not know of is closed too and one it wrongly
// believes in is not "closed" into a new one. When the broker does not answer, the order
// manager's own positions are closed and the gap is logged.
void flatten(self_ptr self, const std::vector<std::string>& symbols, const std::string& reason) {
  auto& st = self->state;
  auto broker = st.broker.get().empty() ? caf::actor{} : st.broker.get().front();
  auto own = [self, symbols, reason](const std::string& why) {
    auto& st = self->state;
    spdlog::error("order manager: flatten ({}) without the broker's positions: {}; closing "
                  "its own", reason, why);
    std::vector<position> mine;
    for (const auto& p : st.om.positions())
      if (symbols.empty() || std::find(symbols.begin(), symbols.end(), p.symbol) != symbols.end())
        mine.push_back(p);
    execute(self, st.om.flatten(mine, symbols, reason, st.clk->now_ns()));
  };
  if (!broker)
    return own("no broker is up");
  self->request(broker, caf::duration{std::chrono::seconds{2}}, positions_atom::value)
    .then(
      [self, symbols, reason](const std::vector<position>& held) {
        auto& st = self->state;
        const auto before = st.om.problems_total();
        execute(self, st.om.flatten(held, symbols, reason, st.clk->now_ns()));
        if (st.om.problems_total() != before)
          for (auto i = st.om.problems().size() - std::min<std::size_t>(
                          st.om.problems().size(), st.om.problems_total() - before);
               i < st.om.problems().size(); ++i)
            spdlog::error("order manager: {}", st.om.problems()[i].what);
      },
      [own](const caf::error& e) { own(caf::to_string(e)); });
}

// After a restart has reconciled every open order: do the broker and the order manager
// hold the same? A difference nothing explains stops new entries (or everything).
// Loads the latest checkpoint and replays the journal after it into the state; returns
// the fills booked after the checkpoint, in order, with what each was for (the ledger
// holds those before it). Sets `from_checkpoint` when there was one.
std::vector<booked_fill> replay(self_ptr self, bool& from_checkpoint) {
  auto& st = self->state;
  std::vector<fill> fills;
  std::vector<booked_fill> out;
  if (!st.orders)
    return out;
  std::uint64_t from = 1;
  if (auto c = st.orders->last_checkpoint()) {
    std::string error;
    if (!decode_orders_checkpoint(c->state, st.om, st.ledger, error))
      // The entries it replaced are gone: starting without it would lose orders.
      throw std::runtime_error("order manager: journal " + st.orders->name() + ": " + error);
    from = c->through_seq + 1;
    from_checkpoint = true;
    spdlog::info("order manager: journal checkpoint through {}: {} order(s)", c->through_seq,
                 st.om.orders().size());
  }
  std::size_t n = 0;
  std::size_t records = 0;
  for (const auto& e : st.orders->read_from(from)) {
    ++n;
    record_type type = record_type::session;
    if (!st.om.apply_record(e.payload, &type))
      spdlog::error("order journal entry {} does not apply: {}", e.seq, e.payload);
    // Only what the order manager booked: a repeated execution journaled before repeats
    // were refused, or a fill a synthesized one had covered, moves no other book either.
    if (type == record_type::fill) {
      ++records;
      if (const auto& booked = st.om.last_booked())
        fills.push_back(*booked);
    }
  }
  st.since_checkpoint = n;
  st.om.take_ended_entries();  // history: their notices went out before the restart
  spdlog::info("order manager: replayed {} journal record(s), {} order(s), {} fill(s) booked of {}",
               n, st.om.orders().size(), fills.size(), records);
  for (const auto& f : fills)
    out.push_back(st.om.booked(f));
  st.booked_since = out;
  return out;
}

} // namespace

caf::behavior order_manager(caf::stateful_actor<order_manager_actor>* self,
                            order_manager_args args) {
  auto& st = self->state;
  st.om = order_manager_state{args.cfg};
  st.orders = args.orders;
  st.broker = routes{args.env.registry, {args.broker}};
  st.portfolio = args.trade_log.empty()
                   ? routes{args.env.registry, {args.portfolio}}
                   : routes{args.env.registry, {args.portfolio, args.trade_log}};
  st.strategy = routes{args.env.registry, {args.strategy}};
  st.watchers = routes{args.env.registry, args.watchers};
  st.risk = routes{args.env.registry, {args.risk}};
  st.timeframe_s = args.timeframe_s;
  st.atr_period = args.atr_period;
  st.counters = args.env.counters;
  st.clk = args.env.clk;
  // The journal, not a snapshot, is what the order manager restarts from.
  st.snap = snapshotter{args.name, "order_manager_state",
                        {nullptr, args.env.registry, args.env.counters, args.env.clk, {}}};
  install_worker_exit(self);
  // A graceful stop writes what is held back, and carries it out, before it quits.
  self->set_exit_handler([self](caf::exit_msg& em) {
    flush(self);
    self->quit(em.reason);
  });
  st.ledger = portfolio_state{args.starting_balance};
  st.checkpoint_every = static_cast<std::uint64_t>(std::max<std::int64_t>(0, args.cfg.checkpoint_every));
  bool from_checkpoint = false;
  auto fills = replay(self, from_checkpoint);
  send_to(self, st.portfolio,
          caf::make_message(replay_atom::value,
                            from_checkpoint ? encode_ledger(st.ledger) : std::string{},
                            std::move(fills)));
  auto now = st.clk->now_ns();
  execute(self, st.om.begin_session(now));
  auto plan = st.om.reconcile_plan(now);
  if (!plan.empty())
    spdlog::warn("order manager: session {}: asking the broker about {} order(s) a restart left open",
                 st.om.session(), plan.size());
  execute(self, std::move(plan));
  auto tick = args.tick;
  const bool self_timed = args.self_timed;
  if (self_timed)
    self->delayed_send(self, tick, slice_atom::value);
  caf::message_handler own{
    [self](const order_intent& intent) {
      auto& st = self->state;
      // The store's last write (any writer's, snapshots come often) failed too: an entry
      // accepted now would wait, held, for the disk.
      auto failing = st.journal_error;
      if (failing.empty() && st.orders)
        failing = st.orders->db()->write_error();
      if (!failing.empty()) {
        // Failing closed: nothing journaled, nothing sent; the strategy hears why.
        risk_decision d;
        d.intent_id = intent.intent_id;
        d.verdict = risk_verdict::deny;
        d.reason = "order manager: the order journal cannot be written (" + failing
                   + "): no new entries until it can";
        d.ts_ns = st.clk->now_ns();
        spdlog::warn("order manager refused intent {}: {}", intent.intent_id, d.reason);
        send_to(self, st.strategy, d);
        return;
      }
      execute(self, st.om.on_intent(intent, st.clk->now_ns()));
    },
    [self](const order_ack& a) { execute(self, self->state.om.on_ack(a)); },
    [self](query_atom, std::uint64_t) -> std::string { return orders_json(self->state.om); },
    // The strategy's entry check: of `symbols`, those holding nothing live.
    [self](idle_atom, const std::vector<std::string>& symbols) {
      std::vector<std::string> idle;
      for (const auto& s : symbols)
        if (!self->state.om.holds_live(s))
          idle.push_back(s);
      return idle;
    },
    [self](const order_reject& r) {
      auto& st = self->state;
      spdlog::warn("broker rejected {}: {}", r.client_order_id, r.reason);
      execute(self, st.om.on_reject(r));
      send_to(self, st.watchers, r);
      if (auto* m = metrics_of(st); m && st.om.find(r.client_order_id))
        m->add_reject(st.om.find(r.client_order_id)->spec.request.symbol);
      if (st.counters) {
        node_counters::add(st.counters->rejects);
        if (const auto* o = st.om.find(r.client_order_id); o && o->spec.request.reduce_only)
          node_counters::add(st.counters->exit_rejects);
      }
    },
    [self](const fill& f) {
      auto& st = self->state;
      auto actions = st.om.on_fill(f);
      // What it booked, the portfolio and the trade log book too, once it is journaled:
      // before an entry it ends is settled (execute).
      if (const auto& booked = st.om.last_booked()) {
        auto b = st.om.booked(*booked);
        st.booked_since.push_back(b);
        defer(self, std::move(b));
      }
      execute(self, std::move(actions));
    },
    [self](const order_status& s) { on_status(self, s); },
    [self](cancel_all_atom, const std::string& reason) {
      execute(self, self->state.om.cancel_all(reason, self->state.clk->now_ns()));
    },
    [self](flatten_atom, const std::vector<std::string>& symbols) {
      flatten(self, symbols, symbols.empty() ? "risk: flatten all" : "risk: flatten symbols");
    },
    [self](flatten_atom, const std::vector<std::string>& symbols, const std::string& reason) {
      flatten(self, symbols, reason);
    },
    [self, self_timed](const std::vector<bar>& bars) {
      auto& st = self->state;
      if (!self_timed && !bars.empty()) {
        execute(self, st.om.on_time(bars.back().close_ns));
        refresh_figures(self, bars.back().close_ns);
      }
      for (const auto& b : bars) {
        if (b.timeframe_s != st.timeframe_s)
          continue;
        auto it = st.atrs.try_emplace(b.symbol, st.atr_period).first;
        if (auto a = it->second.update(b.high, b.low, b.close))
          execute(self, st.om.on_bar(b, *a));
      }
    },
    [self](flush_atom) {
      self->state.retry_queued = false;
      flush(self);
    },
    [self, prefix = args.cfg.client_id_prefix, on_mismatch = args.cfg.on_mismatch](
      venue_trades_atom, const std::vector<fill>& trades) {
      om_compare_venue_trades(self, trades, prefix, on_mismatch);
    },
    [self, tick, on_mismatch = args.cfg.on_mismatch](slice_atom) {
      execute(self, self->state.om.on_time(self->state.clk->now_ns()));
      refresh_figures(self, self->state.clk->now_ns());
      om_check_books(self, on_mismatch);
      self->delayed_send(self, tick, slice_atom::value);
    },
  };
  return worker_behavior(self, std::move(own));
}

} // namespace tickline
